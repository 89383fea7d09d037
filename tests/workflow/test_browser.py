"""The Kanban board in Debian's Chromium: drag a card to the next stage, drag one to 淘汰 (asked for a
reason), and move two at once with the bulk bar; the server's database shows every move."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _shell(env: dict[str, str], code: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "django", "shell", "-c", code],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (bash scripts/system-deps.sh)")
    data = tmp_path_factory.mktemp("wf-e2e")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "openhire.config.settings",
        "OPENHIRE_DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{data}/e2e.sqlite3",
        "PYTHONPATH": str(REPO_ROOT),
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"],
        env=env,
        cwd=REPO_ROOT,
        check=True,
        timeout=300,
    )
    setup = json.loads(
        _shell(env, "from tests.workflow.browser_setup import main; main()").split("SETUP", 1)[1]
    )
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "openhire.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
        ],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield {"base": f"http://127.0.0.1:{port}", "env": env, **setup}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def stages(server: dict[str, Any]) -> dict[str, str]:
    out = _shell(
        server["env"],
        "import json; from openhire.candidates.models import Application; "
        "print('S'+json.dumps({a.candidate.name: a.stage for a in Application.objects.select_related('candidate')}))",
    )
    return dict(json.loads(out.split("S", 1)[1]))


def test_drag_reject_with_reason_and_bulk_move_on_the_board(server):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_context(
            viewport={"width": 3000, "height": 900}, locale="zh-CN"
        ).new_page()  # all columns in view
        page.goto(f"{server['base']}/accounts/login/")
        page.fill("input[name=username]", "wf-recruiter")
        page.fill("input[name=password]", "openhire-demo-2026")
        page.click("button[type=submit]")
        page.goto(f"{server['base']}/workflow/jobs/{server['job_id']}/")
        apps = server["applications"]

        page.drag_and_drop(f"[data-app='{apps['张三']}']", ".kcol[data-stage='screening']")
        page.wait_for_selector(f".kcol[data-stage='screening'] [data-app='{apps['张三']}']")

        page.once("dialog", lambda d: d.accept("工作年限不足"))
        page.drag_and_drop(f"[data-app='{apps['李四']}']", ".kcol[data-stage='rejected']")
        page.wait_for_selector(f".kcol[data-stage='rejected'] [data-app='{apps['李四']}']")

        page.check(f"input[name=application][value='{apps['张三']}']")
        page.check(f"input[name=application][value='{apps['王五']}']")
        page.select_option("#bulk select[name=stage]", "ai_interview")
        page.click("#bulk button[type=submit]")
        page.wait_for_selector(f".kcol[data-stage='ai_interview'] [data-app='{apps['王五']}']")
        browser.close()
    assert stages(server) == {"张三": "ai_interview", "李四": "rejected", "王五": "ai_interview"}
    reason = _shell(
        server["env"],
        "from openhire.workflow.models import StageChange; "
        "print(StageChange.objects.get(to_stage='rejected').reason)",
    )
    assert reason.strip().splitlines()[-1] == "工作年限不足"
