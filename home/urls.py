"""Public content URLs under the language prefix, besides the page tree."""

from django.urls import path

from engagement import moderation

app_name = "home"
urlpatterns = [
    path("submissions/<str:token>/", moderation.submission_status, name="submission_status"),
]
