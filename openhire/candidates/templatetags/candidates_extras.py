from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def join_if_list(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


@register.filter
def source_label(value: str) -> str:
    """The translated name of an application source (upload, zip, careers, api, import, …)."""
    from django.utils.translation import gettext

    from openhire.candidates.models import IntakeBatch

    labels = {**dict(IntakeBatch.Source.choices), "import": gettext("Excel/CSV import")}
    return str(labels.get(value, value or "—"))
