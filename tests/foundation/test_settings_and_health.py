from __future__ import annotations

import os
import subprocess
import sys

from django.test import Client

from openhire.config import env


def _import_settings(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECRET_KEY", "OPENHIRE_ENCRYPTION_KEYS", "DEBUG"))
    }
    environ.update(extra)
    return subprocess.run(
        [sys.executable, "-c", "import openhire.config.settings"],
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_secrets(tmp_path):
    result = _import_settings({"DEBUG": "false", "OPENHIRE_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
    secret = tmp_path / "secret"
    secret.write_text("s" * 50)
    result = _import_settings(
        {"DEBUG": "false", "SECRET_KEY_FILE": str(secret), "OPENHIRE_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode != 0 and "OPENHIRE_ENCRYPTION_KEYS" in result.stderr
    result = _import_settings(
        {
            "DEBUG": "false",
            "SECRET_KEY_FILE": str(secret),
            "OPENHIRE_DATA_DIR": str(tmp_path),
            "OPENHIRE_ENCRYPTION_KEYS": "k1:" + "A" * 43 + "=",
        }
    )
    assert result.returncode == 0, result.stderr


def test_env_helpers_read_file_secrets_and_validate(tmp_path, monkeypatch):
    path = tmp_path / "pw"
    path.write_text("from-file\n")
    monkeypatch.delenv("X_TEST", raising=False)
    monkeypatch.setenv("X_TEST_FILE", str(path))
    assert env.env_str("X_TEST") == "from-file"
    monkeypatch.setenv("X_BOOL", "maybe")
    try:
        env.env_bool("X_BOOL")
    except env.ConfigError as exc:
        assert "X_BOOL" in str(exc)
    else:
        raise AssertionError("a malformed boolean must be refused")


def test_healthz_reports_database_and_worker(db):
    from django.utils import timezone

    from openhire.core.models import WorkerHeartbeat

    report = Client().get("/healthz").json()
    assert report["database"]["ok"] is True
    assert report["worker"]["ok"] is False and report["status"] == "degraded"
    WorkerHeartbeat.objects.create(
        worker_id="w1",
        hostname="h",
        pid=1,
        queues="default",
        started_at=timezone.now(),
        seen_at=timezone.now(),
    )
    report = Client().get("/healthz").json()
    assert report["worker"]["ok"] is True and report["status"] == "ok"


def test_openapi_schema_is_served(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in schema["paths"]


def test_cli_lists_its_commands():
    result = subprocess.run(
        [sys.executable, "-m", "openhire.cli", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("serve", "worker", "demo", "manage"):
        assert command in result.stdout
