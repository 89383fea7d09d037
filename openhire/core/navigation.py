"""Console navigation entries and home-page tiles contributed by apps (registered from AppConfig.ready)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Tile:
    """One figure on the console home page: what needs doing, with a link to where it is done."""

    label: Any  # a lazy translation
    value: int
    url: str
    attention: bool = False  # highlighted while the value is above zero


@dataclass(frozen=True)
class NavEntry:
    key: str
    url: str
    label: Any  # a lazy translation
    roles: tuple[str, ...]
    order: int = 100
    # The entry's tiles for the home page, computed with the app's own (access-checked) selectors.
    summary: Callable[[Any], list[Tile]] | None = None


_entries: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> None:
    _entries[entry.key] = entry


def entries() -> list[NavEntry]:
    return sorted(_entries.values(), key=lambda e: (e.order, e.key))


def home_sections(user: Any) -> list[tuple[NavEntry, list[Tile]]]:
    """The entries the user may open, each with its tiles (entries without a summary are left out)."""
    return [
        (entry, entry.summary(user))
        for entry in entries()
        if entry.summary is not None and user.role in entry.roles
    ]
