"""The organisation's competency library and each job's competency model (weights summing to 100)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from openhire.accounts.models import Organization, User
from openhire.audit.services import audit_record
from openhire.core.errors import Conflict, ValidationFailed
from openhire.jobs import validation as v
from openhire.jobs.models import Competency, Job, JobCompetency

LIBRARY_FIELDS = ("name_zh", "name_en", "definition_zh", "definition_en", "indicators", "anchors")


def _clean_library(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    for name in ("name_zh", "name_en", "definition_zh", "definition_en"):
        if name in out:
            out[name] = str(out[name] or "").strip()
    if "name_zh" in out and not (out.get("name_zh") or out.get("name_en")):
        raise ValidationFailed(_("A competency needs a name."), field="name_zh")
    if "indicators" in out:
        out["indicators"] = v.bilingual_list(out["indicators"], field="indicators")
    if "anchors" in out:
        out["anchors"] = v.anchors(out["anchors"])
    return out


def competency_create(
    *,
    organization: Organization,
    actor: User | None,
    name_zh: str,
    name_en: str = "",
    definition_zh: str = "",
    definition_en: str = "",
    key: str = "",
    indicators: list[Any] | None = None,
    anchors: dict[str, Any] | None = None,
) -> Competency:
    fields = _clean_library(
        {
            "name_zh": name_zh,
            "name_en": name_en,
            "definition_zh": definition_zh,
            "definition_en": definition_en,
            "indicators": indicators or [],
            "anchors": anchors or {},
        }
    )
    key = slugify(key).replace("-", "_") if key else ""
    key = key or slugify(fields["name_en"]).replace("-", "_") or f"c_{secrets.token_hex(4)}"
    with transaction.atomic():
        taken = Competency.objects.filter(organization=organization)
        if taken.filter(key=key).exists():
            raise Conflict(_("The library already has a competency with this key."), field="key")
        if fields["name_zh"] and taken.filter(name_zh=fields["name_zh"]).exists():
            raise Conflict(_("The library already has a competency with this name."), field="name_zh")
        competency = Competency.objects.create(organization=organization, key=key[:64], **fields)
        audit_record(
            actor=actor,
            organization=organization,
            action="competency.create",
            obj=competency,
            after={"key": competency.key, "name_zh": competency.name_zh, "name_en": competency.name_en},
        )
    return competency


def competency_update(*, competency: Competency, actor: User | None, changes: dict[str, Any]) -> Competency:
    unknown = set(changes) - set(LIBRARY_FIELDS)
    if unknown:
        raise ValidationFailed(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    fields = _clean_library(changes)
    with transaction.atomic():
        competency = Competency.objects.select_for_update().get(pk=competency.pk)
        if (
            fields.get("name_zh")
            and Competency.objects.filter(
                organization_id=competency.organization_id, name_zh=fields["name_zh"]
            )
            .exclude(pk=competency.pk)
            .exists()
        ):
            raise Conflict(_("The library already has a competency with this name."), field="name_zh")
        before = {name: getattr(competency, name) for name in fields}
        changed = {k: val for k, val in fields.items() if before[k] != val}
        if not changed:
            return competency
        for name, value in changed.items():
            setattr(competency, name, value)
        competency.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            organization=competency.organization,
            action="competency.update",
            obj=competency,
            before={k: before[k] for k in changed if k not in ("indicators", "anchors")},
            after={k: changed[k] for k in changed if k not in ("indicators", "anchors")},
        )
    return competency


@dataclass(frozen=True)
class CompetencyWeight:
    """One row of a job's competency model. ``None`` indicators/anchors keep the current ones (or the library's)."""

    competency_id: UUID | str
    weight: int | str
    min_score: int | None = None
    indicators: list[Any] | None = None
    anchors: dict[str, Any] | None = None


def job_competency_model_set(
    *, job: Job, actor: User | None, items: list[CompetencyWeight]
) -> list[JobCompetency]:
    """Replace the job's competency model; refuses unless the weights add up to 100."""
    weights = [v.weight(item.weight, field=f"items.{i}.weight") for i, item in enumerate(items)]
    if not items:
        raise ValidationFailed(_("Choose at least one competency."), field="items")
    v.require_total_100(weights, field="items")
    ids = [str(item.competency_id) for item in items]
    if len(set(ids)) != len(ids):
        raise ValidationFailed(_("A competency appears twice."), field="items")
    library = {
        str(c.id): c for c in Competency.objects.filter(organization_id=job.organization_id, id__in=ids)
    }
    missing = [i for i in ids if i not in library]
    if missing:
        raise ValidationFailed(_("Unknown competency."), field="items")
    with transaction.atomic():
        Job.objects.select_for_update().get(pk=job.pk)
        current = {str(jc.competency_id): jc for jc in JobCompetency.objects.filter(job=job)}
        before = {current[k].competency.key: current[k].weight for k in current}
        rows = []
        for position, (item, weight) in enumerate(zip(items, weights, strict=True)):
            comp = library[str(item.competency_id)]
            existing = current.pop(str(item.competency_id), None)
            indicators = (
                v.bilingual_list(item.indicators, field=f"items.{position}.indicators")
                if item.indicators is not None
                else (existing.indicators if existing else list(comp.indicators))
            )
            anchors = (
                v.anchors(item.anchors, field=f"items.{position}.anchors")
                if item.anchors is not None
                else (existing.anchors if existing else dict(comp.anchors))
            )
            min_score = v.score_or_none(item.min_score, field=f"items.{position}.min_score")
            row = existing or JobCompetency(organization_id=job.organization_id, job=job, competency=comp)
            row.weight, row.min_score, row.indicators, row.anchors, row.position = (
                weight,
                min_score,
                indicators,
                anchors,
                position,
            )
            row.save()
            rows.append(row)
        for leftover in current.values():
            leftover.delete()
        audit_record(
            actor=actor,
            organization=job.organization,
            action="job.competency_model",
            obj=job,
            before=before,
            after={library[str(i.competency_id)].key: w for i, w in zip(items, weights, strict=True)},
        )
        from openhire.jobs.services.plans import plans_refresh

        plans_refresh(job=job)
    return rows
