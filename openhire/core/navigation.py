"""Console navigation entries contributed by apps (registered from their AppConfig.ready)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NavEntry:
    key: str
    url: str
    label: Any  # a lazy translation
    roles: tuple[str, ...]
    order: int = 100


_entries: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> None:
    _entries[entry.key] = entry


def entries() -> list[NavEntry]:
    return sorted(_entries.values(), key=lambda e: (e.order, e.key))
