"""Create and translate: a page or snippet in Finnish and its Swedish translation, made the way wagtail-localize
makes them (a copy with the same translation_key, so the language switcher and the admin link the two).

The one helper for this: the demo (`kumppanuus.demo`), `start_site` and the test factories use it.
"""

from wagtail.models import Locale, Page


def _locale(locale):
    return locale if isinstance(locale, Locale) else Locale.objects.get(language_code=locale)


def translate(obj, locale="sv", **fields):
    """Make the translation of page or snippet `obj` in `locale` (a Locale or a language code) with `fields` set.

    A page is copied under the translation of its parent and published; a snippet is saved.
    """
    locale = _locale(locale)
    if isinstance(obj, Page):
        translation = obj.copy_for_translation(locale, copy_parents=False)
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save_revision().publish()
        translation.refresh_from_db()
        return translation.specific
    translation = obj.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return translation


def create_and_translate(model, fi, sv, *, parent=None, lookup=None, **shared):
    """Return (obj_fi, obj_sv), the Finnish page or snippet and its Swedish translation, creating what is missing.

    `fi` and `sv` are dicts of the fields that differ per language (title, slug, intro, body, name…); `shared`
    holds the fields that are the same in both. A page goes under `parent` (the Finnish parent page) and is
    found again by its Finnish slug; a snippet is found again by `lookup` (e.g. {"code": "kadut"}) in Finnish.
    Running it again changes nothing that exists.
    """
    locale_fi, locale_sv = _locale("fi"), _locale("sv")
    if parent is not None:
        obj_fi = model.objects.child_of(parent).filter(slug=fi["slug"]).first()
        if obj_fi is None:
            obj_fi = model(**fi, **shared)
            parent.add_child(instance=obj_fi)
            obj_fi.save_revision().publish()
        obj_fi = obj_fi.specific
    else:
        lookup = lookup or {}
        obj_fi = model.objects.filter(locale=locale_fi, **lookup).first()
        if obj_fi is None:
            obj_fi = model.objects.create(locale=locale_fi, **lookup, **fi, **shared)
    obj_sv = obj_fi.get_translation_or_none(locale_sv)
    if obj_sv is None:
        obj_sv = translate(obj_fi, locale_sv, **{**shared, **sv})
        if parent is not None:
            assert obj_sv.get_parent().pk == parent.get_translation(locale_sv).pk
    return obj_fi, obj_sv.specific if parent is not None else obj_sv
