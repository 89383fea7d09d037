"""The organisation's competency library and question bank."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openhire.core.errors import OpenhireError, ValidationFailed
from openhire.core.permissions import roles_required
from openhire.jobs import interchange, selectors, services
from openhire.jobs.forms import CompetencyForm, ImportForm, QuestionForm
from openhire.jobs.models import Question
from openhire.jobs.services.questions import DuplicateQuestion
from openhire.jobs.views.common import READERS, WRITERS, can_write, form_error, language, viewer


@roles_required(*READERS)
def competency_list(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    form = CompetencyForm(request.POST or None)
    if request.method == "POST":
        if not can_write(user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            assert user.organization is not None
            try:
                services.competency_create(organization=user.organization, actor=user, **form.values())
            except OpenhireError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Competency added to the library."))
                return redirect("jobs:competencies")
    return render(
        request,
        "jobs/competency_list.html",
        {
            "competencies": selectors.competencies_for(user),
            "form": form,
            "can_write": can_write(user),
            "lang": language(request),
        },
    )


@roles_required(*WRITERS)
def competency_edit(request: HttpRequest, competency_id: str) -> HttpResponse:
    user = viewer(request)
    competency = selectors.access_competency(user, competency_id)
    form = CompetencyForm(request.POST or None, initial=CompetencyForm.initial_for(competency))
    if request.method == "POST" and form.is_valid():
        try:
            services.competency_update(competency=competency, actor=user, changes=form.values())
        except OpenhireError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Competency saved."))
            return redirect("jobs:competencies")
    return render(request, "jobs/competency_edit.html", {"form": form, "competency": competency})


def _filters(request: HttpRequest) -> selectors.QuestionFilters:
    difficulty = request.GET.get("difficulty", "")
    return selectors.QuestionFilters(
        competency=request.GET.get("competency", ""),
        type=request.GET.get("type", ""),
        language=request.GET.get("language", ""),
        difficulty=int(difficulty) if difficulty in ("1", "2", "3") else None,
        q=request.GET.get("q", "").strip(),
        archived=request.GET.get("archived") == "1",
    )


@roles_required(*READERS)
def question_list(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    filters = _filters(request)
    page = Paginator(selectors.questions_list(user, filters), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "competencies": selectors.competencies_for(user),
        "types": Question.Type.choices,
        "can_write": can_write(user),
        "import_form": ImportForm(),
        "lang": language(request),
        "query": request.GET.urlencode(),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "jobs/_question_rows.html", context)
    return render(request, "jobs/question_list.html", context)


def _competency_choices(request: HttpRequest) -> list[tuple[str, str]]:
    lang = language(request)
    return [
        (str(c.id), (c.name_en if lang == "en" and c.name_en else c.name_zh))
        for c in selectors.competencies_for(viewer(request))
    ]


@roles_required(*WRITERS)
def question_new(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    form = QuestionForm(
        request.POST or None,
        competencies=_competency_choices(request),
        initial={"competency": request.GET.get("competency", "")},
    )
    duplicates = []
    if request.method == "POST" and form.is_valid():
        assert user.organization is not None
        try:
            question = services.question_create(
                organization=user.organization,
                actor=user,
                competency=selectors.access_competency(user, form.cleaned_data["competency"]),
                allow_duplicate=form.cleaned_data["allow_duplicate"],
                **form.values(),
            )
        except DuplicateQuestion as exc:
            form_error(form, exc)
            duplicates = _duplicates(user, exc)
        except OpenhireError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Question added to the bank."))
            return redirect(f"{redirect('jobs:questions').url}?competency={question.competency_id}")
    return render(
        request, "jobs/question_form.html", {"form": form, "question": None, "duplicates": duplicates}
    )


def _duplicates(user, exc: DuplicateQuestion) -> list[tuple[Question, int]]:  # type: ignore[no-untyped-def]
    by_id = {
        str(q.id): q for q in selectors.questions_list(user).filter(id__in=[m.ident for m in exc.matches])
    }
    return [(by_id[m.ident], round(100 * m.similarity)) for m in exc.matches if m.ident in by_id]


@roles_required(*WRITERS)
def question_edit(request: HttpRequest, question_id: str) -> HttpResponse:
    user = viewer(request)
    question = selectors.access_question(user, question_id)
    form = QuestionForm(
        request.POST or None,
        competencies=_competency_choices(request),
        initial=QuestionForm.initial_for(question),
    )
    duplicates = []
    if request.method == "POST" and form.is_valid():
        changes = {
            **form.values(),
            "competency": selectors.access_competency(user, form.cleaned_data["competency"]),
        }
        try:
            services.question_update(
                question=question,
                actor=user,
                changes=changes,
                allow_duplicate=form.cleaned_data["allow_duplicate"],
            )
        except DuplicateQuestion as exc:
            form_error(form, exc)
            duplicates = _duplicates(user, exc)
        except OpenhireError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Question saved."))
            return redirect("jobs:questions")
    return render(
        request, "jobs/question_form.html", {"form": form, "question": question, "duplicates": duplicates}
    )


@require_POST
@roles_required(*WRITERS)
def question_duplicates_hint(request: HttpRequest) -> HttpResponse:
    """htmx: similar questions already in the bank, shown while a question is being written."""
    from openhire.jobs.services.questions import question_duplicates

    user = viewer(request)
    matches = question_duplicates(
        organization_id=user.organization_id,
        text_zh=request.POST.get("text_zh", ""),
        text_en=request.POST.get("text_en", ""),
        exclude_id=request.POST.get("question_id") or None,
    )
    duplicates = _duplicates(user, DuplicateQuestion(matches)) if matches else []
    return render(request, "jobs/_duplicates.html", {"duplicates": duplicates})


@require_POST
@roles_required(*WRITERS)
def question_archive(request: HttpRequest, question_id: str) -> HttpResponse:
    user = viewer(request)
    question = selectors.access_question(user, question_id)
    archived = request.POST.get("restore") != "1"
    services.question_archive(question=question, actor=user, archived=archived)
    messages.success(request, _("Question archived.") if archived else _("Question restored."))
    return redirect("jobs:questions")


@roles_required(*READERS)
def question_export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "xlsx")
    if fmt not in interchange.FORMATS:
        fmt = "xlsx"
    content = interchange.export_bank(selectors.questions_list(viewer(request), _filters(request)), fmt)
    content_type, ext = interchange.FORMATS[fmt]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="question-bank.{ext}"'
    return response


@require_POST
@roles_required(*WRITERS)
def question_import(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to import."))
        return redirect("jobs:questions")
    upload = form.cleaned_data["file"]
    assert user.organization is not None
    try:
        fmt = interchange.guess_format(upload.name)
        result = services.questions_import(
            organization=user.organization,
            actor=user,
            content=upload.read(interchange.MAX_IMPORT_BYTES + 1),
            fmt=fmt,
        )
    except ValidationFailed as exc:
        messages.error(request, str(exc.message))
        return redirect("jobs:questions")
    return render(request, "jobs/import_result.html", {"result": result})
