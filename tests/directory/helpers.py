"""Shared test helpers: translate an object with wagtail-localize as the admin's editor would."""

from django.test import TestCase
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource


def translate(instance, locale, strings):
    """Translate `instance` into `locale` with wagtail-localize; `strings` maps source text to translation
    (anything else is copied as is). Publishes pages. Returns the translated object."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation = Translation.objects.create(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": strings.get(segment.string.data, segment.string.data)},
        )
    # wagtail-localize publishes a page translation once the transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=True)
    return instance.get_translation(locale)
