"""Language-neutral feedback URLs: the Open311 GeoReport v2 API."""

from django.urls import re_path

from . import open311

urlpatterns = [
    re_path(r"^open311/v2/services\.(?P<fmt>json|xml)$", open311.services, name="open311_services"),
    re_path(r"^open311/v2/requests\.(?P<fmt>json|xml)$", open311.requests, name="open311_requests"),
    re_path(r"^open311/v2/requests/(?P<pk>\d+)\.(?P<fmt>json|xml)$", open311.request_detail, name="open311_request"),
]
