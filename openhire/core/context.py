"""Where the current request came from, for audit rows written deep inside services and selectors."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str = ""
    user_agent: str = ""
    channel: str = "system"  # web | api | cli | task | system


_DEFAULT = RequestContext()
_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "openhire_request", default=_DEFAULT
)


def current() -> RequestContext:
    return _current.get()


@contextmanager
def using(ctx: RequestContext) -> Iterator[None]:
    token = _current.set(ctx)
    try:
        yield
    finally:
        _current.reset(token)
