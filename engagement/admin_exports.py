"""Downloads of admin listings (CSV, XLSX) need their own permission, not only the one to view.

Every index view with `list_export` uses `ExportPermissionMixin` (or `ExportCheckedIndexView`): without
the export permission (by default "<app_label>.export_<model_name>") there are no download buttons and
`?export=` answers 403. tests/security/test_export_permissions.py finds every export view in the admin,
so a new one without the check fails there.

Exports stream: a city's inbox or supports list has hundreds of thousands of rows. Wagtail already
sends CSV as a StreamingHttpResponse, but it walks the queryset with its result cache, so every row
stays in memory until the end; here the rows are read from the database in chunks instead (CSV and
XLSX alike; Wagtail's XLSX workbook is write-only and keeps no rows either).
"""

from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from wagtail.admin.views import generic


def export_permission_for(model):
    opts = model._meta
    return f"{opts.app_label}.export_{opts.model_name}"


EXPORT_CHUNK = 2000  # rows read from the database at a time


class ChunkedRows:
    """A queryset walked with `iterator()`: only one chunk of rows in memory at a time. It keeps `model`,
    which the export's headings read."""

    def __init__(self, queryset, chunk_size=EXPORT_CHUNK):
        self.queryset = queryset
        self.model = queryset.model
        self.chunk_size = chunk_size

    def __iter__(self):
        return self.queryset.iterator(chunk_size=self.chunk_size)


class ExportPermissionMixin:
    export_permission = None  # "app_label.codename"; None: export_<model_name> of the view's model

    def get_export_permission(self):
        return self.export_permission or export_permission_for(self.model)

    def user_can_export(self):
        return self.request.user.has_perm(self.get_export_permission())

    def dispatch(self, request, *args, **kwargs):
        if self.is_export and not self.user_can_export():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(ChunkedRows(queryset), spreadsheet_format)

    @cached_property
    def show_export_buttons(self):
        return super().show_export_buttons and self.user_can_export()


class ExportCheckedIndexView(ExportPermissionMixin, generic.IndexView):
    pass
