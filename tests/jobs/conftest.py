from __future__ import annotations

from pathlib import Path

import pytest

from tests.jobs.helpers import template_data, write_template


@pytest.fixture
def template_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "job_templates"
    write_template(folder, template_data())
    return folder


@pytest.fixture
def team_job(org, users, template_dir):  # type: ignore[no-untyped-def]
    """A job made from the test template by the recruiter, with every staff user on its team."""
    from openhire.jobs import services
    from tests.jobs.helpers import job_from_template

    job = job_from_template(org, users["recruiter"], template_dir)
    for role, team_role in (("interviewer", "interviewer"), ("hiring_manager", "hiring_manager")):
        services.job_member_add(job=job, user=users[role], team_role=team_role, actor=None)
    return job
