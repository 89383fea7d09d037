"""A job's competency model editor (live weight sum over htmx), the interview-plan editor, the candidate
preview and publishing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openhire.core.errors import OpenhireError
from openhire.core.permissions import roles_required
from openhire.jobs import planning, selectors, services
from openhire.jobs.forms import PlanForm, bilingual_lines, lines_of
from openhire.jobs.models import Job, Question
from openhire.jobs.views.common import READERS, WRITERS, form_error, language, unchanged_version, viewer


def _model_rows(job: Job, post: QueryDict | None) -> list[dict[str, Any]]:
    """The rows the editor shows: the saved model, or what was just posted (kept on errors)."""
    library = {str(c.id): c for c in selectors.competencies_for_org(job.organization_id)}
    if post is None:
        return [
            {
                "competency": jc.competency,
                "weight": jc.weight,
                "min_score": "" if jc.min_score is None else jc.min_score,
                "ind_zh": lines_of(jc.indicators, "zh"),
                "ind_en": lines_of(jc.indicators, "en"),
                "anchors": {
                    lvl: (jc.anchors or {}).get(lvl, {"zh": "", "en": ""}) for lvl in ("1", "3", "5")
                },
            }
            for jc in planning.job_model(job)
        ]
    rows = []
    ids = post.getlist("comp")
    add = post.get("add_comp", "")
    if add and add not in ids:
        ids.append(add)
    for cid in ids:
        if cid not in library or post.get(f"remove_{cid}"):
            continue
        rows.append(
            {
                "competency": library[cid],
                "weight": post.get(f"weight_{cid}", post.get("add_weight", "0") if cid == add else "0"),
                "min_score": post.get(f"min_{cid}", ""),
                "ind_zh": post.get(f"ind_zh_{cid}", lines_of(library[cid].indicators, "zh")),
                "ind_en": post.get(f"ind_en_{cid}", lines_of(library[cid].indicators, "en")),
                "anchors": {
                    lvl: {
                        "zh": post.get(
                            f"a{lvl}_zh_{cid}", (library[cid].anchors or {}).get(lvl, {}).get("zh", "")
                        ),
                        "en": post.get(
                            f"a{lvl}_en_{cid}", (library[cid].anchors or {}).get(lvl, {}).get("en", "")
                        ),
                    }
                    for lvl in ("1", "3", "5")
                },
            }
        )
    return rows


def _as_int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _total(rows: list[dict[str, Any]]) -> int:
    return sum(_as_int(r["weight"]) or 0 for r in rows)


def _editor_context(job: Job, rows: list[dict[str, Any]], error: str = "") -> dict[str, Any]:
    used = {str(r["competency"].id) for r in rows}
    return {
        "job": job,
        "rows": rows,
        "total": _total(rows),
        "available": [
            c for c in selectors.competencies_for_org(job.organization_id) if str(c.id) not in used
        ],
        "error": error,
    }


@roles_required(*WRITERS)
def competency_model(request: HttpRequest, job_id: str) -> HttpResponse:
    user = viewer(request)
    job = selectors.access_job(user, job_id)
    if request.method != "POST":
        return render(request, "jobs/competency_model.html", _editor_context(job, _model_rows(job, None)))
    rows = _model_rows(job, request.POST)
    if request.POST.get("action") == "add":
        return render(request, "jobs/competency_model.html", _editor_context(job, rows))
    items = [
        services.CompetencyWeight(
            competency_id=r["competency"].id,
            weight=r["weight"],  # the service checks it is a whole number from 0 to 100
            min_score=_as_int(r["min_score"]),
            indicators=bilingual_lines(r["ind_zh"], r["ind_en"]),
            anchors=r["anchors"],
        )
        for r in rows
    ]
    try:
        services.job_competency_model_set(job=job, actor=user, items=items)
    except OpenhireError as exc:
        return render(
            request, "jobs/competency_model.html", _editor_context(job, rows, str(exc.message)), status=422
        )
    messages.success(request, _("Competency model saved."))
    return redirect("jobs:detail", job.id)


@require_POST
@roles_required(*WRITERS)
def competency_model_sum(request: HttpRequest, job_id: str) -> HttpResponse:
    """htmx: the running sum of the weights being edited (and whether the model can be saved)."""
    job = selectors.access_job(viewer(request), job_id)
    rows = _model_rows(job, request.POST)
    return render(request, "jobs/_weight_sum.html", {"total": _total(rows), "oob": True})


def _plan_context(request: HttpRequest, job: Job, form: PlanForm) -> dict[str, Any]:
    plan = selectors.plan_of(job)
    assert plan is not None
    snapshot = planning.build_snapshot(plan)
    settings = planning.plan_settings(plan)
    model = planning.job_model(job)
    fixed_ids = settings["selection"]["question_ids"]
    order = {qid: n for n, qid in enumerate(fixed_ids, start=1)}
    bank = list(
        Question.objects.filter(
            organization_id=job.organization_id,
            competency__in=[jc.competency_id for jc in model],
            is_archived=False,
        )
        .select_related("competency")
        .order_by("competency__name_zh", "difficulty")
    )
    lang = language(request)
    snapshot_for_check = {**snapshot, "questions": [dict(q) for q in snapshot["questions"]]}
    types = dict(Question.Type.choices)
    for q in snapshot["questions"]:
        name = next(
            (c["name"] for c in snapshot["competencies"] if c["key"] == q["competency"]),
            {"zh": q["competency"], "en": ""},
        )
        q["competency_name"] = name.get(lang) or name.get("zh")
        q["type_label"] = types.get(q["type"], q["type"])
    return {
        "job": job,
        "plan": plan,
        "form": form,
        "experience_fields": ("language", "retakes", "pass_threshold", "invitation_valid_days"),
        "switch_fields": ("allow_text_answers", "allow_start_now", "booking_enabled"),
        "snapshot": snapshot,
        "problems": planning.publish_problems(snapshot),
        "warnings": planning.publish_warnings(snapshot),
        "unchanged": unchanged_version(job, snapshot_for_check),
        "bank": [{"q": q, "order": order.get(str(q.id), "")} for q in bank],
        "mode": settings["selection"]["mode"],
        "lang": lang,
    }


@roles_required(*WRITERS)
def plan_edit(request: HttpRequest, job_id: str) -> HttpResponse:
    user = viewer(request)
    job = selectors.access_job(user, job_id)
    plan = selectors.access_plan(user, job_id)
    initial = PlanForm.initial_for(planning.plan_settings(plan))
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "fix_drawn":
                ids = [q["id"] for q in planning.build_snapshot(plan)["questions"]]
                services.plan_update(
                    plan=plan, actor=user, changes={"selection": {"mode": "fixed", "question_ids": ids}}
                )
                messages.success(request, _("The drawn questions are now a fixed list you can reorder."))
                return redirect("jobs:plan", job.id)
            if form.is_valid():
                changes = form.changes()
                picked = [
                    (_as_int(request.POST.get(f"order_{qid}")) or 999, n, qid)
                    for n, qid in enumerate(request.POST.getlist("q"))
                ]
                changes["selection"]["question_ids"] = [qid for _o, _n, qid in sorted(picked)]
                changes["timings"] = {
                    qid: {
                        "prep_seconds": request.POST.get(f"prep_{qid}"),
                        "answer_seconds": request.POST.get(f"answer_{qid}"),
                    }
                    for qid in request.POST.getlist("timed")
                }
                services.plan_update(plan=plan, actor=user, changes=changes)
                messages.success(request, _("Plan saved. Publish it to make it the version candidates get."))
                return redirect("jobs:plan", job.id)
        except OpenhireError as exc:
            form_error(form, exc)
    return render(request, "jobs/plan_edit.html", _plan_context(request, job, form))


@roles_required(*READERS)
def plan_preview(request: HttpRequest, job_id: str) -> HttpResponse:
    """Exactly what a candidate will see if the plan is published now, on a phone-width page."""
    plan = selectors.access_plan(viewer(request), job_id)
    snapshot = planning.build_snapshot(plan)
    lang = request.GET.get("lang") or ("en" if snapshot["language"] == "en" else "zh")
    return render(request, "jobs/plan_preview.html", _candidate_view(snapshot, lang, plan.job))


def _candidate_view(snapshot: dict[str, Any], lang: str, job: Job) -> dict[str, Any]:
    other = "en" if lang == "zh" else "zh"

    def pick(texts: dict[str, str]) -> str:
        return texts.get(lang) or texts.get(other) or ""

    questions = [
        {
            "n": n,
            "text": pick(q["text"]),
            "text_other": q["text"].get(other, "") if snapshot["language"] == "both" else "",
            "prep_seconds": q["prep_seconds"],
            "answer_seconds": q["answer_seconds"],
        }
        for n, q in enumerate(snapshot["questions"], start=1)
    ]
    return {
        "job": job,
        "snap": snapshot,
        "lang": lang,
        "title": snapshot["job"]["title_en"]
        if lang == "en" and snapshot["job"]["title_en"]
        else snapshot["job"]["title"],
        "intro": pick(snapshot["intro"]),
        "questions": questions,
        "total_minutes": planning.expected_minutes(snapshot),
        "both": snapshot["language"] == "both",
    }


@require_POST
@roles_required(*WRITERS)
def plan_publish(request: HttpRequest, job_id: str) -> HttpResponse:
    user = viewer(request)
    plan = selectors.access_plan(user, job_id)
    try:
        version = services.plan_publish(plan=plan, actor=user)
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Published as version %(n)d.") % {"n": version.number})
    return redirect("jobs:detail", job_id)
