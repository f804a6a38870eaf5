"""What the directory module hooks into, connected from DirectoryConfig.ready(): its submission kind in
the shared moderation (association entries and their updates)."""

from engagement.moderation import register_submission_kind

from . import services


def connect():
    register_submission_kind(
        "association",
        template_prefix="directory/emails/association",
        apply=services.apply_association_update,
        on_approved=services.publish_translation,
        correction_url=services.correction_url,
        new_page=services.new_association_page,
        fallback_slug="yhdistys",
    )
