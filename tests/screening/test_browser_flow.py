"""Upload → progress bar → ranked, explained list, in Chromium against a real server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
SETUP = """
from openhire.accounts.demo import demo_load
from openhire.accounts.models import User
from openhire.jobs.models import Job, JobMember
org, _, _ = demo_load()
job = Job.objects.create(organization=org, title="对公客户经理", description="负责对公客户营销与客户关系管理。",
    hard_requirements={"education": "本科"}, skills=[{"name": "客户关系管理", "weight": 40}, {"name": "Excel", "weight": 20}],
    status="open", invite_threshold=60)
JobMember.objects.create(organization=org, job=job, user=User.objects.get(username="recruiter"), team_role="recruiter")
print("JOB", job.id)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path):
    env = {
        **os.environ,
        "OPENHIRE_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "openhire.config.settings",
    }
    env.pop("OPENHIRE_TESTING", None)
    scratch = _scratch_database(env)
    py = [sys.executable, "-m", "django"]
    subprocess.run([*py, "migrate", "-v0"], env=env, cwd=REPO, check=True)
    out = subprocess.run(
        [*py, "shell", "-c", SETUP], env=env, cwd=REPO, check=True, capture_output=True, text=True
    )
    job_id = out.stdout.split("JOB ")[-1].strip()
    port = _free_port()
    web = subprocess.Popen([*py, "runserver", "--noreload", f"127.0.0.1:{port}"], env=env, cwd=REPO)
    worker = subprocess.Popen(
        [sys.executable, "-m", "openhire.cli", "worker", "--interval", "0.2"], env=env, cwd=REPO
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except Exception:
            time.sleep(0.2)
    yield base, job_id, tmp_path
    for proc in (web, worker):
        proc.terminate()
        proc.wait(timeout=10)
    if scratch:
        scratch()


def _scratch_database(env: dict[str, str]):  # type: ignore[no-untyped-def]
    """On PostgreSQL the server and worker processes get a database of their own (dropped afterwards);
    on SQLite they use a file in the test's data directory."""
    url = env.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    import uuid

    import psycopg

    base, _, _name = url.rpartition("/")
    name = f"openhire_e2e_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = f"{base}/{name}"

    def drop() -> None:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return drop


def test_upload_zip_watch_progress_get_ranked_list(server):
    from playwright.sync_api import sync_playwright

    from openhire.candidates.demo import resumes_zip

    base, job_id, tmp = server
    archive = tmp / "resumes.zip"
    archive.write_bytes(resumes_zip(60))
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args, headless=True)
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="en-US")
        page.goto(base + "/accounts/login/")
        page.fill("[name=username]", "recruiter")
        page.fill("[name=password]", "openhire-demo-2026")
        page.click("button[type=submit]")
        page.goto(f"{base}/candidates/jobs/{job_id}/upload/")
        page.set_input_files("#files", str(archive))
        page.click("#upload-button")
        page.wait_for_url("**/screening/jobs/**")
        assert page.locator(".progress").count() == 1
        page.wait_for_function(
            "document.querySelectorAll('[data-testid=ranked-list] .rank-row').length === 60", timeout=120_000
        )
        rows = page.locator(".rank-row")
        keys = [
            (rows.nth(i).locator(".badge.ok", has_text="Hard requirements met").count(), int(score))
            for i, score in enumerate(page.locator(".rank-row .score").all_inner_texts())
        ]
        assert keys == sorted(keys, reverse=True)  # hard requirements met first, then best score
        page.locator("details.explain summary").first.click()
        assert page.locator("details.explain[open] .evidence li").count() >= 1
        browser.close()
