"""Names that scripts/unused_code.py does not report, each with why: what a framework calls by name
without this code calling it (the decorators, templates and dotted strings it already sees).

TEMPORARY entries name the issue 14 helper whose branch removes or starts using the code; the lead
deletes them after merging it."""

ALLOWED = {
    # Django's cache API, overridden in kumppanuus.redis_cache.ResilientRedisCache.
    "has_key": "cache API",
    "touch": "cache API",
    "set_many": "cache API",
    "delete_many": "cache API",
    # TEMPORARY: routing's page types use engagement.views.PublicFormRoutes.
    "PublicFormRoutes": "routing",
    "serve_public_form": "routing",
    # TEMPORARY: dead code in the modules, deleted by the helpers that restructure them.
    "is_online": "events: EventPage.is_online",
    "localized_event_pages": "events: engagement/events/models.py",
    "visible_to": "routing: FeedbackQuerySet.visible_to",
    "public_events": "routing: Feedback.public_events",
    "topic_for_code": "routing: engagement/feedback/services.py",
    "has_answer": "routing: Proposal.has_answer",
    "delete_pages_below_homes": "demo: home/demo/helpers.py",
}
