"""Background tasks of the notifications app: take ids, call a service; safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def delivery_send(delivery_id: str) -> str:
    from openhire.notifications.services import delivery_attempt

    delivery = delivery_attempt(delivery_id=delivery_id)
    return delivery.status if delivery is not None else "missing"
