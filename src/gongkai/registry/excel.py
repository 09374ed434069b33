"""Excel (.xlsx) template, export and import of the registry: units, their sites, the sites' columns,
responsible persons and new-media accounts.

The public API the views call:

- `build_template()`: the empty workbook users download and fill in;
- `export_workbook(units)`: the same workbook filled with the given units, sites and people;
- `import_workbook(data, scope=..., dry_run=...)`: all-or-nothing import with a report of every problem.

The layout lives in `excel_layout`, file checks in `excel_read`, row checks and writes in `excel_import`.
"""

from __future__ import annotations

import io
from datetime import date

from django.db.models import QuerySet
from openpyxl.workbook import Workbook

from gongkai.registry.excel_import import RegistryImport, import_workbook
from gongkai.registry.excel_layout import (
    ACCOUNTS,
    COLUMNS_SHEET,
    NO,
    PEOPLE,
    SITES,
    UNITS,
    YES,
    new_workbook,
    region_full_names,
)
from gongkai.registry.excel_read import ImportProblem
from gongkai.registry.models import Unit
from gongkai.sheet_text import save_workbook

__all__ = ["ImportProblem", "RegistryImport", "build_template", "export_workbook", "import_workbook"]


def build_template() -> bytes:
    """The empty registry workbook: headers, drop-down lists, and a 说明 sheet with an example per sheet."""
    workbook, _ = new_workbook()
    return _save(workbook)


def export_workbook(units: QuerySet[Unit]) -> bytes:
    """The given units with their sites and people, in the layout `import_workbook` reads back."""
    workbook, sheets = new_workbook()
    region_names = region_full_names()
    units = units.select_related("category").prefetch_related(
        "sites__columns", "people", "new_media_accounts"
    )
    for unit in units:
        region = region_names[unit.region_id]
        sheets[UNITS].append(
            [region, unit.name, unit.category.name, unit.order, _yes_no(unit.active), unit.note]
        )
        for site in unit.sites.all():
            sheets[SITES].append(
                [region, unit.name, site.name, site.url, site.site_id_code, _yes_no(site.is_portal)]
            )
            for column in site.columns.all():
                sheets[COLUMNS_SHEET].append(
                    [
                        region,
                        unit.name,
                        site.url,
                        column.name,
                        column.url,
                        column.column_type,
                        column.window_days,
                    ]
                )
        for person in unit.people.all():
            sheets[PEOPLE].append(
                [
                    region,
                    unit.name,
                    person.role,
                    person.name,
                    person.title,
                    person.mobile,
                    person.landline,
                    person.qq,
                    person.email,
                ]
            )
        for account in unit.new_media_accounts.all():
            sheets[ACCOUNTS].append(
                [
                    region,
                    unit.name,
                    account.platform,
                    account.name,
                    account.account_id,
                    account.status,
                    account.certification_body,
                    account.opened_on,
                    account.closed_on,
                    account.url,
                ]
            )
    for sheet in sheets.values():
        # Codes, phone numbers and QQ numbers are text: keep Excel from turning them into numbers.
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.number_format = "@"
                elif isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
    return _save(workbook)


def _yes_no(value: bool) -> str:
    return YES if value else NO


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    save_workbook(workbook, buffer)
    return buffer.getvalue()
