from __future__ import annotations

import pytest

from openhire.audit.models import AuditEvent
from openhire.candidates.models import Application, Candidate
from openhire.candidates.services import candidate_correct, candidate_create
from openhire.core.errors import Conflict
from tests.candidates.helpers import make_job


def test_same_person_by_phone_email_or_name_and_birth_date_is_one_candidate(org, job, users):
    other_job = make_job(org, title="柜员")
    a, _ = candidate_create(
        organization=org, actor=users["recruiter"], name="王芳", phone="+86 139-0000-0001", job=job
    )
    b, _ = candidate_create(
        organization=org, actor=users["recruiter"], name="王芳", phone="13900000001", job=other_job
    )
    assert b.candidate.id == a.candidate.id and not b.created
    c, _ = candidate_create(organization=org, actor=None, name="Li", email="LI@Example.com ")
    d, _ = candidate_create(
        organization=org, actor=None, name="Li Lei", email="li@example.com", phone="13900000009"
    )
    assert d.candidate.id == c.candidate.id
    e, _ = candidate_create(
        organization=org, actor=None, name="张 伟", phone="13900000002", birth_date="1990年3月7日"
    )
    f, _ = candidate_create(
        organization=org, actor=None, name="张伟", email="z@example.com", birth_date="1990-03-07"
    )
    assert f.candidate.id == e.candidate.id
    assert Candidate.objects.count() == 3
    assert Application.objects.filter(candidate=a.candidate).count() == 2


def test_second_application_to_the_same_job_is_refused(org, job, users):
    candidate_create(organization=org, actor=None, name="王芳", phone="13900000001", job=job)
    with pytest.raises(Conflict) as err:
        candidate_create(organization=org, actor=None, name="王芳", phone="13900000001", job=job)
    assert err.value.code == "already_applied"
    assert Application.objects.count() == 1


def test_candidates_never_cross_organisations(org, other_org, job):
    candidate_create(organization=org, actor=None, name="王芳", phone="13900000001", job=job)
    result, _ = candidate_create(organization=other_org, actor=None, name="王芳", phone="13900000001")
    assert result.created


def test_corrections_are_kept_apart_from_the_parse_and_audited(org, job, users):
    result, _ = candidate_create(organization=org, actor=None, name="王芳", phone="13900000001", job=job)
    candidate = result.candidate
    candidate.parsed = {"name": "王芳", "skills": ["Excel"], "total_years": 1.0}
    candidate.profile = dict(candidate.parsed)
    candidate.save()
    candidate_correct(
        candidate=candidate, actor=users["recruiter"], changes={"skills": ["Excel", "SQL"], "total_years": 3}
    )
    candidate.refresh_from_db()
    assert candidate.parsed["skills"] == ["Excel"]
    assert candidate.corrections == {"skills": ["Excel", "SQL"], "total_years": 3.0}
    assert candidate.profile["skills"] == ["Excel", "SQL"] and candidate.profile["total_years"] == 3.0
    event = AuditEvent.objects.get(action="candidate.corrected")
    assert event.after == {"fields": ["skills", "total_years"]} and event.object_label == ""
