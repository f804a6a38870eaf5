"""Public content URLs under the language prefix, besides the page tree."""

from django.urls import path

from home import views

app_name = "home"
urlpatterns = [
    path("contacts/<int:pk>/vcard/", views.contact_vcard, name="contact_vcard"),
]
