"""Console pages: the staff inbox, the delivery log, templates with previews, channel settings, and
HR messaging one or many candidates."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openhire.accounts.models import User
from openhire.core.errors import OpenhireError
from openhire.core.permissions import ADMIN, RECRUITER, STAFF_ROLES, roles_required
from openhire.notifications import selectors, services
from openhire.notifications.defaults import VARIABLES
from openhire.notifications.models import Channel, Delivery

WRITERS = (ADMIN, RECRUITER)
SAMPLE = {
    "candidate": "张三",
    "job": "客户经理",
    "link": "https://hr.example.com/i/c/",
    "slot_time": "2026-03-04 15:00",
    "interviewer": "李面试官",
    "rule": "AI面试评分达标自动复面",
    "error": "timeout",
    "text": "请尽快选择面试时间。",
}


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _viewer(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@require_http_methods(["GET", "POST"])
@roles_required(*STAFF_ROLES)
def inbox(request: HttpRequest) -> HttpResponseBase:
    viewer = _viewer(request)
    if request.method == "POST":
        services.inapp_mark_read(user=viewer)
        return redirect("notifications:inbox")
    page = Paginator(selectors.inbox_for(viewer), 50).get_page(request.GET.get("page"))
    return render(
        request, "notifications/inbox.html", {"page": page, "unread": selectors.unread_count(viewer)}
    )


@require_GET
@roles_required(ADMIN, RECRUITER)
def log(request: HttpRequest) -> HttpResponse:
    filters = selectors.LogFilters(
        status=request.GET.get("status", ""), channel=request.GET.get("channel", "")
    )
    page = Paginator(selectors.deliveries_for(_viewer(request), filters), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "filters": filters,
        "statuses": Delivery.Status.choices,
        "channels": Channel.choices,
    }
    template = "notifications/_log.html" if request.htmx else "notifications/log.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_POST
@roles_required(ADMIN, RECRUITER)
def retry(request: HttpRequest, delivery_id: UUID) -> HttpResponseBase:
    viewer = _viewer(request)
    delivery = selectors.access_delivery(viewer, delivery_id)
    try:
        services.delivery_retry(delivery=delivery, actor=viewer)
        messages.success(request, _("The message will be sent again shortly."))
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    return redirect(_next(request, "notifications:log"))


@require_http_methods(["GET", "POST"])
@roles_required(ADMIN, RECRUITER)
def templates(request: HttpRequest) -> HttpResponseBase:
    viewer = _viewer(request)
    if request.method == "POST":
        if viewer.role != ADMIN:
            messages.error(request, _("Only administrators change message templates."))
            return redirect("notifications:templates")
        try:
            assert viewer.organization is not None
            services.template_save(
                organization=viewer.organization,
                actor=viewer,
                key=request.POST.get("key", ""),
                channel=request.POST.get("channel", ""),
                language=request.POST.get("language", "zh"),
                subject=request.POST.get("subject", ""),
                body=request.POST.get("body", ""),
                external_id=request.POST.get("external_id", ""),
            )
            messages.success(request, _("Template saved."))
        except OpenhireError as exc:
            messages.error(request, str(exc.message))
        return redirect("notifications:templates")
    rows = [
        (t, services.render(t.subject, SAMPLE), services.render(t.body, SAMPLE))
        for t in selectors.templates_for(viewer)
    ]
    return render(
        request,
        "notifications/templates.html",
        {"rows": rows, "variables": VARIABLES, "channels": Channel.choices, "can_edit": viewer.role == ADMIN},
    )


@require_POST
@roles_required(ADMIN, RECRUITER)
def preview(request: HttpRequest) -> HttpResponse:
    """Live preview of a template being edited (htmx)."""
    return render(
        request,
        "notifications/_preview.html",
        {
            "subject": services.render(request.POST.get("subject", ""), SAMPLE),
            "body": services.render(request.POST.get("body", ""), SAMPLE),
        },
    )


@require_http_methods(["GET", "POST"])
@roles_required(ADMIN)
def channels(request: HttpRequest) -> HttpResponseBase:
    viewer = _viewer(request)
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        options = {
            k: request.POST.get(k, "").strip()
            for k in (
                "corp_id",
                "agent_id",
                "app_id",
                "template_id",
                "provider",
                "sign_name",
                "access_key_id",
                "from_email",
                "api_base",
            )
            if k in request.POST
        }
        secret = request.POST.get("secret", "")
        try:
            assert viewer.organization is not None
            services.channel_configure(
                organization=viewer.organization,
                actor=viewer,
                kind=kind,
                enabled=request.POST.get("enabled") == "on",
                options=options,
                secret=secret or None,
            )
            messages.success(request, _("Channel settings saved."))
        except OpenhireError as exc:
            messages.error(request, str(exc.message))
        return redirect("notifications:channels")
    settings_ = {c.kind: c for c in selectors.channels_for(viewer)}
    rows = [(kind, label, settings_.get(kind)) for kind, label in Channel.choices]
    conf = (viewer.organization.settings or {}).get("notifications", {}) if viewer.organization else {}
    quiet = {**services.DEFAULT_QUIET, **conf}
    return render(request, "notifications/channels.html", {"rows": rows, "quiet": quiet})


@require_POST
@roles_required(ADMIN, RECRUITER)
def send(request: HttpRequest) -> HttpResponseBase:
    """HR messages the selected candidates (from the board or a candidate page)."""
    from openhire.workflow.selectors import access_application_for_move

    viewer = _viewer(request)
    applications = [access_application_for_move(viewer, pk) for pk in request.POST.getlist("application")]
    try:
        if not applications:
            raise OpenhireError(_("Choose at least one candidate."))
        rows = services.message_candidates(
            actor=viewer,
            applications=applications,
            text=request.POST.get("text", ""),
            template_key=request.POST.get("template") or "hr_message",
            channel=request.POST.get("channel") or None,
        )
        skipped = sum(1 for d in rows if d.status == Delivery.Status.SKIPPED)
        messages.success(
            request,
            _("%(n)d message(s) queued, %(s)d not sendable (see the log).")
            % {"n": len(rows) - skipped, "s": skipped},
        )
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "notifications/_flash.html")
    return redirect(_next(request, "notifications:log"))
