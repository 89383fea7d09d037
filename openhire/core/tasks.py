"""Background tasks of the core app. Tasks take ids/keys, are idempotent, and report progress."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from openhire.core import progress
from openhire.core.rotation import reencrypt_everything


@task(queue_name="default")
def reencrypt_all(progress_key: str) -> dict[str, Any]:
    """Re-encrypt every field and file under the newest key. Safe to run again after a crash: values
    already under the newest key are skipped."""
    progress.progress_running(progress_key)
    try:
        report = reencrypt_everything()
    except Exception as exc:
        progress.progress_fail(progress_key, message=str(exc))
        raise
    result = {"fields": report.fields, "files": report.files, "unchanged": report.unchanged}
    progress.progress_finish(progress_key, result=result)
    return result


@task(queue_name="default")
def dispatch_event(event_id: str) -> None:
    """Run the registered handlers for one event, once (re-runs after a crash are safe: handlers are
    idempotent and the dispatched mark is set only after they all ran)."""
    from django.utils import timezone

    from openhire.core import events
    from openhire.core.models import DomainEvent

    event = DomainEvent.objects.filter(id=event_id, dispatched_at__isnull=True).first()
    if event is None:
        return
    events.dispatch(event)
    DomainEvent.objects.filter(id=event.id).update(dispatched_at=timezone.now())
