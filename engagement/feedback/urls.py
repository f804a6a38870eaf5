"""Public feedback URLs under the language prefix (/fi/…, /sv/…)."""

from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("feedback/track/<uuid:token>/", views.track, name="track"),
    path("feedback/answered/", views.answered, name="answered"),
]
