"""The issue's done-when, in Chromium against a real server: a recruiter creates 客户经理 from the template,
adjusts the weights (the live sum refuses 105), previews the candidate's view on a phone-width page,
publishes, and the plan is available through the API."""

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
PASSWORD = "browser-test-password-1"
SETUP = f"""
from openhire.accounts.services import organization_create, user_create
org = organization_create(name="示例银行", name_en="Demo Bank", slug="browser-bank")
user_create(organization=org, username="rita", password="{PASSWORD}", role="recruiter", display_name="王招聘")
"""
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


@pytest.fixture
def server(tmp_path):  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "OPENHIRE_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "openhire.config.settings",
    }
    env.pop("OPENHIRE_TESTING", None)
    env.pop("DATABASE_URL", None)
    py = [sys.executable, "-m", "django"]
    subprocess.run([*py, "migrate", "-v0"], env=env, cwd=REPO, check=True)
    subprocess.run([*py, "shell", "-c", SETUP], env=env, cwd=REPO, check=True, capture_output=True)
    port = _free_port()
    web = subprocess.Popen([*py, "runserver", "--noreload", f"127.0.0.1:{port}"], env=env, cwd=REPO)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except Exception:
            time.sleep(0.2)
    yield base, tmp_path
    web.terminate()
    web.wait(timeout=10)


def test_recruiter_creates_customer_manager_adjusts_weights_previews_publishes(server):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect, sync_playwright

    base, tmp = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.goto(base + "/accounts/login/?next=/jobs/")
        page.fill("input[name=username]", "rita")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/jobs/")

        started = time.monotonic()
        page.click("a[href='/jobs/new/']")
        page.click("label.template-card:has(input[value=customer_manager])")
        page.fill("input[name=location]", "贵阳")
        page.click("form button.primary[type=submit]")
        page.wait_for_url("**/jobs/*-*/")
        assert time.monotonic() - started < 120  # "create a job from a template in under two minutes"
        expect(page.locator("h1")).to_contain_text("客户经理")
        job_url = page.url
        job_id = job_url.rstrip("/").split("/")[-1]

        page.click(f"a[href='/jobs/{job_id}/competencies/']")
        weights = page.locator("input[name^=weight_]")
        expect(weights).to_have_count(5)
        values = [int(weights.nth(i).input_value()) for i in range(5)]
        assert sum(values) == 100
        weights.nth(0).fill(str(values[0] + 5))
        expect(page.locator("#weight-sum")).to_contain_text("105")
        expect(page.locator("#save-model")).to_be_disabled()
        weights.nth(4).fill(str(values[4] - 5))
        expect(page.locator("#weight-sum")).to_contain_text("100 / 100")
        expect(page.locator("#save-model")).to_be_enabled()
        page.click("#save-model")
        page.wait_for_url(job_url)
        expect(page.locator(".weights .w-val").first).to_have_text(f"{values[0] + 5}%")

        phone = browser.new_context(
            viewport={"width": 390, "height": 844}, locale="zh-CN", storage_state=context.storage_state()
        )
        preview = phone.new_page()
        preview.goto(f"{base}/jobs/{job_id}/plan/preview/")
        expect(preview.locator(".h5-question")).to_have_count(5)
        expect(preview.locator(".h5-step").first).to_contain_text("1")
        assert preview.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        preview.screenshot(path=str(tmp / "preview-phone.png"), full_page=True)
        shown = preview.locator(".h5-text").all_inner_texts()
        phone.close()

        page.click("form[action$='/plan/publish/'] button")
        expect(page.locator(".ok-note")).to_be_visible()
        versions = page.request.get(f"{base}/api/v1/jobs/{job_id}/plan-versions").json()
        assert [v["number"] for v in versions] == [1]
        snapshot = page.request.get(f"{base}/api/v1/plan-versions/{versions[0]['id']}").json()["snapshot"]
        assert [c["weight"] for c in snapshot["competencies"]] == [values[0] + 5, *values[1:4], values[4] - 5]
        assert [q["text"]["zh"] for q in snapshot["questions"]] == shown  # the preview showed exactly these
        browser.close()
