"""Jobs: list, create (from a template or blank), detail, edit, status, hiring team, versions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openhire.core.errors import OpenhireError
from openhire.core.permissions import roles_required
from openhire.jobs import planning, selectors, services, templates
from openhire.jobs.forms import EDUCATION_CHOICES, FromTemplateForm, JobForm, StatusForm, TeamAddForm
from openhire.jobs.models import Job
from openhire.jobs.views.common import (
    READERS,
    WRITERS,
    can_write,
    form_error,
    language,
    unchanged_version,
    viewer,
)


@roles_required(*READERS)
def job_list(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    filters = selectors.JobFilters(status=request.GET.get("status", ""), q=request.GET.get("q", "").strip())
    jobs = selectors.jobs_list(user, filters)[:200]
    context = {"jobs": jobs, "filters": filters, "statuses": Job.Status.choices, "can_write": can_write(user)}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "jobs/_job_rows.html", context)
    return render(request, "jobs/job_list.html", context)


def _template_choices(request: HttpRequest) -> list[tuple[str, str]]:
    lang = language(request)
    return [
        (t.key, f"{t.title.get(lang) or t.title['zh']} · {t.department.get(lang) or t.department['zh']}")
        for t in templates.template_list()
    ]


@roles_required(*WRITERS)
def job_new(request: HttpRequest) -> HttpResponse:
    """Create a job from a template: pick it, adjust title/department/location, done."""
    user = viewer(request)
    available = templates.template_list()
    form = FromTemplateForm(
        request.POST or None,
        templates=_template_choices(request),
        initial={"template": request.GET.get("template", "")},
    )
    if request.method == "POST" and form.is_valid():
        assert user.organization is not None
        data = form.cleaned_data
        try:
            job = services.job_create_from_template(
                organization=user.organization,
                actor=user,
                key=data["template"],
                title=data["title"],
                department=data["department"],
                location=data["location"],
                headcount=data["headcount"],
            )
        except OpenhireError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, _("Job created from the template. Check the weights and the plan, then publish.")
            )
            return redirect("jobs:detail", job.id)
    return render(
        request, "jobs/job_new.html", {"form": form, "templates": available, "lang": language(request)}
    )


@roles_required(*WRITERS)
def job_new_blank(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert user.organization is not None
        try:
            job = services.job_create(organization=user.organization, actor=user, **form.job_fields())
        except OpenhireError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Job created. Now give it a competency model."))
            return redirect("jobs:detail", job.id)
    return render(request, "jobs/job_form.html", {"form": form, "job": None})


@roles_required(*READERS)
def job_detail(request: HttpRequest, job_id: str) -> HttpResponse:
    user = viewer(request)
    job = selectors.access_job(user, job_id)
    plan = selectors.plan_of(job)
    preview = planning.build_snapshot(plan) if plan else None
    members = list(selectors.job_members(job))
    member_ids = {m.user_id for m in members}
    team_form = TeamAddForm(
        users=[
            (str(u.id), f"{u} · {u.get_role_display()}")
            for u in selectors.team_candidates(job)
            if u.id not in member_ids
        ]
    )
    return render(
        request,
        "jobs/job_detail.html",
        {
            "job": job,
            "model": planning.job_model(job),
            "plan": plan,
            "preview": preview,
            "problems": planning.publish_problems(preview) if preview else [],
            "warnings": planning.publish_warnings(preview) if preview else [],
            "versions": selectors.plan_versions_for(user).filter(job=job).order_by("-number"),
            "history": _history(job),
            "education": dict(EDUCATION_CHOICES).get(
                (job.hard_requirements or {}).get("education", "none"), ""
            ),
            "members": members,
            "team_form": team_form,
            "transitions": [
                (s, _action_label(job.status, s)) for s in services.STATUS_TRANSITIONS.get(job.status, ())
            ],
            "unchanged": unchanged_version(job, preview),
            "can_write": can_write(user),
            "lang": language(request),
        },
    )


def _action_label(current: str, target: str) -> str:
    if target == Job.Status.OPEN:
        return _("Open for applications") if current == Job.Status.DRAFT else _("Reopen")
    return _("Pause") if target == Job.Status.PAUSED else _("Close")


def _label(status: str) -> str:
    try:
        return str(Job.Status(status).label)
    except ValueError:
        return status


def _history(job: Job) -> list[dict[str, object]]:
    return [
        {
            "at": h.created_at,
            "from": _label(h.from_status) if h.from_status else "",
            "to": _label(h.to_status),
            "actor": h.actor,
            "note": h.note,
        }
        for h in job.status_history.select_related("actor")
    ]


@roles_required(*WRITERS)
def job_edit(request: HttpRequest, job_id: str) -> HttpResponse:
    user = viewer(request)
    job = selectors.access_job(user, job_id)
    form = JobForm(request.POST or None, initial=JobForm.initial_for(job))
    if request.method == "POST" and form.is_valid():
        try:
            services.job_update(job=job, actor=user, changes=form.job_fields())
        except OpenhireError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Job saved."))
            return redirect("jobs:detail", job.id)
    return render(request, "jobs/job_form.html", {"form": form, "job": job})


@require_POST
@roles_required(*WRITERS)
def job_status(request: HttpRequest, job_id: str) -> HttpResponse:
    user = viewer(request)
    job = selectors.access_job(user, job_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown status."))
        return redirect("jobs:detail", job.id)
    try:
        services.job_status_change(
            job=job, to_status=form.cleaned_data["status"], actor=user, note=form.cleaned_data["note"]
        )
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Status changed to %(status)s.") % {"status": Job.Status(form.cleaned_data["status"]).label},
        )
    return redirect("jobs:detail", job.id)


@require_POST
@roles_required(*WRITERS)
def team_add(request: HttpRequest, job_id: str) -> HttpResponse:
    user = viewer(request)
    job = selectors.access_job(user, job_id)
    candidates = {str(u.id): u for u in selectors.team_candidates(job)}
    form = TeamAddForm(request.POST, users=[(k, str(u)) for k, u in candidates.items()])
    if not form.is_valid():
        messages.error(request, _("Choose a person and a team role."))
        return redirect("jobs:detail", job.id)
    try:
        services.job_member_add(
            job=job,
            user=candidates[form.cleaned_data["user"]],
            team_role=form.cleaned_data["team_role"],
            actor=user,
        )
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Added to the hiring team."))
    return redirect("jobs:detail", job.id)


@require_POST
@roles_required(*WRITERS)
def team_remove(request: HttpRequest, job_id: str, member_id: str) -> HttpResponse:
    user = viewer(request)
    member = selectors.access_job_member(user, job_id, member_id)
    services.job_member_remove(member=member, actor=user)
    messages.success(request, _("Removed from the hiring team."))
    return redirect("jobs:detail", job_id)


@roles_required(*READERS)
def version_detail(request: HttpRequest, version_id: str) -> HttpResponse:
    version = selectors.access_plan_version(viewer(request), version_id)
    return render(
        request,
        "jobs/version_detail.html",
        {"version": version, "snap": version.snapshot, "lang": language(request)},
    )
