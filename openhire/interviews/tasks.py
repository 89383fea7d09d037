"""Background work of the interviews app (idempotent; they re-check state when they run)."""

from __future__ import annotations

from django_tasks import task

from openhire.core import context
from openhire.interviews import services


@task(queue_name="default")
def interviews_expire_due() -> int:
    """Mark not-started interviews whose invitation has expired (run periodically by the worker's scheduler)."""
    with context.using(context.RequestContext(channel="task")):
        return services.interviews_expire_due()


@task(queue_name="default")
def interviews_housekeeping() -> dict[str, int]:
    """Drop abandoned upload parts and old token-guess rows (run daily; idempotent)."""
    with context.using(context.RequestContext(channel="task")):
        return {"uploads": services.uploads_clean_stale(), "guesses": services.guesses_forget_old()}
