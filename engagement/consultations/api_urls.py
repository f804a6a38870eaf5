"""Language-neutral consultations URLs: the JSON API and the iCal feed of deadlines."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("api/consultations/", api.ConsultationList.as_view(), name="consultations_api"),
    path("api/consultations/comments/", api.CommentList.as_view(), name="consultations_comments_api"),
    path("consultations/feeds/<str:language>/deadlines.ics", views.deadlines_feed, name="consultations_deadlines"),
]
