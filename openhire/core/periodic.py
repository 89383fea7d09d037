"""Periodic jobs run by every worker process (timers, reminders, clean-up).

Apps register a function from their ``AppConfig.ready``; each worker calls the due ones from its
heartbeat thread. With several workers a job can run in several places at once, so a periodic job
must claim its work rows with one conditional UPDATE (``…filter(claimed_at=None).update(claimed_at=now)``
and act only on the rows it claimed) — never sleep, never keep state in memory.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger("openhire.periodic")


@dataclass
class PeriodicJob:
    name: str
    fn: Callable[[], object]
    every_seconds: float
    last_run: float = field(default=0.0)


_jobs: dict[str, PeriodicJob] = {}


def register(name: str, fn: Callable[[], object], *, every_seconds: float) -> None:
    _jobs[name] = PeriodicJob(name=name, fn=fn, every_seconds=every_seconds)


def jobs() -> list[PeriodicJob]:
    return list(_jobs.values())


def run_due(now: float | None = None) -> list[str]:
    """Run every job whose interval has passed; return the names run. Errors are logged, not raised."""
    now = time.monotonic() if now is None else now
    ran: list[str] = []
    for job in _jobs.values():
        if now - job.last_run < job.every_seconds:
            continue
        job.last_run = now
        try:
            job.fn()
        except Exception:
            logger.exception("periodic job %s failed", job.name)
        ran.append(job.name)
    return ran
