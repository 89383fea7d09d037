"""Background tasks of the screening app (take ids, load state, call a service; idempotent)."""

from __future__ import annotations

from django_tasks import task

from openhire.core import progress


@task(queue_name="default")
def job_screen_run(job_id: str, progress_key: str) -> dict[str, int]:
    """Screen every active application of a job; re-running it rewrites nothing that did not change."""
    from openhire.screening.services import job_screen_process

    try:
        return job_screen_process(job_id=job_id, progress_key=progress_key)
    except Exception as exc:
        progress.progress_fail(progress_key, message=f"{type(exc).__name__}: {exc}")
        raise
