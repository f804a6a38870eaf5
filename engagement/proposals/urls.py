"""Public proposals URLs under the language prefix (/fi/…, /sv/…): the links sent by email."""

from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("proposals/support/confirm/<str:token>/", views.confirm_support, name="confirm_support"),
    path("proposals/support/withdraw/<uuid:token>/", views.withdraw_support, name="withdraw_support"),
    path("proposals/follow/confirm/<str:token>/", views.confirm_follow, name="confirm_follow"),
    path("proposals/follow/stop/<uuid:token>/", views.unfollow, name="unfollow"),
    path("proposals/private/<uuid:token>/", views.private, name="private"),
]
