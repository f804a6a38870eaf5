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
    # TEMPORARY: dead code in the modules, which other helpers restructure (their branch deletes it,
    # or the lead after merging them).
    "is_online": "events: EventPage.is_online",
    "localized_event_pages": "events: engagement/events/models.py",
    "visible_to": "routing (deleted there): FeedbackQuerySet.visible_to",
    "public_events": "routing (deleted there): Feedback.public_events",
    "topic_for_code": "lead, after routing: engagement/feedback/services.py",
    "has_answer": "lead, after routing: Proposal.has_answer (no template or code reads it)",
    "delete_pages_below_homes": "demo (deleted there): home/demo/helpers.py",
}
