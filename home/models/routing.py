"""Routing to a listing page's children in one query instead of two (child, then its specific row)."""

from django.apps import apps
from django.http import Http404


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
