"""Language-neutral proposals URLs: the JSON API of published initiatives with their support counts."""

from django.urls import path

from . import api

urlpatterns = [
    path("api/proposals/", api.ProposalList.as_view(), name="proposals_api"),
]
