from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openhire.candidates.profile import (
    EDUCATION_KEYS,
    EXPERIENCE_KEYS,
    rows_to_text,
    split_list,
    text_to_rows,
)


class ApplyForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=100)
    phone = forms.CharField(label=_("Mobile phone"), max_length=32)
    email = forms.EmailField(label=_("E-mail"), required=False)
    resume = forms.FileField(label=_("Resume (PDF, Word or TXT)"))
    consent = forms.BooleanField(label=_("I have read and agree to the privacy notice"), required=True)

    def clean_phone(self) -> str:
        from openhire.candidates.profile import normalize_phone

        phone = normalize_phone(self.cleaned_data["phone"])
        if not 7 <= len(phone) <= 15:
            raise forms.ValidationError(_("Enter a valid mobile phone number."))
        return phone


class ImportUploadForm(forms.Form):
    job = forms.ChoiceField(label=_("Apply the imported candidates to"), required=False)
    file = forms.FileField(label=_("Excel (.xlsx) or CSV file"))

    def __init__(self, *args: Any, jobs: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        job_field = self.fields["job"]
        assert isinstance(job_field, forms.ChoiceField)
        job_field.choices = [
            ("", _("No job (talent pool only)")),
            *((str(j.id), j.title) for j in jobs),
        ]


class CorrectionForm(forms.Form):
    """HR's corrections of the parsed profile; lists are comma-separated, entries one per line."""

    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=200, required=False)
    phone = forms.CharField(label=_("Mobile phone"), max_length=32, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    total_years = forms.DecimalField(
        label=_("Years of experience"), min_value=0, max_value=60, decimal_places=1, required=False
    )
    skills = forms.CharField(label=_("Skills"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    certificates = forms.CharField(
        label=_("Certificates"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    languages = forms.CharField(label=_("Languages"), required=False)
    awards = forms.CharField(label=_("Awards"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    education = forms.CharField(
        label=_("Education"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: school | degree | major | start | end | GPA"),
    )
    experience = forms.CharField(
        label=_("Experience"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: company | title | start | end | description"),
    )

    @classmethod
    def initial_for(cls, profile: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            k: profile.get(k, "") for k in ("name", "phone", "email", "location", "total_years")
        }
        for key in ("skills", "certificates", "languages", "awards"):
            initial[key] = ", ".join(profile.get(key) or [])
        initial["education"] = rows_to_text(list(profile.get("education") or []), EDUCATION_KEYS)
        initial["experience"] = rows_to_text(list(profile.get("experience") or []), EXPERIENCE_KEYS)
        return initial

    def changes(self) -> dict[str, Any]:
        """Only the fields HR changed (compared with the form's initial values)."""
        from openhire.ai.matching.dictionary import load_dictionary

        out: dict[str, Any] = {}
        for name in self.changed_data:
            value = self.cleaned_data[name]
            if name in ("skills", "certificates", "languages"):
                # stored under the dictionary's canonical names, whichever name HR typed
                dictionary = load_dictionary()
                out[name] = [
                    term.canonical if (term := dictionary.lookup(item)) is not None else item
                    for item in split_list(value)
                ]
            elif name == "awards":
                out[name] = split_list(value)
            elif name == "education":
                rows = text_to_rows(value, EDUCATION_KEYS)
                dictionary = load_dictionary()
                for row in rows:
                    row["degree"] = dictionary.degree_level(row.get("degree_text", "")) or ""
                out[name] = rows
            elif name == "experience":
                rows = text_to_rows(value, EXPERIENCE_KEYS)
                for row in rows:
                    row["current"] = str(row.get("end") or "").lower() in ("至今", "present", "now")
                    if row["current"]:
                        row["end"] = None
                    row["kind"] = "work"
                out[name] = rows
            elif name == "total_years":
                out[name] = float(value) if value is not None else 0.0
            else:
                out[name] = value
        return out
