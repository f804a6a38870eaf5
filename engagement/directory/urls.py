"""The association form's stable addresses under the language prefix (/fi/…, /sv/…): redirects to the
form page (AssociationFormPage), so that links in emails already sent keep working."""

from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("associations/submit/", views.association_form, name="association_form"),
    path("associations/confirm/<str:token>/", views.association_confirm, name="association_confirm"),
]
