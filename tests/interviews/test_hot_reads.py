"""Hand-written SQL of the hot candidate reads and writes: same rows and values as the ORM, both databases."""

from __future__ import annotations

import uuid

from openhire.core import rawsql
from openhire.interviews import selectors
from openhire.interviews.models import UploadSession
from openhire.interviews.session import _load


def _session(interview) -> UploadSession:  # type: ignore[no-untyped-def]
    return UploadSession.objects.create(
        organization_id=interview.organization_id,
        interview=interview,
        question_id="q1",
        expected_size=100,
        sha256="a" * 64,
    )


def test_update_converts_values_and_changes_only_matching_rows(invite):  # type: ignore[no-untyped-def]
    interview = invite().interview
    upload = _session(interview)
    sums = [[0, 10, "b" * 64], [10, 5, "c" * 64]]
    values = {"received": 15, "chunk_sums": sums}
    stale = {"id": upload.pk, "received": 3, "state": UploadSession.State.OPEN}
    assert rawsql.update(UploadSession, values, stale) == 0
    assert rawsql.update(UploadSession, values, {**stale, "received": 0}) == 1
    upload.refresh_from_db()
    assert (upload.received, upload.chunk_sums) == (15, sums)
    assert rawsql.update(UploadSession, {"received": 20}, {**stale, "received": 0}) == 0  # moved on


def test_narrow_loads_read_the_same_row_as_the_orm(invite):  # type: ignore[no-untyped-def]
    interview = invite().interview
    for load in ("light", "state"):
        row = _load(interview.pk, load)
        assert row is not None
        assert (row.pk, row.organization_id, row.session_nonce, row.state) == (
            interview.pk,
            interview.organization_id,
            interview.session_nonce,
            interview.state,
        )
    state = _load(interview.pk, "state")
    assert state is not None and state.snapshot == interview.plan_version.snapshot
    assert _load(uuid.uuid4(), "state") is None


def test_candidate_upload_is_found_only_for_its_own_interview(invite):  # type: ignore[no-untyped-def]
    mine, other = invite("甲").interview, invite("乙").interview
    upload = _session(mine)
    found = selectors.candidate_upload(mine, str(upload.pk))
    assert found is not None and (found.pk, found.expected_size, found.chunk_sums) == (upload.pk, 100, [])
    assert selectors.candidate_upload(other, upload.pk) is None
    assert selectors.candidate_upload(mine, "not-a-uuid") is None
