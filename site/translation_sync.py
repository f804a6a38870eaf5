"""Facts are the same in every language: when a page is published, or a translatable snippet saved, in
one language, its synchronised fields reach its other languages at once, without "Sync translations".

The synchronised fields of a model are the ones wagtail-localize synchronises (`SynchronizedField`,
from `translatable_fields` or `override_translatable_fields`), plus the references to translatable
objects (a category, a contact person, a department), which point to the object's translation in the
target language when it has one. Text is never touched. Fields that every page has (title, slug,
show_in_menus…) are left alone: only the fields of the model itself are facts.

A page's child relations that hold only references (an ordered list of contact people of a channel:
an `Orderable` whose fields, apart from its page and order, all point to other objects) are facts too:
the other language gets the same list, in the same order, each reference pointing to its translation.
Child relations with text of their own stay per language.

For a page in another language this saves a new revision with the facts applied on top of its latest
revision. A live translation without unpublished changes is published at once (so the public page
follows); a live one with a draft keeps its draft, and the live row gets the facts directly. Publishing a
translation runs this again in the other direction, where nothing differs any more, so it stops there.
"""

from django.db import transaction
from django.db.models.signals import post_save
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.models import Page, TranslatableMixin
from wagtail.signals import page_published
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.fields import SynchronizedField, get_translatable_fields

PAGE_FIELDS = {field.name for field in Page._meta.get_fields()}


def _is_translatable_reference(field):
    return getattr(field, "related_model", None) is not None and issubclass(field.related_model, TranslatableMixin)


def synchronised_fields(model):
    """The model fields whose values are the same in every language."""
    names = []
    for declared in get_translatable_fields(model):
        try:
            field = model._meta.get_field(declared.field_name)
        except Exception:  # noqa: BLE001 - a declared name that is no field (e.g. a property)
            continue
        if issubclass(model, Page) and field.name in PAGE_FIELDS:
            continue
        if not getattr(field, "concrete", False) or field.many_to_many:
            continue  # child relations are edited per language
        if isinstance(declared, SynchronizedField) or (field.many_to_one and _is_translatable_reference(field)):
            names.append(field)
    # wagtail-localize does not synchronise many-to-many fields yet: a category list is a fact too.
    names += [
        field for field in model._meta.get_fields()
        if isinstance(field, ParentalManyToManyField) and _is_translatable_reference(field)
        and field.name not in PAGE_FIELDS
    ]
    return names


class ChildRelation:
    """A page's child relation that holds only references, synchronised as a whole: its value is the
    ordered list of rows, each a tuple of the ids its references point to."""

    many_to_many = False
    many_to_one = False

    def __init__(self, relation):
        self.name = relation.get_accessor_name()
        self.attname = self.name
        self.model = relation.related_model
        self.references = [
            field for field in self.model._meta.concrete_fields
            if field.many_to_one and not isinstance(field, ParentalKey)
        ]

    def rows(self, obj):
        items = sorted(getattr(obj, self.name).all(), key=lambda item: (getattr(item, "sort_order", 0) or 0, item.pk or 0))
        return [tuple(getattr(item, field.attname) for field in self.references) for item in items]

    def localized_rows(self, obj, locale_id):
        rows = []
        for item in sorted(getattr(obj, self.name).all(), key=lambda item: (getattr(item, "sort_order", 0) or 0, item.pk or 0)):
            row = []
            for field in self.references:
                target = getattr(item, field.name)
                if _is_translatable_reference(field):
                    target = _localized(target, locale_id)
                row.append(target.pk if target is not None else None)
            rows.append(tuple(row))
        return rows

    def apply(self, obj, rows):
        items = []
        for order, row in enumerate(rows):
            values = {field.attname: value for field, value in zip(self.references, row, strict=True)}
            if any(field.name == "sort_order" for field in self.model._meta.concrete_fields):
                values["sort_order"] = order
            items.append(self.model(**values))
        setattr(obj, self.name, items)


def _reference_only(model):
    """True for a child model whose own fields (besides its id, page and order) are all references."""
    own = [
        field for field in model._meta.concrete_fields
        if not field.primary_key and not isinstance(field, ParentalKey) and field.name != "sort_order"
    ]
    return bool(own) and all(field.many_to_one for field in own)


def synchronised_child_relations(model):
    """The child relations of a page model that hold only references (e.g. a channel's contact people)."""
    if not issubclass(model, Page):
        return []
    return [
        ChildRelation(relation) for relation in model._meta.related_objects
        if isinstance(relation.remote_field, ParentalKey) and _reference_only(relation.related_model)
    ]


def _localized(obj, locale_id):
    """`obj` (translatable) in the given locale when it has a translation there, else `obj` itself."""
    if obj is None or not isinstance(obj, TranslatableMixin) or obj.locale_id == locale_id:
        return obj
    model = type(obj)
    if isinstance(obj, Page):
        model = Page
    return model.objects.filter(translation_key=obj.translation_key, locale_id=locale_id).first() or obj


def facts(source, locale_id, fields):
    """{field name: value} of `source`'s facts as they should be in `locale_id`. Foreign keys are given as
    ids (attname), many-to-many fields as sorted lists of ids."""
    values = {}
    for field in fields:
        if isinstance(field, ChildRelation):
            values[field.name] = field.localized_rows(source, locale_id)
        elif field.many_to_many:
            related = list(getattr(source, field.name).all())
            values[field.name] = sorted(_localized(obj, locale_id).pk for obj in related)
        elif field.many_to_one and _is_translatable_reference(field):
            target = _localized(getattr(source, field.name), locale_id)
            values[field.attname] = target.pk if target is not None else None
        else:
            values[field.attname] = field.value_from_object(source)
    return values


def _current(obj, fields):
    current = {}
    for field in fields:
        if isinstance(field, ChildRelation):
            current[field.name] = field.rows(obj)
        elif field.many_to_many:
            current[field.name] = sorted(item.pk for item in getattr(obj, field.name).all())
        else:
            current[field.attname] = field.value_from_object(obj)
    return current


def _differs(obj, fields, values):
    return _current(obj, fields) != values


def _apply(obj, fields, values):
    for field in fields:
        if isinstance(field, ChildRelation):
            field.apply(obj, values[field.name])
        elif field.many_to_many:
            getattr(obj, field.name).set(field.related_model.objects.filter(pk__in=values[field.name]))
        else:
            setattr(obj, field.attname, values[field.attname])


def sync_page(page, user=None):
    """Copy the facts of `page` (just published) to its translations. Returns the pages changed."""
    page = page.specific
    model = type(page)
    fields = synchronised_fields(model) + synchronised_child_relations(model)
    if not fields or not isinstance(page, TranslatableMixin):
        return []
    changed = []
    others = model.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk).filter(alias_of__isnull=True)
    for other in others:
        values = facts(page, other.locale_id, fields)
        latest = other.get_latest_revision_as_object() if other.latest_revision_id else other
        live_differs = other.live and _differs(other, fields, values)
        draft_differs = _differs(latest, fields, values)
        if not (live_differs or draft_differs):
            continue
        with transaction.atomic():
            had_draft = other.has_unpublished_changes
            _apply(latest, fields, values)
            revision = latest.save_revision(user=user, clean=False, log_action=True)
            if other.live and not had_draft:
                revision.publish(user=user, skip_permission_checks=True)
            elif other.live and live_differs:
                live = model.objects.get(pk=other.pk)
                _apply(live, fields, values)
                live.save(clean=False)
        changed.append(other)
    return changed


def sync_snippet(obj):
    """Copy the facts of a translatable snippet to its translations (saved, not only published: snippets
    here have no drafts). Returns the objects changed."""
    model = type(obj)
    fields = synchronised_fields(model)
    if not fields:
        return []
    changed = []
    for other in model.objects.filter(translation_key=obj.translation_key).exclude(pk=obj.pk):
        values = facts(obj, other.locale_id, fields)
        if not _differs(other, fields, values):
            continue
        _apply(other, fields, values)
        other.save(update_fields=[field.name for field in fields if not field.many_to_many])
        changed.append(other)
    return changed


def _on_page_published(sender, instance, revision=None, **kwargs):
    sync_page(instance, user=getattr(revision, "user", None))


def _on_snippet_saved(sender, instance, raw=False, **kwargs):
    if raw or isinstance(instance, Page) or not isinstance(instance, TranslatableMixin):
        return
    if sender not in get_snippet_models():
        return
    if getattr(instance, "has_unpublished_changes", False) and not getattr(instance, "live", True):
        return
    sync_snippet(instance)


def connect_signals():
    page_published.connect(_on_page_published, weak=False, dispatch_uid="kumppanuus.translation_sync.page")
    post_save.connect(_on_snippet_saved, weak=False, dispatch_uid="kumppanuus.translation_sync.snippet")

