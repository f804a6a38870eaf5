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
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from engagement.ratelimit import is_rate_limited
from kumppanuus.text import printable, typed_text

from .models import MESSAGE_MAX_LENGTH, Feedback, FeedbackTopic, Open311ApiKey

DEFAULT_WINDOW_DAYS = 90
MAX_REQUESTS = 1000
SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
REQUEST_FIELDS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
]


class Open311Error(Exception):
    def __init__(self, code, description):
        super().__init__(description)
        self.code = code
        self.description = description


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return printable(str(value))


def render(data, fmt, root, item, status=200):
    if fmt == "json":
        return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    element = ElementTree.Element(root)
    for row in data:
        child = ElementTree.SubElement(element, item)
        for key, value in row.items():
            ElementTree.SubElement(child, key).text = _text(value)
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(element, encoding="utf-8")
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


def error(fmt, code, description):
    return render([{"code": code, "description": description}], fmt, "errors", "error", status=code)


def _iso(value):
    return value.isoformat(timespec="seconds") if value else None


def _language(request):
    locale = request.GET.get("locale") or request.POST.get("locale") or "fi"
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
    value = request.GET.get(name)
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise Open311Error(400, f"{name} must be a W3C date and time, e.g. 2026-01-31T12:00:00+02:00")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def services(request, fmt):
    if request.method != "GET":
        return error(fmt, 405, "Method not allowed")
    topics = FeedbackTopic.objects.filter(locale__language_code=_language(request))
    return render([service_row(topic) for topic in topics], fmt, "services", "service")


@csrf_exempt
def requests(request, fmt):
    try:
        if request.method == "POST":
            return create_request(request, fmt)
        if request.method != "GET":
            raise Open311Error(405, "Method not allowed")
        return list_requests(request, fmt)
    except Open311Error as exc:
        return error(fmt, exc.code, exc.description)


def list_requests(request, fmt):
    queryset = _public()
    ids = request.GET.get("service_request_id")
    if ids:
        try:
            pks = [int(part) for part in ids.split(",") if part.strip()]
        except ValueError as exc:
            raise Open311Error(400, "service_request_id must be a comma-separated list of numbers") from exc
        queryset = queryset.filter(pk__in=pks)
        # The spec: other parameters are ignored when service_request_id is given.
        return render(_rows(queryset.order_by("-created_at")[:MAX_REQUESTS], _language(request)), fmt,
                      "service_requests", "request")
    codes = request.GET.get("service_code")
    if codes:
        queryset = queryset.filter(topic__code__in=[c.strip() for c in codes.split(",") if c.strip()])
    status = request.GET.get("status")
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
    if start is None and end is None:
        end = timezone.now()
        start = end - timedelta(days=DEFAULT_WINDOW_DAYS)
    elif start is None:
        start = end - timedelta(days=DEFAULT_WINDOW_DAYS)
    elif end is None:
        end = start + timedelta(days=DEFAULT_WINDOW_DAYS)
    if end - start > timedelta(days=DEFAULT_WINDOW_DAYS):
        raise Open311Error(400, f"The date range is at most {DEFAULT_WINDOW_DAYS} days")
    queryset = queryset.filter(created_at__gte=start, created_at__lte=end).order_by("-created_at")[:MAX_REQUESTS]
    return render(_rows(queryset, _language(request)), fmt, "service_requests", "request")


def request_detail(request, fmt, pk):
    if request.method != "GET":
        return error(fmt, 405, "Method not allowed")
    feedback = _public().filter(pk=pk).first()
    if feedback is None:
        return error(fmt, 404, f"Service request {pk} not found")
    return render(_rows([feedback], _language(request)), fmt, "service_requests", "request")


def create_request(request, fmt):
    from .services import receive_feedback

    data = request.POST
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
    return render(
        [{"service_request_id": str(feedback.pk), "service_notice": "", "account_id": None}],
        fmt, "service_requests", "request", status=201,
    )
