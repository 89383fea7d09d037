"""Console forms of the jobs app. They only parse input; services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openhire.jobs.models import Job, Question
from openhire.jobs.validation import EDUCATION_LEVELS

EDUCATION_CHOICES = [
    ("none", _("No requirement")),
    ("high_school", _("High school")),
    ("associate", _("Associate degree")),
    ("bachelor", _("Bachelor's degree")),
    ("master", _("Master's degree")),
    ("phd", _("Doctorate")),
]
assert [c for c, _label in EDUCATION_CHOICES] == list(EDUCATION_LEVELS)


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").replace("\n", ",").split(",") if part.strip()]


def bilingual_lines(zh: str, en: str) -> list[dict[str, str]]:
    """Two textareas (one item per line) into ``[{"zh", "en"}]``, paired by line."""
    zh_lines = [s.strip() for s in (zh or "").splitlines() if s.strip()]
    en_lines = [s.strip() for s in (en or "").splitlines() if s.strip()]
    count = max(len(zh_lines), len(en_lines))
    zh_lines += [""] * (count - len(zh_lines))
    en_lines += [""] * (count - len(en_lines))
    return [{"zh": a, "en": b} for a, b in zip(zh_lines, en_lines, strict=True)]


def lines_of(items: list[dict[str, str]], lang: str) -> str:
    return "\n".join(item.get(lang, "") for item in items or [])


class FromTemplateForm(forms.Form):
    template = forms.ChoiceField(label=_("Template"), choices=())
    title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    department = forms.CharField(label=_("Department"), max_length=200, required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    headcount = forms.IntegerField(label=_("Headcount"), min_value=1, max_value=10000, initial=1)

    def __init__(self, *args: Any, templates: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = templates  # type: ignore[attr-defined]
        self.fields["title"].help_text = _("Leave empty to use the template's title.")


class JobForm(forms.Form):
    title = forms.CharField(label=_("Job title"), max_length=200)
    title_en = forms.CharField(label=_("English title"), max_length=200, required=False)
    department = forms.CharField(label=_("Department"), max_length=200, required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    headcount = forms.IntegerField(label=_("Headcount"), min_value=1, max_value=10000, initial=1)
    employment_type = forms.ChoiceField(label=_("Employment type"), choices=Job.EmploymentType.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    responsibilities = forms.CharField(
        label=_("Responsibilities"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("One duty per line."),
    )
    education = forms.ChoiceField(label=_("Minimum education"), choices=EDUCATION_CHOICES, initial="none")
    min_years = forms.IntegerField(
        label=_("Minimum years of experience"), min_value=0, max_value=50, initial=0
    )
    certificates = forms.CharField(
        label=_("Required certificates"),
        required=False,
        help_text=_("Separate with commas, e.g. 银行从业资格, CFA."),
    )
    languages = forms.CharField(label=_("Languages"), required=False, help_text=_("Separate with commas."))
    locations = forms.CharField(
        label=_("Accepted locations"), required=False, help_text=_("Separate with commas.")
    )
    skills = forms.CharField(
        label=_("Weighted skills"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One skill per line as “name: weight”; the weights add up to 100."),
    )
    invite_threshold = forms.IntegerField(
        label=_("AI-interview invitation threshold"), min_value=0, max_value=100, initial=70
    )

    @classmethod
    def initial_for(cls, job: Job) -> dict[str, Any]:
        req = job.hard_requirements or {}
        return {
            **{
                name: getattr(job, name)
                for name in (
                    "title",
                    "title_en",
                    "department",
                    "location",
                    "headcount",
                    "employment_type",
                    "description",
                    "responsibilities",
                    "invite_threshold",
                )
            },
            "education": req.get("education", "none"),
            "min_years": req.get("min_years", 0),
            "certificates": ", ".join(req.get("certificates", [])),
            "languages": ", ".join(req.get("languages", [])),
            "locations": ", ".join(req.get("locations", [])),
            "skills": "\n".join(f"{s['name']}: {s['weight']}" for s in job.skills or []),
        }

    def clean_skills(self) -> list[dict[str, Any]]:
        out = []
        for line in (self.cleaned_data.get("skills") or "").splitlines():
            if not line.strip():
                continue
            name, _sep, weight = line.replace("：", ":").rpartition(":")
            if not name.strip():
                raise forms.ValidationError(_("Write each skill as “name: weight”."))
            try:
                out.append({"name": name.strip(), "weight": int(weight.strip())})
            except ValueError as exc:
                raise forms.ValidationError(_("Write each skill as “name: weight”.")) from exc
        return out

    def job_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "title",
                "title_en",
                "department",
                "location",
                "headcount",
                "employment_type",
                "description",
                "responsibilities",
                "invite_threshold",
                "skills",
            )
        }
        fields["hard_requirements"] = {
            "education": data["education"],
            "min_years": data["min_years"],
            "certificates": _list(data["certificates"]),
            "languages": _list(data["languages"]),
            "locations": _list(data["locations"]),
        }
        return fields


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Job.Status.choices)
    note = forms.CharField(required=False, max_length=2000)


class TeamAddForm(forms.Form):
    user = forms.ChoiceField(label=_("Person"), choices=())
    team_role = forms.ChoiceField(label=_("As"), choices=())

    def __init__(self, *args: Any, users: list[tuple[str, str]], **kwargs: Any) -> None:
        from openhire.jobs.models import JobMember

        super().__init__(*args, **kwargs)
        self.fields["user"].choices = users  # type: ignore[attr-defined]
        self.fields["team_role"].choices = JobMember.TeamRole.choices  # type: ignore[attr-defined]


class CompetencyForm(forms.Form):
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=100)
    name_en = forms.CharField(label=_("Name (English)"), max_length=100, required=False)
    definition_zh = forms.CharField(
        label=_("Definition (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    definition_en = forms.CharField(
        label=_("Definition (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    indicators_zh = forms.CharField(
        label=_("Behavioural indicators (Chinese)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One observable behaviour per line."),
    )
    indicators_en = forms.CharField(
        label=_("Behavioural indicators (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    @classmethod
    def initial_for(cls, competency: Any) -> dict[str, Any]:
        return {
            "name_zh": competency.name_zh,
            "name_en": competency.name_en,
            "definition_zh": competency.definition_zh,
            "definition_en": competency.definition_en,
            "indicators_zh": lines_of(competency.indicators, "zh"),
            "indicators_en": lines_of(competency.indicators, "en"),
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name_zh": data["name_zh"],
            "name_en": data["name_en"],
            "definition_zh": data["definition_zh"],
            "definition_en": data["definition_en"],
            "indicators": bilingual_lines(data["indicators_zh"], data["indicators_en"]),
        }


FOLLOWUP_SLOTS = 2


class QuestionForm(forms.Form):
    competency = forms.ChoiceField(label=_("Competency"), choices=())
    type = forms.ChoiceField(label=_("Type"), choices=Question.Type.choices)
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"),
        coerce=int,
        choices=[(1, _("1 · easy")), (2, _("2 · medium")), (3, _("3 · hard"))],
        initial=2,
    )
    text_zh = forms.CharField(
        label=_("Question (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    text_en = forms.CharField(
        label=_("Question (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    prep_seconds = forms.IntegerField(
        label=_("Preparation time (seconds)"), min_value=0, max_value=600, initial=30
    )
    answer_seconds = forms.IntegerField(
        label=_("Answer time (seconds)"), min_value=10, max_value=1800, initial=120
    )
    ideal_points_zh = forms.CharField(
        label=_("Points of an ideal answer (Chinese)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One point per line; line n in both languages is the same point."),
    )
    ideal_points_en = forms.CharField(
        label=_("Points of an ideal answer (English)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    reference_answer_zh = forms.CharField(
        label=_("Reference answer (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    reference_answer_en = forms.CharField(
        label=_("Reference answer (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    scoring_guide_zh = forms.CharField(
        label=_("Scoring guide (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    scoring_guide_en = forms.CharField(
        label=_("Scoring guide (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    allow_duplicate = forms.BooleanField(label=_("Save even if a similar question exists"), required=False)

    def __init__(self, *args: Any, competencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = competencies  # type: ignore[attr-defined]
        for n in range(FOLLOWUP_SLOTS):
            self.fields[f"fu{n}_any"] = forms.CharField(
                label=_("Follow-up %(n)d: asked when the answer mentions any of") % {"n": n + 1},
                required=False,
                help_text=_(
                    "Words or phrases in Chinese or English, separated by commas, e.g. 失败, failed."
                ),
            )
            self.fields[f"fu{n}_all"] = forms.CharField(label=_("…or mentions all of"), required=False)
            self.fields[f"fu{n}_missing"] = forms.IntegerField(
                label=_("…or misses ideal point number"), required=False, min_value=1, max_value=10
            )
            self.fields[f"fu{n}_question_zh"] = forms.CharField(
                label=_("Follow-up question (Chinese)"), required=False
            )
            self.fields[f"fu{n}_question_en"] = forms.CharField(
                label=_("Follow-up question (English)"), required=False
            )

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "competency": str(question.competency_id),
            "type": question.type,
            "difficulty": question.difficulty,
            "text_zh": question.text_zh,
            "text_en": question.text_en,
            "prep_seconds": question.prep_seconds,
            "answer_seconds": question.answer_seconds,
            "ideal_points_zh": lines_of(question.ideal_points, "zh"),
            "ideal_points_en": lines_of(question.ideal_points, "en"),
        }
        for name in ("reference_answer", "scoring_guide"):
            value = getattr(question, name) or {}
            initial[f"{name}_zh"], initial[f"{name}_en"] = value.get("zh", ""), value.get("en", "")
        for n, rule in enumerate((question.followups or [])[:FOLLOWUP_SLOTS]):
            cond = rule.get("condition", {})
            initial[f"fu{n}_any"] = ", ".join(cond.get("any", []))
            initial[f"fu{n}_all"] = ", ".join(cond.get("all", []))
            missing = cond.get("missing_point")
            initial[f"fu{n}_missing"] = None if missing is None else missing + 1
            initial[f"fu{n}_question_zh"] = rule.get("question", {}).get("zh", "")
            initial[f"fu{n}_question_en"] = rule.get("question", {}).get("en", "")
        return initial

    def followup_slots(self) -> list[list[Any]]:
        return [
            [self[f"fu{n}_{part}"] for part in ("any", "all", "missing", "question_zh", "question_en")]
            for n in range(FOLLOWUP_SLOTS)
        ]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        rules = []
        for n in range(FOLLOWUP_SLOTS):
            parts = [data.get(f"fu{n}_{p}") for p in ("any", "all", "missing", "question_zh", "question_en")]
            if not any(p not in (None, "") for p in parts):
                continue
            missing = data.get(f"fu{n}_missing")
            rules.append(
                {
                    "condition": {
                        "any": _list(data.get(f"fu{n}_any") or ""),
                        "all": _list(data.get(f"fu{n}_all") or ""),
                        "missing_point": None if missing is None else missing - 1,
                    },
                    "question": {
                        "zh": data.get(f"fu{n}_question_zh") or "",
                        "en": data.get(f"fu{n}_question_en") or "",
                    },
                }
            )
        return {
            "type": data["type"],
            "difficulty": data["difficulty"],
            "text_zh": data["text_zh"],
            "text_en": data["text_en"],
            "prep_seconds": data["prep_seconds"],
            "answer_seconds": data["answer_seconds"],
            "ideal_points": bilingual_lines(data["ideal_points_zh"], data["ideal_points_en"]),
            "reference_answer": {"zh": data["reference_answer_zh"], "en": data["reference_answer_en"]},
            "scoring_guide": {"zh": data["scoring_guide_zh"], "en": data["scoring_guide_en"]},
            "followups": rules,
        }


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("YAML, JSON or Excel (.xlsx), as exported here."))


class PlanForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language the candidate sees"),
        choices=[("zh", _("Chinese")), ("en", _("English")), ("both", _("Chinese and English"))],
    )
    intro_zh = forms.CharField(
        label=_("Welcome text (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    intro_en = forms.CharField(
        label=_("Welcome text (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    mode = forms.ChoiceField(
        label=_("Questions"),
        choices=[("drawn", _("Drawn per competency from the bank")), ("fixed", _("A fixed list"))],
        widget=forms.RadioSelect,
    )
    per_competency = forms.IntegerField(label=_("Questions per competency"), min_value=1, max_value=10)
    balance = forms.ChoiceField(
        label=_("Balance rule"),
        choices=[
            ("types", _("Mix question types")),
            ("difficulty", _("Mix difficulty levels")),
            ("random", _("Purely random")),
        ],
    )
    seed = forms.IntegerField(
        label=_("Draw seed"),
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("The same seed draws the same questions."),
    )
    retakes = forms.IntegerField(label=_("Retakes allowed per question"), min_value=0, max_value=5)
    allow_text_answers = forms.BooleanField(
        label=_("Candidates may type answers instead of recording"), required=False
    )
    allow_start_now = forms.BooleanField(
        label=_("Candidates may start right away without booking"), required=False
    )
    booking_enabled = forms.BooleanField(label=_("Candidates may book a time slot"), required=False)
    pass_threshold = forms.IntegerField(label=_("Overall pass threshold (0–100)"), min_value=0, max_value=100)
    invitation_valid_days = forms.IntegerField(
        label=_("Invitation valid for (days)"), min_value=1, max_value=90
    )

    @classmethod
    def initial_for(cls, settings: dict[str, Any]) -> dict[str, Any]:
        selection = settings["selection"]
        return {
            "language": settings["language"],
            "intro_zh": settings["intro"].get("zh", ""),
            "intro_en": settings["intro"].get("en", ""),
            "mode": selection["mode"],
            "per_competency": selection["per_competency"],
            "balance": selection["balance"],
            "seed": selection["seed"],
            "retakes": settings["retakes"],
            "allow_text_answers": settings["allow_text_answers"],
            "allow_start_now": settings["allow_start_now"],
            "booking_enabled": settings["booking"].get("enabled", True),
            "pass_threshold": settings["pass_threshold"],
            "invitation_valid_days": settings["invitation_valid_days"],
        }

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "language": data["language"],
            "intro": {"zh": data["intro_zh"], "en": data["intro_en"]},
            "selection": {
                "mode": data["mode"],
                "per_competency": data["per_competency"],
                "balance": data["balance"],
                "seed": data["seed"],
            },
            "retakes": data["retakes"],
            "allow_text_answers": data["allow_text_answers"],
            "allow_start_now": data["allow_start_now"],
            "booking": {"enabled": data["booking_enabled"]},
            "pass_threshold": data["pass_threshold"],
            "invitation_valid_days": data["invitation_valid_days"],
        }
