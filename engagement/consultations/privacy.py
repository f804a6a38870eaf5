"""Consultations' personal data for the privacy tools (engagement/privacy/): a commenter's comments,
found by the email they left. Erasing takes the comments off the page for good and empties their text,
nickname and email (services.erase_comments); answers to questions stay in the results, anonymous."""

from django.utils.translation import gettext_lazy as _

from engagement.privacy.registry import Kind, iso, register

from .models import Comment
from .services import erase_comments


@register
class CommentKind(Kind):
    key = "consultation_comments"
    order = 40
    label = _("Comments on consultations")
    erase_text = _(
        "The comments are removed from the consultation page, and their text, nickname and email are emptied. "
        "Answers to the questions stay in the results without anything that says whose they are."
    )
    fields = {"consultations.Comment": ("text", "nickname", "email", "reply", "moderation_note")}
    admin_view = ("consultations_comment:edit", "consultations.change_comment")

    def find(self, email):
        return list(
            Comment.objects.filter(email__iexact=email).select_related("consultation", "section").order_by("created_at", "pk")
        )

    def describe(self, obj):
        return str(obj.consultation), obj.created_at, obj.language

    def export(self, obj):
        return {
            "id": obj.pk,
            "consultation": obj.consultation.title,
            "section": obj.section.heading if obj.section_id else "",
            "created_at": iso(obj.created_at),
            "language": obj.language,
            "text": obj.text,
            "nickname": obj.nickname,
            "email": obj.email,
            "status": obj.status,
            "agree_count": obj.agree_count,
            "reply": obj.reply,
            "answers": [answer.choice for answer in obj.answers.all()],
            "summary_sent_at": iso(obj.summary_sent_at),
        }

    def identifiers(self, obj, email):
        return (obj.nickname,) if obj.nickname else ()

    def erase(self, objects, email):
        return erase_comments(objects)
