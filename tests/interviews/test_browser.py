"""End to end in Debian's Chromium (phone viewport, fake camera and microphone): a candidate goes from the
invitation link to the completion page of a three-question interview, through a network cut mid-upload
and a page reload mid-answer; HR watches every state change on the live board."""

from __future__ import annotations

import json
import os
import shutil
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
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _manage(env: dict[str, str], code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "django", "shell", "-c", code],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return out.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (bash scripts/system-deps.sh)")
    data = tmp_path_factory.mktemp("e2e-data")
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
    out = _manage(env, "from tests.interviews.browser_setup import main; main()")
    setup = json.loads(out.split("SETUP", 1)[1])
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
            "2",
            "--threads",
            "4",
            "--timeout",
            "60",
        ],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    audio = data / "speech.wav"
    if shutil.which("espeak-ng"):
        subprocess.run(
            ["espeak-ng", "-v", "zh", "-w", str(audio), "我负责过一个项目，那个项目失败了，我学到了很多。"],
            check=True,
            timeout=30,
        )
    try:
        yield {"base": base, "env": env, "audio": audio if audio.exists() else None, **setup}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(server):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    args = list(ARGS)
    if server["audio"]:
        # Looped: with %noloop the microphone falls silent after the first answer, and silent answers
        # are (rightly) refused by the media probe.
        args.append(f"--use-file-for-fake-audio-capture={server['audio']}")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        yield b
        b.close()


def phone(browser, locale: str = "zh-CN"):  # type: ignore[no-untyped-def]
    return browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale=locale,
    )


def hr_board(browser, server):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = ctx.new_page()
    page.goto(f"{server['base']}/accounts/login/")
    page.fill("input[name=username]", "e2e-recruiter")
    page.fill("input[name=password]", "openhire-demo-2026")
    page.click("button[type=submit]")
    page.goto(f"{server['base']}/interviews/jobs/{server['job_id']}/")
    return page


def hr_sees(board, interview_id: str, state: str) -> None:
    board.wait_for_selector(
        f'#board li[data-interview="{interview_id}"][data-state="{state}"]', timeout=15_000
    )


def record_answer(page, seconds: float = 2.5) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("#phase-record:not([hidden])", timeout=15_000)
    page.wait_for_timeout(int(seconds * 1000))
    page.click("#btn-stop")


def test_candidate_completes_the_interview_through_a_network_cut_and_a_reload(browser, server):
    invite = server["invites"][0]
    board = hr_board(browser, server)
    hr_sees(board, invite["interview_id"], "invited")

    ctx = phone(browser)
    ctx.add_init_script("window.__ohChunk = 32768;")  # many chunks per answer, so a cut lands mid-upload
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(f"{server['base']}/i/{invite['token']}")
    assert response is not None and response.headers.get("referrer-policy") == "no-referrer"
    assert invite["token"] not in page.url and page.url.endswith("/i/s/welcome/")
    hr_sees(board, invite["interview_id"], "opened")

    page.click("a.btn.primary")  # start → consent
    page.check("input[name=ai_consent]")
    page.check("input[name=av_consent]")
    page.click(".consent-form button[type=submit]")
    page.wait_for_url("**/i/s/device/")
    hr_sees(board, invite["interview_id"], "consented")
    page.wait_for_selector("#chk-camera.ok", timeout=15_000)
    page.wait_for_selector("#chk-net.ok, #chk-net.warn", timeout=15_000)
    page.click("a.btn.primary")  # → booking
    page.wait_for_url("**/i/s/booking/")
    page.locator("label.slot").first.click()
    page.click(".slots button[type=submit]")
    page.wait_for_selector("text=.ics")
    hr_sees(board, invite["interview_id"], "booked")
    page.click("#start-now")
    page.wait_for_url("**/i/s/interview/")
    hr_sees(board, invite["interview_id"], "in_progress")

    # Question 1: the connection drops for a few chunk requests mid-upload, then comes back.
    cut = {"n": 0}

    def flaky(route):  # type: ignore[no-untyped-def]
        cut["n"] += 1
        if 2 <= cut["n"] <= 4:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/chunk?offset=*", flaky)
    record_answer(page)
    page.wait_for_selector("#phase-saved:not([hidden])", timeout=30_000)
    assert cut["n"] > 4
    page.unroute("**/chunk?offset=*")
    page.click("#btn-next")

    # Question 2: the upload stalls (offline), the candidate reloads the page; the kept recording resumes.
    stalled = {"n": 0}

    def offline_after_two(route):  # type: ignore[no-untyped-def]
        stalled["n"] += 1
        if stalled["n"] <= 2:
            route.continue_()
        else:
            route.abort("internetdisconnected")

    page.route("**/chunk?offset=*", offline_after_two)
    record_answer(page)
    # wait for this answer's own upload (not a word left from question 1's) to report the stall
    page.wait_for_function(
        "(() => { const u = window.__oh.uploads; return u.length > 1 && u[u.length - 1].question !== u[0].question"
        " && document.getElementById('upload-note').textContent.length > 0; })()",
        timeout=15_000,
    )
    page.unroute("**/chunk?offset=*")
    recorded = page.evaluate("window.__oh.uploads")
    page.reload()
    page.wait_for_selector("#phase-saved:not([hidden])", timeout=30_000)
    resumed = page.evaluate("window.__oh.uploads")
    assert resumed and resumed[0]["sha256"] == recorded[-1]["sha256"]  # the same blob, from IndexedDB
    page.click("#btn-next")

    # Question 3, then finish.
    record_answer(page)
    page.wait_for_selector("#phase-saved:not([hidden])", timeout=30_000)
    page.click("#btn-next")
    page.wait_for_selector("#phase-finish:not([hidden])")
    page.click("#btn-finish")
    page.wait_for_url("**/i/s/status/")
    assert page.locator("#status[data-state=completed]").count() == 1
    assert page.locator("#feedback").count() == 1
    hr_sees(board, invite["interview_id"], "completed")
    assert not errors, errors

    out = _manage(
        server["env"],
        f"from tests.interviews.browser_setup import answers; answers('{invite['interview_id']}')",
    )
    rows = json.loads(out.split("ANSWERS", 1)[1])
    assert [r["question_id"] for r in rows] == ["q1", "q2", "q3"]
    for row in rows:
        assert row["sha256"] == row["stored_sha256"]  # what storage decrypts is what the browser recorded
        assert row["size"] > 32768 and row["container"] in ("webm", "mp4")
    assert rows[1]["sha256"] == recorded[-1]["sha256"]

    # The same link on a second phone shows a friendly page and no data.
    other = phone(browser).new_page()
    other.goto(f"{server['base']}/i/{invite['token']}")
    assert other.locator("[data-problem=used]").count() == 1
    assert "客户经理" not in other.content()
    other.context.close()
    ctx.close()
    board.context.close()


def test_wrong_and_guessed_links_show_a_friendly_page(browser, server):
    page = phone(browser, locale="en-US").new_page()
    page.goto(f"{server['base']}/i/{'x' * 32}")
    assert page.locator("[data-problem=invalid]").count() == 1
    assert "Customer Manager" not in page.content()
    page.goto(f"{server['base']}/i/s/interview/")
    assert page.locator("[data-problem=session]").count() == 1
    page.context.close()


# --- a weak network's failing replies, and candidates whose phone cannot record --------------------

NO_CAMERA = (  # the browser offers no getUserMedia (as inside WeChat's in-app browser on some phones)
    "Object.defineProperty(navigator, 'mediaDevices', { get: function () { return undefined; } });"
)
WECHAT_UA = (
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.47"
)


def consent_and_check(page, server, invite) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server['base']}/i/{invite['token']}")
    page.click("a.btn.primary")
    page.check("input[name=ai_consent]")
    page.check("input[name=av_consent]")
    page.click(".consent-form button[type=submit]")
    page.wait_for_url("**/i/s/device/")


def book_and_start(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_url("**/i/s/booking/")
    page.click("#start-now")
    page.wait_for_url("**/i/s/interview/")


def idb_keys(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate(  # type: ignore[no-any-return]
        """() => new Promise((resolve) => {
             const req = indexedDB.open("openhire-interview", 1);
             req.onupgradeneeded = () => req.result.createObjectStore("recordings");
             req.onsuccess = () => {
               const all = req.result.transaction("recordings").objectStore("recordings").getAllKeys();
               all.onsuccess = () => resolve(all.result.map(String));
             };
           })"""
    )


def test_failing_replies_to_chunks_and_completion_never_lose_the_answer(browser, server):
    """A proxy's 502, a 500 and a 429 for a chunk and for the completion, a chunk damaged on the way,
    and a completion that succeeded on the server but whose reply was lost: the answer is submitted
    once, its SHA-256 is the recorded blob's, and the candidate is never sent back to record."""
    invite = server["invites"][1]
    ctx = phone(browser)
    ctx.add_init_script(
        "window.__ohChunk = 32768; window.__ohRetryBase = 60;"
        "window.__notes = [];"
        "document.addEventListener('DOMContentLoaded', () => {"
        "  const n = document.getElementById('upload-note'); if (!n) return;"
        "  new MutationObserver(() => { if (n.classList.contains('weak')) window.__notes.push(n.textContent); })"
        "    .observe(n, { childList: true, characterData: true, subtree: true, attributes: true });"
        "});"
    )
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    consent_and_check(page, server, invite)
    page.click("a.btn.primary")
    page.locator("label.slot").first.click()
    page.click(".slots button[type=submit]")
    page.wait_for_selector("text=.ics")
    page.click("#start-now")
    page.wait_for_url("**/i/s/interview/")

    chunk_tries: dict[str, int] = {"n": 0, "damaged": 0}
    target = 2 * 32768  # the third chunk

    def chunk(route):  # type: ignore[no-untyped-def]
        if not route.request.url.endswith(f"offset={target}"):
            route.continue_()
            return
        chunk_tries["n"] += 1
        n = chunk_tries["n"]
        if n == 1:
            route.fulfill(status=502, body="<html>Bad Gateway</html>", content_type="text/html")
        elif n == 2:
            route.fulfill(status=500, body="{}", content_type="application/json")
        elif n == 3:
            route.fulfill(
                status=429, body="{}", content_type="application/json", headers={"Retry-After": "1"}
            )
        elif n == 4:  # the bytes change on the way: the server refuses the chunk as damaged
            chunk_tries["damaged"] += 1
            route.continue_(post_data=b"\0" * len(route.request.post_data_buffer or b""))
        else:
            route.continue_()

    complete_tries = {"n": 0, "lost": 0}

    def complete(route):  # type: ignore[no-untyped-def]
        complete_tries["n"] += 1
        n = complete_tries["n"]
        if n == 1:
            route.fulfill(status=502, body="<html>Bad Gateway</html>", content_type="text/html")
        elif n == 2:
            route.fulfill(status=500, body="{}", content_type="application/json")
        elif n == 3:
            route.fulfill(status=429, body="{}", content_type="application/json")
        elif n == 4:  # done on the server, the reply lost on the way back
            response = route.fetch()
            assert response.status == 200, response.text()
            complete_tries["lost"] += 1
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/chunk?offset=*", chunk)
    page.route("**/uploads/*/complete", complete)
    record_answer(page)
    page.wait_for_selector("#phase-saved:not([hidden])", timeout=60_000)
    uploads = page.evaluate("window.__oh.uploads")
    notes = page.evaluate("window.__notes")
    keys = idb_keys(page)
    page.unroute("**/chunk?offset=*")
    page.unroute("**/uploads/*/complete")

    assert chunk_tries["n"] >= 5 and chunk_tries["damaged"] == 1
    assert complete_tries["n"] == 5 and complete_tries["lost"] == 1
    assert len(uploads) == 1, uploads  # one recording, never discarded nor recorded again
    entry = uploads[0]
    assert entry["accepted"] == entry["sha256"] and entry["refused"] is None
    assert entry["resent"] == 1 and entry["retries"] >= 6 and entry["completes"] == 5
    assert notes and any("2" in n for n in notes)  # "weak network, retrying… (n of max)", visible
    assert page.locator("#error").is_hidden()
    assert keys == []  # deleted from the phone only once the server had accepted it
    assert page.locator("#phase-record").is_hidden()
    assert not errors, errors

    out = _manage(
        server["env"],
        f"from tests.interviews.browser_setup import answers; answers('{invite['interview_id']}')",
    )
    rows = json.loads(out.split("ANSWERS", 1)[1])
    assert [r["question_id"] for r in rows] == ["q1"]  # submitted once
    assert rows[0]["sha256"] == rows[0]["stored_sha256"] == entry["sha256"]
    ctx.close()


def test_without_a_camera_the_candidate_switches_to_typed_answers(browser, server):
    invite = server["invites"][2]
    ctx = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        user_agent=WECHAT_UA,
    )
    ctx.add_init_script(NO_CAMERA)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    consent_and_check(page, server, invite)
    page.wait_for_selector("#denied:not([hidden])")
    assert page.locator("#wechat-hint").count() == 1
    assert page.locator("#fallbacks[open]").count() == 1
    assert page.locator("#btn-human").is_visible()
    page.click("#btn-text-mode")
    book_and_start(page)
    page.wait_for_selector("#phase-text:not([hidden])")
    page.fill("#text-answer", "我负责过一个项目，那个项目失败了，我学到了很多。")
    page.click("#btn-text")
    page.wait_for_selector("#phase-saved:not([hidden])")
    assert not errors, errors
    out = _manage(
        server["env"], f"from tests.interviews.browser_setup import audit; audit('{invite['interview_id']}')"
    )
    report = json.loads(out.split("AUDIT", 1)[1])
    assert report["mode"] == "text"
    assert "interview.consent" in report["actions"] and "interview.answer_mode" in report["actions"]
    ctx.close()


def test_without_a_camera_or_typed_answers_the_phone_camera_app_records_within_the_limit(
    browser, server, tmp_path
):
    from openhire.ai.media.synthetic import encode, tone

    long_clip = encode(tmp_path / "long.webm", tone(14.0), kind="webm")  # the limit is 8 s
    short_clip = encode(tmp_path / "short.webm", tone(2.0), kind="webm")
    invite = server["invites"][3]
    ctx = phone(browser, locale="en-US")
    ctx.add_init_script(NO_CAMERA)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    consent_and_check(page, server, invite)
    page.wait_for_selector("#denied:not([hidden])")
    assert page.locator("#btn-text-mode").count() == 0
    assert page.locator("#no-text").is_visible()  # says typed answers are not allowed here
    assert page.locator("#fallbacks form[action='/i/s/handoff/']").count() == 1
    assert page.locator("#btn-human").is_visible()
    page.click("#btn-continue")
    page.wait_for_url("**/i/s/booking/")
    page.click("#start-now")
    page.wait_for_url("**/i/s/interview/")
    page.wait_for_selector("#phase-file:not([hidden])")
    assert "0:08" in page.locator("#file-limit").inner_text()  # told before recording
    assert page.locator("#file-input[capture]").count() == 1
    opened = {"n": 0}
    page.on("request", lambda r: opened.__setitem__("n", opened["n"] + ("/api/uploads" in r.url)))
    page.set_input_files("#file-input", str(long_clip))
    page.wait_for_selector("#error:not([hidden])")
    message = page.locator("#error").inner_text()
    assert "0:14" in message and "0:08" in message
    assert opened["n"] == 0 and page.evaluate("window.__oh.uploads") == []  # refused before uploading
    assert page.locator("#phase-file").is_visible()
    page.set_input_files("#file-input", str(short_clip))
    page.wait_for_selector("#phase-saved:not([hidden])", timeout=30_000)
    assert opened["n"] > 0
    assert not errors, errors
    ctx.close()
