"""Explicit extension points between apps (plain function registries, not signals).

An app that must act when something happens elsewhere registers a function here from its
``AppConfig.ready``; the service that does the thing calls the hook inside its transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openhire.accounts.models import Organization

_on_organization_created: list[Callable[[Organization], None]] = []


def on_organization_created(fn: Callable[[Organization], None]) -> Callable[[Organization], None]:
    _on_organization_created.append(fn)
    return fn


def organization_created(org: Organization) -> None:
    for fn in _on_organization_created:
        fn(org)


_on_demo_data: list[Callable[[Organization], None]] = []


def on_demo_data(fn: Callable[[Organization], None]) -> Callable[[Organization], None]:
    """Apps add demo content (jobs from templates, candidates, …) for ``openhire demo``."""
    _on_demo_data.append(fn)
    return fn


def demo_data(org: Organization) -> None:
    for fn in _on_demo_data:
        fn(org)
