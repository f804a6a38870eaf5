"""Language-neutral feedback URLs: the Open311 GeoReport v2 API, each endpoint in JSON and in XML."""

from django.urls import path

from . import open311

urlpatterns = [
    route
    for fmt in ("json", "xml")
    for route in (
        path(f"open311/v2/services.{fmt}", open311.ServiceList.as_view(), {"format": fmt}, name=f"open311_services_{fmt}"),
        path(f"open311/v2/requests.{fmt}", open311.RequestList.as_view(), {"format": fmt}, name=f"open311_requests_{fmt}"),
        path(
            f"open311/v2/requests/<int:pk>.{fmt}", open311.RequestDetail.as_view(), {"format": fmt},
            name=f"open311_request_{fmt}",
        ),
    )
]
