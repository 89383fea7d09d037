from __future__ import annotations

import pytest

from tests.candidates.helpers import make_job


@pytest.fixture(autouse=True)
def _keep_test_transaction(monkeypatch):
    """The worker closes "obsolete" connections between tasks; keep the test's connection open."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


@pytest.fixture
def job(org, users):
    return make_job(
        org,
        members={
            "recruiter": users["recruiter"],
            "interviewer": users["interviewer"],
            "hiring_manager": users["hiring_manager"],
        },
    )
