"""Ids that arrive as text (query strings, form values, API parameters), parsed in one place.

A database id is a positive integer that fits a 64-bit column (BigAutoField). Anything else is
refused before it reaches a query: SQLite raises OverflowError on a larger number and PostgreSQL a
DataError, and either would otherwise be a 500. Pages answer 400 with a Chinese message, forms a
field error, the API a 400 (see gongkai.api.views).
"""

from __future__ import annotations

from typing import Annotated

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import BadRequest, ValidationError
from django.http import QueryDict
from pydantic import Field

MAX_ID = 2**63 - 1
ID_HINT = "应为编号（正整数）"

# an id in an API path or query parameter (django-ninja validates it with pydantic)
ApiId = Annotated[int, Field(ge=1, le=MAX_ID)]


def parse_id(value: object) -> int | None:
    """ "" or None -> None; "42" -> 42; anything that is not a database id -> ValueError."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        raise ValueError(text)
    number = int(text)
    if not 1 <= number <= MAX_ID:
        raise ValueError(text)
    return number


def id_param(params: QueryDict, name: str) -> int | None:
    """The id in ``params[name]`` (None when absent or empty); a bad one is a 400 in Chinese."""
    value = params.get(name, "")
    try:
        return parse_id(value)
    except ValueError:
        raise BadRequest(f"参数“{name}”{ID_HINT}，收到的是“{value[:30]}”。") from None


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses values that cannot be ids before querying with
    ``pk__in`` (which overflows on numbers too large for the database)."""

    def _check_values(self, value):
        for item in value:
            try:
                parse_id(item)
            except (ValueError, TypeError):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                ) from None
        return super()._check_values(value)


class IdAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete widget, which looks its selected values up with ``pk__in``:
    values that cannot be ids (from ?unit=… on an add page, or a bad POST) are not shown."""

    def optgroups(self, name, value, attr=None):
        def valid(item) -> bool:
            try:
                return parse_id(item) is not None
            except (ValueError, TypeError):
                return False

        return super().optgroups(name, [v for v in value if valid(v)], attr)
