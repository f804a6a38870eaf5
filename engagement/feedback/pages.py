"""The public feedback page: the form, and each topic's promised and real reply time."""

from django.conf import settings
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField

from engagement.views import PublicFormRoutes
from home.caching import locale_language
from home.models.pages import BasePage

from .caching import medians, topics_for
from .forms import FeedbackForm
from .services import receive_feedback


class FeedbackPage(PublicFormRoutes, BasePage):
    """The feedback form; also shows each topic's promised and real reply time."""

    privacy_text = RichTextField(
        _("privacy text"), blank=True, features=["bold", "italic", "link"],
        help_text=_("Shown above the send button. Leave empty for the standard text."),
    )
    privacy_notice = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("privacy notice"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = BasePage.content_panels + [FieldPanel("privacy_text"), FieldPanel("privacy_notice")]
    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "feedback/feedback_page.html"

    class Meta:
        verbose_name = _("feedback page")
        verbose_name_plural = _("feedback pages")

    def form_call_to_action(self, request=None):
        """(button text, URL) for an influence channel whose form this is."""
        return str(_("Give feedback")), self.get_url(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reply_medians = medians()
        topics = topics_for(self.locale_id)
        for topic in topics:
            topic.median_days = reply_medians.get(topic.translation_key)
        context["topics"] = topics
        context["retention_days"] = settings.FEEDBACK_RETENTION_DAYS
        return context

    @path("", name="form")
    def form(self, request):
        return self.serve_public_form(
            request,
            form_class=FeedbackForm,
            form_kwargs={"locale_id": self.locale_id},
            on_valid=lambda form: self.received(request, form),
        )

    def received(self, request, form):
        language = locale_language(self.locale_id)[:2]
        feedback, _created = form.store_once(lambda: receive_feedback(form.cleaned_payload, language))
        return TemplateResponse(
            request, "feedback/feedback_received.html", {"page": self, "self": self, "feedback": feedback}
        )
