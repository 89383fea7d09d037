"""Background tasks of the candidates app (take ids, load state, call a service; idempotent)."""

from __future__ import annotations

from django_tasks import task

from openhire.core import progress


@task(queue_name="default")
def intake_batch_run(batch_id: str) -> dict[str, int]:
    """Parse, de-duplicate, apply and screen the waiting resumes of one intake batch. Running it twice
    (or two at once) is safe: each item is claimed under a row lock and processed once."""
    from openhire.candidates.models import IntakeBatch
    from openhire.candidates.services import intake_batch_process

    batch = IntakeBatch.objects.filter(id=batch_id).first()
    if batch is None:
        return {}
    try:
        return intake_batch_process(batch_id=batch.id)
    except Exception as exc:
        progress.progress_fail(batch.progress_key, message=f"{type(exc).__name__}: {exc}")
        raise
