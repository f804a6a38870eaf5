"""Every CSV and XLSX file the admin hands out goes through `text.spreadsheet_cell`, so that what a
resident typed is shown as text in Excel or LibreOffice and never runs as a formula, and a control
character cannot break the XLSX writer.

- Wagtail's listing exports (`SpreadsheetExportMixin`: the project's viewsets, and Wagtail's own
  reports, whose page titles and log labels come from public forms too) all pass each value through
  `preprocess_field_value`; `install()` (from the app's `ready`) makes that method clean what it
  returns. One hook covers every export, including ones a later viewset or Wagtail release adds.
- The project's own CSV files are written with `csv_response`.
"""

import csv

from django.http import StreamingHttpResponse
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from .text import spreadsheet_cell


def cell(value):
    return spreadsheet_cell(value) if isinstance(value, str) else value


def install():
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "cleans_cells", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return cell(original(self, field, value, export_format))

    preprocess_field_value.cleans_cells = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value


class _Line:
    """csv.writer's file: hands back each line instead of keeping it."""

    def write(self, line):
        return line


def csv_response(filename, rows):
    """A CSV attachment (UTF-8 with a byte order mark, so that spreadsheet programs read it as UTF-8),
    streamed: `rows` (any iterable, e.g. a generator over a queryset's iterator) is written line by line
    as the client reads, never held whole in memory."""
    writer = csv.writer(_Line())

    def lines():
        yield "\ufeff"
        for row in rows:
            yield writer.writerow([cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
