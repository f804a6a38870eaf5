"""Shared participation URLs under the language prefix (/fi/…, /sv/…)."""

from django.urls import path

from . import moderation

app_name = "engagement"
urlpatterns = [
    path("submissions/<str:token>/", moderation.submission_status, name="submission_status"),
]
