"""Open311 GeoReport v2: the API Finnish cities' feedback services speak.

GET shows only feedback that staff published with its answer (the "publish" tick, which needs the
resident's consent), never what has only been consented to and not yet reviewed, and never personal
data. Text is written as stored (angle brackets escaped by the JSON and XML writers); characters that
XML 1.0 cannot hold are left out of the XML.
Our statuses map to `open` (received, in progress) and `closed` (answered, closed); `status_notes`
is the public answer. POST needs an API key that staff issue in the admin.
"""

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from engagement.ratelimit import is_rate_limited
from kumppanuus.text import printable, typed_text

from .models import MESSAGE_MAX_LENGTH, Feedback, FeedbackTopic, Open311ApiKey
from .services import receive_feedback

DEFAULT_WINDOW_DAYS = 90
MAX_REQUESTS = 1000


class Open311Error(Exception):
    def __init__(self, code, description):
        super().__init__(description)
        self.code = code
        self.description = description


def _iso(value):
    return value.isoformat(timespec="seconds") if value else None


def _language(request):
    locale = request.query_params.get("locale") or (request.data.get("locale") if request.method == "POST" else "")
    locale = locale or "fi"
    return "sv" if locale.lower().startswith("sv") else "fi"


def _topics(language):
    return {topic.translation_key: topic for topic in FeedbackTopic.objects.filter(locale__language_code=language)}


def service_row(topic):
    return {
        "service_code": topic.code,
        "service_name": topic.name,
        "description": topic.description,
        "metadata": False,
        "type": "realtime",
        "keywords": "accessibility" if topic.is_accessibility else "",
        "group": "",
    }


def request_row(feedback, topic):
    is_open = feedback.status in Feedback.OPEN_STATUSES
    return {
        "service_request_id": str(feedback.pk),
        "status": "open" if is_open else "closed",
        "status_notes": feedback.public_answer if feedback.answer_published else "",
        "service_name": topic.name,
        "service_code": topic.code,
        "description": feedback.message,
        "agency_responsible": "",
        "service_notice": "",
        "requested_datetime": _iso(feedback.created_at),
        "updated_datetime": _iso(feedback.updated_at),
        "expected_datetime": _iso(feedback.due_at) if is_open else None,
        "address": feedback.place,
        "address_id": "",
        "zipcode": "",
        "lat": float(feedback.lat) if feedback.lat is not None else None,
        "long": float(feedback.long) if feedback.long is not None else None,
        "media_url": "",
    }


def _rows(queryset, language):
    topics = _topics(language)
    return [request_row(f, topics.get(f.topic.translation_key, f.topic)) for f in queryset]


def _public():
    return Feedback.objects.published().select_related("topic")


def _date(request, name):
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
        if parsed is not None and timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
    except (ValueError, OverflowError):
        parsed = None  # well-formed but no such moment (a 13th month)
    if parsed is None:
        raise Open311Error(400, f"{name} must be a W3C date and time, e.g. 2026-01-31T12:00:00+02:00")
    return parsed




# --- Shapes (what the JSON and XML carry, and the OpenAPI document describes) ------------------------


class ServiceSerializer(serializers.Serializer):
    service_code = serializers.CharField(help_text="The topic's code: `service_code` of a request.")
    service_name = serializers.CharField(help_text="The topic's name in the `locale`'s language.")
    description = serializers.CharField(help_text="What the topic covers.")
    metadata = serializers.BooleanField(help_text="Always false: no extra attributes.")
    type = serializers.CharField(help_text="Always `realtime`.")
    keywords = serializers.CharField(help_text="`accessibility` for accessibility feedback, else empty.")
    group = serializers.CharField(help_text="Always empty.")


class RequestSerializer(serializers.Serializer):
    service_request_id = serializers.CharField(help_text="The feedback's number.")
    status = serializers.ChoiceField(choices=["open", "closed"], help_text="`open` (received, in progress) or `closed`.")
    status_notes = serializers.CharField(help_text="The municipality's public answer.")
    service_name = serializers.CharField(help_text="The topic's name in the `locale`'s language.")
    service_code = serializers.CharField(help_text="The topic's code.")
    description = serializers.CharField(help_text="The feedback as the resident wrote it.")
    agency_responsible = serializers.CharField(help_text="Always empty.")
    service_notice = serializers.CharField(help_text="Always empty.")
    requested_datetime = serializers.DateTimeField(help_text="When it was sent.")
    updated_datetime = serializers.DateTimeField(help_text="When it last changed.")
    expected_datetime = serializers.DateTimeField(allow_null=True, help_text="When an answer is due; null once closed.")
    address = serializers.CharField(help_text="The place, as written.")
    address_id = serializers.CharField(help_text="Always empty.")
    zipcode = serializers.CharField(help_text="Always empty.")
    lat = serializers.FloatField(allow_null=True, help_text="Latitude (WGS 84), or null.")
    long = serializers.FloatField(allow_null=True, help_text="Longitude (WGS 84), or null.")
    media_url = serializers.CharField(help_text="Always empty.")


class CreateRequestSerializer(serializers.Serializer):
    """The form fields of a new service request (documentation only: the view reads them itself)."""

    api_key = serializers.CharField(help_text="A key the municipality's staff issued (admin: Open311 API keys).")
    service_code = serializers.CharField(help_text="A `service_code` from services.json.")
    description = serializers.CharField(max_length=MESSAGE_MAX_LENGTH, help_text="The feedback.")
    lat = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, help_text="Latitude; with `long`.")
    long = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, help_text="Longitude; with `lat`.")
    address_string = serializers.CharField(required=False, help_text="The place, when there are no coordinates.")
    address_id = serializers.CharField(required=False, help_text="The place as an identifier.")
    email = serializers.EmailField(required=False, help_text="Where the answer is sent.")
    first_name = serializers.CharField(required=False, help_text="The sender's first name (never published).")
    last_name = serializers.CharField(required=False, help_text="The sender's last name (never published).")
    phone = serializers.CharField(required=False, help_text="The sender's phone number (never published).")
    locale = serializers.CharField(required=False, help_text="`fi` (default) or `sv`: the language of the feedback.")


class CreatedSerializer(serializers.Serializer):
    service_request_id = serializers.CharField(help_text="The new feedback's number.")
    service_notice = serializers.CharField(help_text="Always empty.")
    account_id = serializers.CharField(allow_null=True, help_text="Always null.")


class ErrorSerializer(serializers.Serializer):
    code = serializers.IntegerField(help_text="The HTTP status.")
    description = serializers.CharField(help_text="What was wrong, in English.")


# --- Renderers: the format is the address's suffix (.json or .xml) ----------------------------------


class Open311JSONRenderer(JSONRenderer):
    format = "json"


class Open311XMLRenderer(BaseRenderer):
    """GeoReport v2 XML: `<services><service>…`, `<service_requests><request>…`, `<errors><error>…`; one
    element per field, true/false for booleans, empty for null, no character XML 1.0 cannot hold."""

    media_type = "text/xml"
    format = "xml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        root, item = getattr(response, "xml_names", ("errors", "error"))
        element = ElementTree.Element(root)
        for row in data:
            child = ElementTree.SubElement(element, item)
            for key, value in row.items():
                ElementTree.SubElement(child, key).text = _text(value)
        return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(element, encoding="utf-8")


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return printable(str(value))


class FormatFromAddress(DefaultContentNegotiation):
    """The suffix decides, whatever the Accept header says (GeoReport v2 clients rarely send one)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        for renderer in renderers:
            if renderer.format == format_suffix:
                return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)


def open311_response(data, root, item, status=200):
    response = Response(data, status=status)
    response.xml_names = (root, item)
    return response


def error(code, description):
    return open311_response([{"code": code, "description": description}], "errors", "error", status=code)


def open311_exception_handler(exc, _context):
    """Every error in the spec's shape, in the address's format: ours, and the framework's (405, 415…)."""
    if isinstance(exc, Open311Error):
        return error(exc.code, exc.description)
    if isinstance(exc, Http404):
        return error(404, "Not found")
    if isinstance(exc, APIException):
        detail = exc.detail if isinstance(exc.detail, str) else exc.default_detail
        return error(exc.status_code, str(detail))
    return None


class Open311Schema(AutoSchema):
    """The OpenAPI document describes the .json addresses; the .xml twins are left out of it."""

    def map_renderers(self, attribute):
        return [Open311JSONRenderer.media_type if attribute == "media_type" else Open311JSONRenderer.format]


class Open311View(APIView):
    schema = Open311Schema()
    renderer_classes = [Open311JSONRenderer, Open311XMLRenderer]
    parser_classes = [FormParser, MultiPartParser]
    content_negotiation_class = FormatFromAddress
    metadata_class = None  # OPTIONS is 405 like any other method not in the spec (CORS preflights are answered before)

    def get_exception_handler(self):
        return open311_exception_handler

    @property
    def default_response_headers(self):
        return {"Allow": ", ".join(self.allowed_methods)}  # no "Vary: Accept": the address decides the format


ERRORS = {400: OpenApiResponse(ErrorSerializer(many=True), description="Bad parameters (the spec's error list).")}
LOCALE = OpenApiParameter("locale", str, description="`fi` (default) or `sv`: the language of topic names.")


# --- Endpoints ---------------------------------------------------------------------------------------


class ServiceList(Open311View):
    @extend_schema(
        tags=["open311"], operation_id="open311_services", summary="Open311: services",
        description="The feedback topics, as GeoReport v2 services. The same in XML at services.xml.",
        parameters=[LOCALE], responses=ServiceSerializer(many=True),
    )
    def get(self, request, format=None):  # noqa: A002 - REST framework's name for the address's suffix
        topics = FeedbackTopic.objects.filter(locale__language_code=_language(request))
        data = ServiceSerializer([service_row(topic) for topic in topics], many=True).data
        return open311_response(data, "services", "service")


class RequestList(Open311View):
    @extend_schema(
        tags=["open311"], operation_id="open311_requests", summary="Open311: service requests",
        description=(
            "Feedback that staff published with its answer (never personal data), newest first, at most "
            f"{MAX_REQUESTS}, from the last {DEFAULT_WINDOW_DAYS} days unless `start_date`/`end_date` say "
            f"otherwise (a range of at most {DEFAULT_WINDOW_DAYS} days). The same in XML at requests.xml."
        ),
        parameters=[
            OpenApiParameter("service_request_id", str, description="Comma-separated numbers; the other filters are then ignored."),
            OpenApiParameter("service_code", str, description="Comma-separated topic codes."),
            OpenApiParameter("status", str, description="`open`, `closed` or `open,closed`."),
            OpenApiParameter("start_date", OpenApiTypes.DATETIME, description="W3C date and time, e.g. 2026-01-31T12:00:00+02:00."),
            OpenApiParameter("end_date", OpenApiTypes.DATETIME, description="W3C date and time."),
            LOCALE,
        ],
        responses={200: RequestSerializer(many=True), **ERRORS},
    )
    def get(self, request, format=None):  # noqa: A002
        return list_requests(request)

    @extend_schema(
        tags=["open311"], operation_id="open311_create_request", summary="Open311: send a service request",
        description="New feedback from another system, with an API key. The same in XML at requests.xml.",
        parameters=[],
        request={"application/x-www-form-urlencoded": CreateRequestSerializer, "multipart/form-data": CreateRequestSerializer},
        responses={
            201: CreatedSerializer(many=True), **ERRORS,
            403: OpenApiResponse(ErrorSerializer(many=True), description="No API key, or not a valid one."),
            404: OpenApiResponse(ErrorSerializer(many=True), description="No such service_code."),
            429: OpenApiResponse(ErrorSerializer(many=True), description="Too many requests."),
        },
    )
    def post(self, request, format=None):  # noqa: A002
        return create_request(request)


class RequestDetail(Open311View):
    @extend_schema(
        tags=["open311"], operation_id="open311_request", summary="Open311: one service request",
        description="One published request, as a list of one. The same in XML at requests/{id}.xml.",
        parameters=[LOCALE],
        responses={
            200: RequestSerializer(many=True),
            404: OpenApiResponse(ErrorSerializer(many=True), description="Not published, or no such request."),
        },
    )
    def get(self, request, pk, format=None):  # noqa: A002
        feedback = _public().filter(pk=pk).first() if pk <= MAX_ID else None
        if feedback is None:
            raise Open311Error(404, f"Service request {pk} not found")
        return open311_response(_requests(_rows([feedback], _language(request))), "service_requests", "request")


# The largest number a request can have (a 64-bit key).
MAX_ID = 2**63 - 1


def _requests(rows):
    return RequestSerializer(rows, many=True).data


def list_requests(request):
    queryset = _public()
    ids = request.query_params.get("service_request_id")
    if ids:
        try:
            pks = [int(part) for part in ids.split(",") if part.strip()]
        except ValueError as exc:
            raise Open311Error(400, "service_request_id must be a comma-separated list of numbers") from exc
        pks = [pk for pk in pks if 0 < pk <= MAX_ID]  # no request has a larger number; SQLite would overflow
        queryset = queryset.filter(pk__in=pks)
        # The spec: other parameters are ignored when service_request_id is given.
        rows = _rows(queryset.order_by("-created_at")[:MAX_REQUESTS], _language(request))
        return open311_response(_requests(rows), "service_requests", "request")
    codes = request.query_params.get("service_code")
    if codes:
        queryset = queryset.filter(topic__code__in=[c.strip() for c in codes.split(",") if c.strip()])
    status = request.query_params.get("status")
    if status:
        wanted = {s.strip() for s in status.split(",")}
        if not wanted <= {"open", "closed"}:
            raise Open311Error(400, "status must be open, closed or both")
        if wanted == {"open"}:
            queryset = queryset.filter(status__in=Feedback.OPEN_STATUSES)
        elif wanted == {"closed"}:
            queryset = queryset.exclude(status__in=Feedback.OPEN_STATUSES)
    start, end = _date(request, "start_date"), _date(request, "end_date")
    if start and end and start > end:
        raise Open311Error(400, "start_date must be before end_date")
    try:
        if start is None and end is None:
            end = timezone.now()
            start = end - timedelta(days=DEFAULT_WINDOW_DAYS)
        elif start is None:
            start = end - timedelta(days=DEFAULT_WINDOW_DAYS)
        elif end is None:
            end = start + timedelta(days=DEFAULT_WINDOW_DAYS)
    except OverflowError as exc:
        raise Open311Error(400, "start_date and end_date must be within the calendar") from exc
    if end - start > timedelta(days=DEFAULT_WINDOW_DAYS):
        raise Open311Error(400, f"The date range is at most {DEFAULT_WINDOW_DAYS} days")
    queryset = queryset.filter(created_at__gte=start, created_at__lte=end).order_by("-created_at")[:MAX_REQUESTS]
    return open311_response(_requests(_rows(queryset, _language(request))), "service_requests", "request")


def create_request(request):
    data = request.data if isinstance(request.data, QueryDict) else QueryDict()  # no form sent: nothing
    if any("\x00" in value for _name, values in data.lists() for value in values):
        raise Open311Error(400, "Parameters must not contain NUL characters")
    key = data.get("api_key", "")
    if not key:
        raise Open311Error(403, "api_key is required")
    if not Open311ApiKey.objects.filter(key=key, active=True).exists():
        raise Open311Error(403, "Invalid api_key")
    if is_rate_limited(request, "feedback:open311"):
        raise Open311Error(429, "Too many requests")
    code = data.get("service_code", "")
    if not code:
        raise Open311Error(400, "service_code is required")
    language = _language(request)
    topic = (FeedbackTopic.objects.filter(code=code, locale__language_code=language).first()
             or FeedbackTopic.objects.filter(code=code).first())
    if topic is None:
        raise Open311Error(404, f"Service {code} not found")
    description = typed_text(data.get("description", ""), multiline=True).strip()
    if not description:
        raise Open311Error(400, "description is required")
    if len(description) > MESSAGE_MAX_LENGTH:
        raise Open311Error(400, f"description must be at most {MESSAGE_MAX_LENGTH} characters")
    lat = long = None
    if data.get("lat") or data.get("long"):
        try:
            lat, long = Decimal(data["lat"]), Decimal(data["long"])
        except (KeyError, InvalidOperation) as exc:
            raise Open311Error(400, "lat and long must both be decimal degrees") from exc
        if not (-90 <= lat <= 90 and -180 <= long <= 180):
            raise Open311Error(400, "lat and long must both be decimal degrees")
        lat, long = round(lat, 6), round(long, 6)
    address = typed_text(data.get("address_string", ""), multiline=False).strip()[:200]
    if lat is None and not address and not data.get("address_id"):
        raise Open311Error(400, "A location is required: lat and long, address_string or address_id")
    email = data.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise Open311Error(400, "email is not a valid address") from exc
    name = typed_text(" ".join(part for part in (data.get("first_name", ""), data.get("last_name", "")) if part),
                      multiline=False).strip()[:150]
    feedback = receive_feedback(
        {
            "topic": topic, "message": description, "place": address or typed_text(data.get("address_id", ""), multiline=False)[:200],
            "lat": lat, "long": long, "name": name, "email": email[:254], "phone": typed_text(data.get("phone", ""), multiline=False)[:40],
            "wants_reply": bool(email), "publish_consent": False,
        },
        language,
        channel=Feedback.Channel.API,
    )
    created = CreatedSerializer([{"service_request_id": str(feedback.pk), "service_notice": "", "account_id": None}], many=True)
    return open311_response(created.data, "service_requests", "request", status=201)
