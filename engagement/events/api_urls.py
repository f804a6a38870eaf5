"""Language-neutral events URLs: .ics files, calendar feeds, the Atom feed and the JSON API."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("events/<int:pk>.ics", views.event_ics, name="event_ics"),
    path("events/feeds/<str:language>/all.ics", views.calendar_feed, name="events_calendar"),
    path(
        "events/feeds/<str:language>/association/<uuid:association>.ics",
        views.calendar_feed,
        name="events_calendar_association",
    ),
    path("events/feeds/<str:language>/category/<slug:category>.ics", views.calendar_feed, name="events_calendar_category"),
    path("events/feeds/<str:language>/new.atom", views.NewEventsFeed(), name="events_atom"),
    path("api/events/", api.EventList.as_view(), name="events_api"),
]
