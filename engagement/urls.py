"""Public URLs of the participation ground under the language prefix (site/urls.py mounts them)."""

from django.urls import path

from . import views

app_name = "engagement"
urlpatterns = [
    path("submissions/<str:token>/", views.submission_status, name="submission_status"),
]
