from __future__ import annotations

from openhire.core import periodic


def test_periodic_jobs_run_when_due_and_errors_do_not_stop_others(monkeypatch):
    monkeypatch.setattr(periodic, "_jobs", {})
    calls: list[str] = []
    periodic.register("a", lambda: calls.append("a"), every_seconds=10)

    def broken() -> None:
        raise RuntimeError("boom")

    periodic.register("b", broken, every_seconds=10)
    assert periodic.run_due(now=100.0) == ["a", "b"]
    assert periodic.run_due(now=105.0) == []  # not due yet
    assert periodic.run_due(now=111.0) == ["a", "b"]
    assert calls == ["a", "a"]
