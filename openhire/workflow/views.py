"""Console pages: pipeline index, Kanban board per job (drag, bulk moves, filters, SLA flags), stage
history, automation rules (list, edit), failed runs, pipeline template, scorecards, to-dos."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openhire.accounts.models import User
from openhire.core.errors import OpenhireError
from openhire.core.permissions import ADMIN, RECRUITER, STAFF_ROLES, roles_required
from openhire.jobs.selectors import access_job
from openhire.workflow import selectors, services
from openhire.workflow.engine import ACTION_TYPES, OPERATORS, TRIGGERS
from openhire.workflow.models import Outcome

WRITERS = (ADMIN, RECRUITER)


def _viewer(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    number = _float(value)
    return int(number) if number is not None else None


def _filters(request: HttpRequest) -> selectors.BoardFilters:
    q = request.GET if request.method == "GET" else request.POST
    return selectors.BoardFilters(
        min_score=_float(q.get("min_score")),
        tag=q.get("tag", "").strip(),
        source=q.get("source", "").strip(),
        min_days=_int(q.get("min_days")),
        stalled=q.get("stalled") == "1",
        min_ai_score=_float(q.get("min_ai_score")),
    )


@require_GET
@roles_required(*STAFF_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "workflow/index.html", {"jobs": selectors.pipeline_summary(_viewer(request))})


def _board_context(request: HttpRequest, job_id: UUID) -> dict[str, Any]:
    viewer = _viewer(request)
    filters = _filters(request)
    board = selectors.board_for_job(viewer, job_id, filters)
    return {
        "board": board,
        "job": board.job,
        "filters": filters,
        "can_write": viewer.role in WRITERS,
        "stages": [c.stage for c in board.columns],
    }


@require_GET
@roles_required(*STAFF_ROLES)
def board(request: HttpRequest, job_id: UUID) -> HttpResponse:
    context = _board_context(request, job_id)
    template = "workflow/_board.html" if request.htmx else "workflow/board.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_POST
@roles_required(*WRITERS)
def move(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """Move one card (drag and drop) or the selected cards (bulk) to a stage; answers the board."""
    viewer = _viewer(request)
    ids = request.POST.getlist("application")
    stage, reason = request.POST.get("stage", ""), request.POST.get("reason", "")
    applications = [selectors.access_application_for_move(viewer, pk) for pk in ids]  # 404 for others' rows
    try:
        if not applications:
            raise OpenhireError(_("Choose at least one candidate."))
        if any(str(a.job_id) != str(job_id) for a in applications):
            raise OpenhireError(_("These candidates belong to another job."))
        services.applications_move_bulk(
            applications=applications, to_stage=stage, actor=viewer, reason=reason
        )
        messages.success(request, _("Moved %(n)d candidate(s).") % {"n": len(applications)})
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    if request.htmx:  # type: ignore[attr-defined]  # the board shows the message (htmx swaps 200s only)
        return render(request, "workflow/_board.html", _board_context(request, job_id))
    return redirect("workflow:board", job_id=job_id)


def _duration(value: timedelta | None) -> str:
    if value is None:
        return ""
    minutes = int(value.total_seconds() // 60)
    if minutes >= 1440:
        return ngettext("%(n)d day", "%(n)d days", minutes // 1440) % {"n": minutes // 1440}
    if minutes >= 60:
        return ngettext("%(n)d hour", "%(n)d hours", minutes // 60) % {"n": minutes // 60}
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


@require_GET
@roles_required(*STAFF_ROLES)
def history(request: HttpRequest, application_id: UUID) -> HttpResponse:
    from openhire.notifications.selectors import LogFilters, deliveries_for

    viewer = _viewer(request)
    application, changes = selectors.stage_history(viewer, application_id)
    stages = {s.key: s for s in services.stages_for_job(application.job)}
    english = (translation.get_language() or "").startswith("en")

    def name(key: str) -> str:
        stage = stages.get(key)
        return key if stage is None else (stage.name_en if english else stage.name_zh)

    rows = [(c, name(c.from_stage), name(c.to_stage), _duration(c.time_in_previous)) for c in changes]
    deliveries = deliveries_for(viewer, LogFilters(application_id=str(application.pk)))[:50]
    context = {"application": application, "rows": rows, "deliveries": deliveries}
    template = "workflow/_history.html" if request.htmx else "workflow/history.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
@roles_required(ADMIN, RECRUITER)
def rules(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    rows = []
    for rule in selectors.rules_for(viewer):
        minutes = rule.delay_minutes
        if not minutes:
            delay = ""
        elif minutes % 1440 == 0:
            delay = ngettext("%(n)d day later", "%(n)d days later", minutes // 1440) % {"n": minutes // 1440}
        elif minutes % 60 == 0:
            delay = ngettext("%(n)d hour later", "%(n)d hours later", minutes // 60) % {"n": minutes // 60}
        else:
            delay = ngettext("%(n)d minute later", "%(n)d minutes later", minutes) % {"n": minutes}
        rows.append((rule, delay))
    return render(request, "workflow/rules.html", {"rows": rows, "can_edit": viewer.role == ADMIN})


def _rule_form_values(request: HttpRequest) -> dict[str, Any]:
    post = request.POST
    try:
        conditions = json.loads(post.get("conditions") or "[]")
        actions = json.loads(post.get("actions") or "[]")
    except json.JSONDecodeError as exc:
        raise OpenhireError(
            _("Conditions and actions must be valid JSON: %(error)s") % {"error": exc}
        ) from exc
    unit = {"minutes": 1, "hours": 60, "days": 24 * 60}.get(post.get("delay_unit", "minutes"), 1)
    return {
        "name": post.get("name", ""),
        "description": post.get("description", ""),
        "trigger": post.get("trigger", ""),
        "delay_minutes": (_int(post.get("delay")) or 0) * unit,
        "enabled": post.get("enabled") == "on",
        "conditions": conditions,
        "actions": actions,
    }


@require_http_methods(["GET", "POST"])
@roles_required(ADMIN)
def rule_edit(request: HttpRequest, rule_id: UUID | None = None) -> HttpResponseBase:
    viewer = _viewer(request)
    rule = selectors.access_rule(viewer, rule_id) if rule_id else None
    error = ""
    if request.method == "POST":
        try:
            values = _rule_form_values(request)
            assert viewer.organization is not None
            rule = services.rule_save(organization=viewer.organization, actor=viewer, rule=rule, **values)
            messages.success(request, _("Rule saved."))
            return redirect("workflow:rules")
        except OpenhireError as exc:
            error = str(exc.message)
    delay = rule.delay_minutes if rule else 0
    unit = "days" if delay and delay % 1440 == 0 else "hours" if delay and delay % 60 == 0 else "minutes"
    context = {
        "rule": rule,
        "error": error,
        "form_name": request.POST.get("name") or (rule.name if rule else ""),
        "form_description": request.POST.get("description") or (rule.description if rule else ""),
        "form_trigger": request.POST.get("trigger") or (rule.trigger if rule else ""),
        "triggers": TRIGGERS,
        "operators": OPERATORS,
        "action_types": ACTION_TYPES,
        "delay": delay // {"days": 1440, "hours": 60, "minutes": 1}[unit],
        "delay_unit": unit,
        "conditions_json": request.POST.get("conditions")
        or json.dumps(rule.conditions if rule else [], ensure_ascii=False, indent=1),
        "actions_json": request.POST.get("actions")
        or json.dumps(rule.actions if rule else [], ensure_ascii=False, indent=1),
    }
    return render(request, "workflow/rule_edit.html", context, status=422 if error else 200)


@require_POST
@roles_required(ADMIN)
def rule_toggle(request: HttpRequest, rule_id: UUID) -> HttpResponseBase:
    viewer = _viewer(request)
    rule = selectors.access_rule(viewer, rule_id)
    assert viewer.organization is not None
    services.rule_save(
        organization=viewer.organization,
        actor=viewer,
        rule=rule,
        name=rule.name,
        trigger=rule.trigger,
        actions=rule.actions,
        conditions=rule.conditions,
        delay_minutes=rule.delay_minutes,
        enabled=not rule.enabled,
        description=rule.description,
    )
    return redirect("workflow:rules")


@require_GET
@roles_required(ADMIN, RECRUITER)
def failures(request: HttpRequest) -> HttpResponse:
    from openhire.notifications.models import Delivery
    from openhire.notifications.selectors import LogFilters, deliveries_for

    viewer = _viewer(request)
    return render(
        request,
        "workflow/failures.html",
        {
            "runs": selectors.failed_runs(viewer)[:200],
            "deliveries": deliveries_for(viewer, LogFilters(status=Delivery.Status.FAILED))[:200],
        },
    )


@require_POST
@roles_required(ADMIN, RECRUITER)
def failure_retry(request: HttpRequest, timer_id: UUID) -> HttpResponseBase:
    viewer = _viewer(request)
    timer = selectors.access_failed_run(viewer, timer_id)
    try:
        services.rule_timer_retry(timer=timer, actor=viewer)
        messages.success(request, _("The rule will run again shortly."))
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    return redirect("workflow:failures")


@require_http_methods(["GET", "POST"])
@roles_required(*WRITERS)
def stages(request: HttpRequest) -> HttpResponseBase:
    """The organisation's stage template (admins), or one job's own pipeline (``?job=``: admins and
    the job's recruiters; the first change copies the template to the job)."""
    viewer = _viewer(request)
    job_id = request.GET.get("job") or request.POST.get("job") or ""
    job = access_job(viewer, job_id) if job_id else None
    if job is None and viewer.role != ADMIN:
        raise PermissionDenied
    assert viewer.organization is not None
    if request.method == "POST":
        key = request.POST.get("key", "").strip()
        try:
            if request.POST.get("delete") == "1":
                services.stage_delete(organization=viewer.organization, actor=viewer, key=key, job=job)
                messages.success(request, _("Stage removed."))
            else:
                services.stage_save(
                    organization=viewer.organization,
                    actor=viewer,
                    key=key,
                    name_zh=request.POST.get("name_zh", ""),
                    name_en=request.POST.get("name_en", ""),
                    position=_int(request.POST.get("position")) or 0,
                    outcome=request.POST.get("outcome", Outcome.ACTIVE),
                    sla_days=_int(request.POST.get("sla_days")),
                    auto_reject=request.POST.get("auto_reject") == "on",
                    job=job,
                )
                messages.success(request, _("Stage saved."))
        except OpenhireError as exc:
            messages.error(request, str(exc.message))
        target = reverse("workflow:stages")
        return redirect(f"{target}?job={job.pk}" if job else target)
    rows = services.stages_for_job(job) if job is not None else list(selectors.org_stages(viewer))
    own = job is not None and any(s.job_id == job.pk for s in rows)
    return render(
        request,
        "workflow/stages.html",
        {"stages": rows, "outcomes": Outcome.choices, "job": job, "own": own},
    )


@require_http_methods(["GET", "POST"])
@roles_required(*STAFF_ROLES)
def scorecard(request: HttpRequest, scorecard_id: UUID) -> HttpResponseBase:
    viewer = _viewer(request)
    card = selectors.access_scorecard(viewer, scorecard_id)
    if request.method == "POST":
        ratings = {k[7:]: _int(str(v)) or 0 for k, v in request.POST.items() if k.startswith("rating_") and v}
        try:
            services.scorecard_submit(
                scorecard=card,
                actor=viewer,
                ratings=ratings,
                recommendation=request.POST.get("recommendation", ""),
                notes=request.POST.get("notes", ""),
            )
            messages.success(request, _("Scorecard submitted."))
            return redirect("workflow:scorecard", scorecard_id=card.pk)
        except OpenhireError as exc:
            messages.error(request, str(exc.message))
    competencies = list(card.application.job.competencies.select_related("competency").order_by("position"))
    return render(
        request,
        "workflow/scorecard.html",
        {"card": card, "competencies": competencies, "can_submit": card.interviewer_id == viewer.pk},
    )


@require_http_methods(["GET", "POST"])
@roles_required(*STAFF_ROLES)
def todos(request: HttpRequest) -> HttpResponseBase:
    viewer = _viewer(request)
    if request.method == "POST":
        services.todo_done(todo=selectors.access_todo(viewer, request.POST.get("todo", "")), actor=viewer)
        return redirect("workflow:todos")
    return render(
        request,
        "workflow/todos.html",
        {
            "todos": selectors.todos_for(viewer)[:200],
            "scorecards": selectors.scorecards_for(viewer).filter(submitted_at__isnull=True)[:100],
        },
    )
