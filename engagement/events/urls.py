"""Public events URLs under the language prefix (/fi/…, /sv/…): cancelling, the association form."""

from django.urls import path

from . import submissions, views

app_name = "events"
urlpatterns = [
    path("events/cancel/<uuid:token>/", views.cancel_signup, name="cancel"),
    path("events/confirm/<uuid:token>/", views.confirm_signup, name="confirm"),
    path("events/submit/", views.submit_event, name="submit"),
    path("events/submissions/<str:token>/", submissions.manage_submission, name="manage_submission"),
]
