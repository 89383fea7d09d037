"""Progress rows for background jobs (a page polls them to draw a progress bar)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import F

from openhire.core.models import TaskProgress


def progress_start(
    *, organization_id: Any, kind: str, total: int = 0, key: str | None = None
) -> TaskProgress:
    return TaskProgress.objects.create(
        organization_id=organization_id, kind=kind, key=key or uuid.uuid4().hex, total=total
    )


def progress_running(key: str, *, total: int | None = None) -> None:
    fields: dict[str, Any] = {"status": TaskProgress.Status.RUNNING}
    if total is not None:
        fields["total"] = total
    TaskProgress.objects.filter(key=key).update(**fields)


def progress_set(key: str, *, done: int) -> None:
    TaskProgress.objects.filter(key=key).update(done=done)


def progress_advance(key: str, *, by: int = 1) -> None:
    TaskProgress.objects.filter(key=key).update(done=F("done") + by)


def progress_finish(key: str, *, result: dict[str, Any] | None = None, message: str = "") -> None:
    TaskProgress.objects.filter(key=key).update(
        status=TaskProgress.Status.DONE, result=result or {}, message=message
    )


def progress_fail(key: str, *, message: str) -> None:
    TaskProgress.objects.filter(key=key).update(status=TaskProgress.Status.FAILED, message=message[:2000])
