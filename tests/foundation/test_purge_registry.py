"""Every model, Wagtail's and third parties' included, and what its saves and deletes purge from the page
cache (kumppanuus.pagecache.classify). A model added anywhere makes this fail until someone decides: declare
what it shows on (`pagecache.declare`), ignore it with a reason (`pagecache.ignore`), or let it clear every
page (the default, so a forgotten model never leaves a page stale)."""

from django.apps import apps

from kumppanuus import pagecache

# The page rule (pagecache.page_targets): the page in every language, its parent, the home pages, search,
# the sitemap and the pages that refer to it; a home page or a main-menu page: everything. Extras declared
# by a module come on top (events: the organiser's pages, the feeds, the API).
PAGES = {
    "consultations.consultationindexpage": 0,
    "consultations.consultationpage": 1,  # the consultations API and deadline calendars
    "directory.associationformpage": 0,
    "events.eventindexpage": 0,
    "events.eventpage": 1,  # the organiser's pages, the events API and feeds, its .ics
    "feedback.feedbackpage": 0,
    "home.associationindexpage": 0,
    "home.associationpage": 1,  # the events pages and feeds name organisers
    "home.contactindexpage": 0,
    "home.contentpage": 0,
    "home.homepage": 0,
    "home.influencechannelindexpage": 0,
    "home.influencechannelpage": 0,
    "proposals.proposalindexpage": 0,
    "wagtailcore.page": 0,
}
DECLARED = {
    "consultations.answer": "the consultation's pages in every language, their comment lists, the API",
    "consultations.comment": "the consultation's pages in every language, their comment lists, the API",
    "consultations.sectionsummary": "the consultation's pages in every language, their comment lists, the API",
    "events.signup": "the event's page in every language (no listing shows places)",
    "feedback.feedback": "nothing, unless its answer is (or was) published: the answered pages and Open311",
    "proposals.proposal": "its page under every proposals page, those listings, the API",
    "proposals.support": "its proposal's page under every proposals page, those listings, the API",
}
# Shown on every page, or rare staff edits shown in many places: clearing everything is the right cost.
PURGE_ALL = {
    "consultations.consultationtheme", "events.eventcategory", "feedback.feedbacktopic", "home.associationcategory",
    "home.contactperson", "home.department", "home.footer", "home.sitesettings", "proposals.proposalstate",
    "proposals.proposaltheme", "taggit.tag", "taggit.taggeditem", "wagtailcore.locale",
    "wagtailcore.pageviewrestriction", "wagtailcore.site", "wagtaildocs.document", "wagtailimages.image",
    "wagtailsearchpromotions.searchpromotion",
}
IGNORED = {
    "admin.logentry", "auth.group", "auth.permission", "auth.user", "axes.accessattempt",
    "axes.accessattemptexpiration", "axes.accessfailurelog", "axes.accesslog", "captcha.captchastore",
    "consultations.commentagreement", "consultations.commentreport", "consultations.consultationcontact",
    "consultations.consultationdocument", "consultations.consultationsection", "contenttypes.contenttype",
    "django_tasks_database.dbtaskresult", "engagement.outgoingemail", "engagement.pagesubmission",
    "engagement.submissionreceipt", "events.eventsignupcounter", "feedback.feedbackevent", "feedback.open311apikey",
    "home.associationconfirmation", "home.channelcontact", "privacy.privacylogentry", "proposals.follower",
    "sessions.session", "wagtail_localize.localesynchronization", "wagtail_localize.overridablesegment",
    "wagtail_localize.relatedobjectsegment", "wagtail_localize.segmentoverride", "wagtail_localize.string",
    "wagtail_localize.stringsegment", "wagtail_localize.stringtranslation", "wagtail_localize.template",
    "wagtail_localize.templatesegment", "wagtail_localize.translatableobject", "wagtail_localize.translation",
    "wagtail_localize.translationcontext", "wagtail_localize.translationlog", "wagtail_localize.translationsource",
    "wagtailadmin.admin", "wagtailadmin.editingsession", "wagtailadmin.formstate", "wagtailcore.collection",
    "wagtailcore.collectionviewrestriction", "wagtailcore.comment", "wagtailcore.commentreply",
    "wagtailcore.groupapprovaltask", "wagtailcore.groupcollectionpermission", "wagtailcore.grouppagepermission",
    "wagtailcore.groupsitepermission", "wagtailcore.modellogentry", "wagtailcore.pagelogentry",
    "wagtailcore.pagesubscription", "wagtailcore.referenceindex", "wagtailcore.revision", "wagtailcore.task",
    "wagtailcore.taskstate", "wagtailcore.uploadedfile", "wagtailcore.workflow", "wagtailcore.workflowcontenttype",
    "wagtailcore.workflowpage", "wagtailcore.workflowstate", "wagtailcore.workflowtask", "wagtailembeds.embed",
    "wagtailforms.formsubmission", "wagtailimages.rendition", "wagtailredirects.redirect",
    "wagtailsearch.indexentry", "wagtailsearch.sqliteftsindexentry", "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.querydailyhits", "wagtailusers.userprofile",
}


# Models that exist on one database only (Wagtail's SQLite full-text index).
DATABASE_SPECIFIC = {"wagtailsearch.sqliteftsindexentry"}


def classified():
    return {model._meta.label_lower: pagecache.classify(model) for model in apps.get_models()}


def test_every_model_is_classified_as_listed_here():
    found = classified()
    listed = {*PAGES, *DECLARED, *PURGE_ALL, *IGNORED}
    assert len(listed) == len(PAGES) + len(DECLARED) + len(PURGE_ALL) + len(IGNORED)  # each model once
    assert sorted(set(found) - listed) == [], "new models: classify them here and in their module"
    assert sorted(listed - set(found) - DATABASE_SPECIFIC) == [], "models that are gone: remove them here"
    assert {label: (kind, len(detail)) for label, (kind, detail) in found.items() if kind == "page"} == {
        label: ("page", extras) for label, extras in PAGES.items()
    }
    assert {label for label, (kind, _detail) in found.items() if kind == "declared"} == set(DECLARED)
    assert {label for label, (kind, _detail) in found.items() if kind == "purge all"} == PURGE_ALL
    assert {label for label, (kind, _detail) in found.items() if kind == "ignored"} == IGNORED & set(found)


def test_every_ignored_model_says_why():
    reasons = {label: detail for label, (kind, detail) in classified().items() if kind == "ignored"}
    assert all(isinstance(reason, str) and len(reason) > 10 for reason in reasons.values()), reasons


def test_a_model_nobody_classified_clears_everything():
    class Unlisted:
        class _meta:  # noqa: N801 - the shape of a model's options
            label_lower = "newapp.newmodel"
            app_label = "newapp"

    assert pagecache.classify(Unlisted) == ("purge all", None)
