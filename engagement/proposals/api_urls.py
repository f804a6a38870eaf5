"""Language-neutral proposals URLs: a JSON feed of published proposals with their support counts."""

from django.urls import path

from . import views

urlpatterns = [
    path("api/proposals/", views.api_proposals, name="proposals_api"),
]
