from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from openhire.core import progress
from openhire.core.models import TaskProgress, WorkerHeartbeat
from openhire.core.tasks import reencrypt_all
from openhire.core.worker import reap_stale_tasks, run_db_worker
from tests.foundation.task_fixtures import record_once


@pytest.fixture(autouse=True)
def _keep_test_transaction(monkeypatch):
    """The worker closes "obsolete" connections between tasks; inside a test's transaction that would
    close the connection that holds the test data, so keep it open."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def test_database_backend_runs_task_in_worker(org):
    key = progress.progress_start(organization_id=org.id, kind="reencrypt").key
    result = reencrypt_all.enqueue(progress_key=key)
    assert DBTaskResult.objects.get(id=result.id).status == "READY"
    run_db_worker(queues=["default"], batch=True, interval=0)
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == "SUCCESSFUL"
    assert TaskProgress.objects.get(key=key).status == "done"
    assert not WorkerHeartbeat.objects.exists()  # the worker cleans up its heartbeat on exit


def test_deferred_task_waits_for_its_time(org, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    result = record_once.using(run_after=timezone.now() + timedelta(hours=1)).enqueue(key="deferred")
    run_db_worker(queues=["default"], batch=True, interval=0)
    assert DBTaskResult.objects.get(id=result.id).status == "READY"
    time_machine.shift(timedelta(hours=1, seconds=1))
    run_db_worker(queues=["default"], batch=True, interval=0)
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"


def test_task_retried_after_worker_crash_produces_one_result(
    settings, org, make_user, monkeypatch, time_machine
):
    """A worker dies mid-task; the task is requeued from the missing heartbeat and finishes once."""
    import os

    from openhire.core.storage import EncryptedStorage

    names = [default_storage.save("docs/f.bin", ContentFile(f"file {i}".encode())) for i in range(4)]
    old = settings.OPENHIRE_ENCRYPTION_KEYS[0]
    settings.OPENHIRE_ENCRYPTION_KEYS = [("k2", os.urandom(32)), old]
    key = progress.progress_start(organization_id=org.id, kind="reencrypt").key
    result = reencrypt_all.enqueue(progress_key=key)

    # Simulate the worker process being killed after two files: the exception escapes like a kill would
    # (BaseException, not caught by the task), and the task row stays RUNNING because we never let the
    # worker loop record the outcome.
    real = EncryptedStorage.reencrypt
    calls = {"n": 0}

    class Killed(BaseException):
        pass

    def dying(self, name):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise Killed
        return real(self, name)

    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id="dead-worker",
        excluded_queue_names=[],
    )
    WorkerHeartbeat.objects.create(
        worker_id="dead-worker",
        hostname="h",
        pid=1,
        queues="default",
        started_at=timezone.now(),
        seen_at=timezone.now(),
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(EncryptedStorage, "reencrypt", dying)
        mp.setattr(DBTaskResult, "set_failed", lambda self, exc: None)  # the dead worker records nothing
        worker.run()
    assert DBTaskResult.objects.get(id=result.id).status == "RUNNING"

    assert reap_stale_tasks() == 0  # heartbeat still fresh: not reaped
    time_machine.move_to(timezone.now() + timedelta(minutes=5))
    assert reap_stale_tasks() == 1
    run_db_worker(queues=["default"], batch=True, interval=0)

    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    done = TaskProgress.objects.get(key=key)
    assert done.status == "done"
    assert all(default_storage.key_id(n) == "k2" for n in names)
    assert all(default_storage.open(n).read() == f"file {i}".encode() for i, n in enumerate(names))
    assert done.result["files"] == 2  # the first two were done before the crash and skipped on retry


def test_idempotent_task_runs_once_per_key(org):
    from openhire.core.models import TaskRun

    record_once.enqueue(key="same")
    record_once.enqueue(key="same")
    run_db_worker(queues=["default"], batch=True, interval=0)
    assert TaskRun.objects.filter(key="same").count() == 1
    assert TaskRun.objects.get(key="same").result["runs"] == 1


@pytest.mark.redis
def test_rq_backend_against_real_redis(settings, db):
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", "media", "reports"]}
    }
    queue = django_rq.get_queue("default", job_class=Job)
    queue.empty()
    try:
        result = record_once.enqueue(key="rq-now")
        deferred = record_once.using(run_after=timezone.now() + timedelta(seconds=1)).enqueue(key="rq-later")
        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
        from openhire.core.models import TaskRun

        assert TaskRun.objects.filter(key="rq-now").exists()
        assert not TaskRun.objects.filter(key="rq-later").exists()
        assert result.id
        import time

        time.sleep(1.2)
        # move due scheduled jobs to the queue the way the RQ scheduler does, then work again
        from rq.scheduler import RQScheduler

        scheduler = RQScheduler([queue], connection=queue.connection)
        scheduler.acquire_locks()
        scheduler.enqueue_scheduled_jobs()
        scheduler.release_locks()
        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
        assert TaskRun.objects.filter(key="rq-later").exists()
        assert deferred.id
    finally:
        queue.empty()
