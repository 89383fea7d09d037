from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from openhire.accounts.models import User
from openhire.audit.selectors import AUDIT_ROLES, AuditFilter, audit_events_for
from openhire.audit.services import audit_record
from openhire.core.permissions import roles_required


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Actor"), required=False)
    object_type = forms.CharField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, AuditFilter]:
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        return form, AuditFilter(**form.cleaned_data)
    return form, AuditFilter()


@roles_required(*AUDIT_ROLES)
def audit_list(request: HttpRequest) -> HttpResponse:
    viewer: User = request.user  # type: ignore[assignment]
    form, filters = _filters(request)
    page = Paginator(audit_events_for(viewer, filters), 50).get_page(request.GET.get("page"))
    template = "audit/_rows.html" if request.htmx else "audit/list.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "page": page, "query": request.GET.urlencode()})


class _Echo:
    def write(self, value: str) -> str:
        return value


@roles_required(*AUDIT_ROLES)
def audit_export(request: HttpRequest) -> HttpResponseBase:
    viewer: User = request.user  # type: ignore[assignment]
    _form, filters = _filters(request)
    audit_record(
        actor=viewer, organization=viewer.organization, action="audit.export", after={"filters": str(filters)}
    )
    writer = csv.writer(_Echo())
    header = [
        "id",
        "time_utc",
        "actor",
        "action",
        "object_type",
        "object_id",
        "object",
        "before",
        "after",
        "ip",
        "user_agent",
        "channel",
    ]

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(header)  # BOM so Excel opens UTF-8 Chinese correctly
        for e in audit_events_for(viewer, filters).iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    e.id,
                    e.created_at.isoformat(),
                    e.actor_label,
                    e.action,
                    e.object_type,
                    e.object_id,
                    e.object_label,
                    e.before,
                    e.after,
                    e.ip,
                    e.user_agent,
                    e.channel,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{date.today().isoformat()}.csv"'
    return response
