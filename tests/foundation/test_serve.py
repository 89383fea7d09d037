"""``openhire serve`` (what ``make run`` calls) on a fresh data directory: migrates, loads the demo
organisation, prints the logins, serves the console with a live worker, and stops cleanly."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_serve_on_a_fresh_data_directory(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "OPENHIRE_TESTING")}
    env.update(OPENHIRE_DATA_DIR=str(tmp_path / "data"), PYTHONUNBUFFERED="1")
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "openhire.cli", "serve", "--port", str(port)],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        health = None
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    health = json.loads(r.read())
                if health["worker"]["ok"]:
                    break
            except OSError:
                pass
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            time.sleep(0.2)
        assert health is not None and health["database"] == {"ok": True, "vendor": "sqlite"}
        assert health["worker"]["ok"], health
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as r:
            assert r.status == 200 and "openhire" in r.read().decode()
        output = (tmp_path / "serve.log").read_text()
        assert "示例银行 / Demo Bank" in output and "openhire-demo-2026" in output
        for role in ("admin", "recruiter", "interviewer", "manager", "auditor"):
            assert f"  {role}" in output
        assert (tmp_path / "data" / "openhire.sqlite3").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        log.close()


def test_serve_points_links_at_its_own_port_unless_told_otherwise(monkeypatch):
    from openhire.web_cli import default_base_url

    monkeypatch.delenv("OPENHIRE_BASE_URL", raising=False)
    default_base_url("0.0.0.0", 8020)
    assert os.environ["OPENHIRE_BASE_URL"] == "http://127.0.0.1:8020"
    monkeypatch.setenv("OPENHIRE_BASE_URL", "https://hire.example.com")
    default_base_url("127.0.0.1", 8020)
    assert os.environ["OPENHIRE_BASE_URL"] == "https://hire.example.com"
