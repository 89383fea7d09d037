"""A tiny idempotent task used to exercise the task backends."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django_tasks import task

from openhire.core.models import TaskRun


@task(queue_name="default")
def record_once(key: str) -> int:
    try:
        with transaction.atomic():
            TaskRun.objects.create(key=key, result={"runs": 1})
    except IntegrityError:
        pass  # already done: running again changes nothing
    return TaskRun.objects.filter(key=key).count()
