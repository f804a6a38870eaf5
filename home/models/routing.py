"""Routing with fewer queries: a listing page's children in one query instead of two (child, then its
specific row), and a page that a request only passes through made from its routing fields in the `layout`
cache instead of read from the database."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

# What routing through a page reads of it, and what the page below it may read of it as its parent; any
# other field is loaded when it is read (a deferred field).
ROUTING_FIELDS = ("id", "path", "depth", "numchild", "url_path", "slug", "title", "live", "locale_id",
                  "translation_key", "content_type_id")


def routing_row(pages):
    """(model label, field names, their values): the routing fields of the first page of `pages` (a Page
    queryset) as its specific type, in one query, for the `layout` cache (bumped by every publish,
    unpublish, move, slug change or delete); None when there is no such page."""
    values = pages.values(*ROUTING_FIELDS).first()
    if values is None:
        return None
    model = ContentType.objects.get_for_id(values["content_type_id"]).model_class() or Page
    names = [field.attname for field in model._meta.concrete_fields
             if field.primary_key or field.attname in ROUTING_FIELDS]
    return model._meta.label, names, tuple(values.get(name, values["id"]) for name in names)  # page_ptr_id = id


def page_from_routing_row(row):
    """The page of a `routing_row`, without a query: fields not among the routing fields are deferred."""
    label, names, values = row
    model = apps.get_model(label)
    return model.from_db(model._default_manager.db, names, values)


def serves_itself(model, path_components):
    """Whether a page of `model` answers `path_components` with one of its own sub-routes (it is the page
    shown, so all its fields are needed) rather than leading to a page below it."""
    if not issubclass(model, RoutablePageMixin):
        return False
    try:
        model.get_resolver().resolve("/" + "/".join(path_components) + "/")
    except Http404:  # Resolver404
        return False
    return True


class SpecificChildRouteMixin:
    """For index pages whose children are all of `child_model` ("app_label.ModelName"); the child's
    `child_select_related` come in the same query."""

    child_model = None
    child_select_related = ()

    def route(self, request, path_components):
        if path_components and self.child_model:
            model = apps.get_model(self.child_model)
            children = model.objects.child_of(self).filter(slug=path_components[0])
            child = children.select_related(*self.child_select_related).first()
            if child is None:
                raise Http404
            return child.route(request, path_components[1:])
        return super().route(request, path_components)
