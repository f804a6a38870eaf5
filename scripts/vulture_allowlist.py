"""Names that scripts/unused_code.py does not report, each with why: what a framework calls by name
without this code calling it (the decorators, templates and dotted strings it already sees)."""

ALLOWED = {
    # Django's cache API, overridden in kumppanuus.redis_cache.ResilientRedisCache.
    "has_key": "cache API",
    "touch": "cache API",
    "set_many": "cache API",
    "delete_many": "cache API",
    # A model only its page reaches, through the InlinePanel "documents" (ParentalKey related name).
    "ConsultationDocument": "consultations: a page's documents",
}
