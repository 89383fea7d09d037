"""The embedded task worker (database backend) with a heartbeat and crash recovery.

A worker process writes a heartbeat row every few seconds. When a worker dies mid-task (killed,
machine lost), its task stays RUNNING; any live worker notices the missing heartbeat and puts the task
back in the queue. Tasks are idempotent (they take ids and re-check state), so running one again
gives one result.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from openhire.core import periodic
from openhire.core.models import WorkerHeartbeat

logger = logging.getLogger("openhire.worker")


def heartbeat_interval() -> int:
    return int(settings.OPENHIRE_WORKER_HEARTBEAT_SECONDS)


def beat(worker_id: str, queues: str) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "queues": queues[:255],
            "seen_at": now,
        },
        create_defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "queues": queues[:255],
            "seen_at": now,
            "started_at": now,
        },
    )


def live_workers() -> list[WorkerHeartbeat]:
    cutoff = timezone.now() - timedelta(seconds=3 * heartbeat_interval())
    return list(WorkerHeartbeat.objects.filter(seen_at__gte=cutoff))


def reap_stale_tasks() -> int:
    """Requeue tasks left RUNNING by workers whose heartbeat stopped; return how many."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(seconds=3 * heartbeat_interval())
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    requeued = 0
    with transaction.atomic():
        for task in DBTaskResult.objects.running().select_for_update():
            owner = task.worker_ids[-1] if task.worker_ids else None
            if owner in alive:
                continue
            task.status = "READY"
            task.started_at = None
            task.save(update_fields=["status", "started_at"])
            requeued += 1
            logger.warning(
                "requeued task %s (%s) left running by dead worker %s", task.id, task.task_path, owner
            )
        WorkerHeartbeat.objects.filter(seen_at__lt=cutoff).delete()
    return requeued


class _Heartbeat(threading.Thread):
    """Beats, requeues tasks of dead workers (database backend) and runs periodic jobs."""

    def __init__(self, worker_id: str, queues: str, *, reap: bool = True) -> None:
        super().__init__(daemon=True, name="openhire-heartbeat")
        self.worker_id = worker_id
        self.queues = queues
        self.reap = reap
        self.stopped = threading.Event()

    def run(self) -> None:
        ticks = 0
        while not self.stopped.is_set():
            try:
                close_old_connections()
                beat(self.worker_id, self.queues)
                if self.reap and ticks % 6 == 0:
                    reap_stale_tasks()
                periodic.run_due()
            except Exception:  # the heartbeat must outlive a database hiccup
                logger.exception("worker heartbeat failed")
            finally:
                connection.close()
            ticks += 1
            self.stopped.wait(min(heartbeat_interval(), 5))


def start_heartbeat(*, queues: list[str], reap: bool) -> _Heartbeat:
    """For the RQ worker: heartbeat and periodic jobs in a thread beside RQ's own loop."""
    heart = _Heartbeat(get_random_string(32), ",".join(queues), reap=reap)
    heart.start()
    return heart


def run_db_worker(
    *, queues: list[str], batch: bool = False, interval: float = 1.0, worker_id: str | None = None
) -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    worker_id = worker_id or get_random_string(32)
    names = ",".join(queues)
    beat(worker_id, names)
    reap_stale_tasks()
    heart = _Heartbeat(worker_id, names)
    if not batch:  # a batch run is short-lived: its one beat above is enough
        heart.start()
    worker = Worker(
        queue_names=queues,
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    worker.configure_signals()
    try:
        worker.run()
    finally:
        heart.stopped.set()
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
