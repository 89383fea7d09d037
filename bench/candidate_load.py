"""Candidate load: 1,000 candidates polling their status and uploading answers in 1 MiB chunks.

Starts openhire under gunicorn (several workers, threads) on 127.0.0.1 with a temporary data
directory and SQLite, creates the candidates' in-progress interviews and their session cookies,
then each simulated candidate (a thread pool runs ``--concurrency`` of them at a time):

* polls ``GET /i/s/api/state`` (``--polls`` times),
* polls once, opens an upload and sends one real webm answer (opus + vp8, ``--answer-mib`` MiB) in
  1 MiB chunks with offset and SHA-256 (``PUT /i/s/api/uploads/<id>/chunk``),
* completes it (whole-file SHA-256, PyAV probe, AES-256-GCM encryption into storage) and polls.

Reports requests/s, p50/p95/p99 latency per kind and the error count of that flow. Server ingest is
measured in a fourth phase where every candidate first opens the next answer's upload and then only
chunks are sent: chunk bytes accepted / CPU seconds the gunicorn workers spent, in MB/s per core,
against a baseline measured in the same run: SHA-256 + AES-256-GCM encryption + write of the same
bytes to disk, in one process.

Run: ``.venv/bin/python bench/candidate_load.py [--candidates 1000] [--concurrency 48] [--workers 4]``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 1024 * 1024


# --- run inside the server's environment (subprocess with Django set up) -------------------------


def _setup(count: int, out: str) -> None:
    import django

    django.setup()
    from django.core import signing

    from openhire.accounts.services import organization_create
    from openhire.candidates.models import Application, Candidate
    from openhire.interviews.models import Interview
    from openhire.interviews.session import COOKIE, SALT
    from openhire.jobs.models import InterviewPlan, Job, PlanVersion

    org = organization_create(name="压测银行", name_en="Load Bank", slug="load-bank")
    job = Job.objects.create(organization=org, title="柜员", status="open")
    plan = InterviewPlan.objects.create(organization=org, job=job, name="load")
    questions = [
        {
            "id": f"q{i}",
            "text": {"zh": f"问题{i}", "en": f"Question {i}"},
            "prep_seconds": 5,
            "answer_seconds": 120,
        }
        for i in (1, 2, 3)
    ]
    version = PlanVersion.objects.create(
        organization=org,
        plan=plan,
        job=job,
        number=1,
        snapshot={
            "schema": 1,
            "job": {"title": "柜员"},
            "questions": questions,
            "retakes": 1,
            "allow_start_now": True,
            "invitation_valid_days": 7,
        },
    )
    candidates = Candidate.objects.bulk_create(
        [Candidate(organization=org, name=f"候选人{i}") for i in range(count)]
    )
    applications = Application.objects.bulk_create(
        [Application(organization=org, candidate=c, job=job) for c in candidates]
    )
    interviews = Interview.objects.bulk_create(
        [
            Interview(
                organization=org,
                application=a,
                candidate=a.candidate,
                job=job,
                plan_version=version,
                state="in_progress",
                session_nonce=secrets.token_hex(8),
            )
            for a in applications
        ]
    )
    signer = signing.get_cookie_signer(salt=COOKIE + SALT)
    cookies = [signer.sign(f"{i.pk}:{i.session_nonce}") for i in interviews]
    Path(out).write_text(json.dumps(cookies))


def _baseline(path: str, total_mb: float) -> None:
    """SHA-256 + encrypt + write the same bytes, one process: MB per CPU second."""
    import django

    django.setup()
    from openhire.core import crypto

    data = Path(path).read_bytes()
    repeat = max(1, int(total_mb * 1024 * 1024 / len(data)))
    target = Path(path).with_suffix(".enc")
    start = time.process_time()
    for _ in range(repeat):
        digest = hashlib.sha256()
        with target.open("wb") as fh:
            for block in crypto.encrypt_stream(_Reader(data, digest)):
                fh.write(block)
        digest.hexdigest()
    cpu = time.process_time() - start
    print(json.dumps({"mb": repeat * len(data) / 1e6, "cpu_s": cpu}))


class _Reader:
    def __init__(self, data: bytes, digest: Any) -> None:
        self.data, self.pos, self.digest = data, 0, digest

    def read(self, size: int = -1) -> bytes:
        piece = self.data[self.pos : self.pos + size]
        self.pos += len(piece)
        self.digest.update(piece)
        return piece


# --- the load generator --------------------------------------------------------------------------


def make_answer(path: Path, mib: float) -> bytes:
    """A real webm (opus tone + vp8 noise frames) of about ``mib`` MiB."""
    import av
    import numpy as np

    seconds = 20
    rate = int(mib * 8 * 1024 * 1024 / seconds)
    rng = np.random.default_rng(7)
    with av.open(str(path), "w", format="webm") as out:
        video = out.add_stream("libvpx", rate=15)
        video.width, video.height, video.pix_fmt = 320, 240, "yuv420p"
        video.options = {
            "deadline": "realtime",
            "cpu-used": "8",
            "b": str(rate),
            "minrate": str(rate),
            "maxrate": str(rate),
        }
        audio = out.add_stream("libopus", rate=48000)
        audio.layout = "mono"
        for i in range(seconds * 15):
            frame = av.VideoFrame.from_ndarray(
                rng.integers(0, 255, (240, 320, 3), dtype=np.uint8), format="rgb24"
            )
            frame.pts = i
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode():
            out.mux(packet)
        t = np.arange(seconds * 48000) / 48000
        samples = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
        for i in range(0, len(samples), 960):
            frame = av.AudioFrame.from_ndarray(samples[None, i : i + 960], format="flt", layout="mono")
            frame.sample_rate, frame.pts = 48000, i
            for packet in audio.encode(frame):
                out.mux(packet)
        for packet in audio.encode():
            out.mux(packet)
    return path.read_bytes()


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.chunk_bytes = 0

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latency.setdefault(kind, []).append(seconds)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)


class Client:
    """One candidate's browser: a keep-alive connection with the session and CSRF cookies."""

    def __init__(self, port: int, cookie: str, stats: Stats) -> None:
        csrf = secrets.token_hex(16)  # an unmasked 32-character token, as the cookie and the header
        self.headers = {"Cookie": f"oh_interview={cookie}; csrftoken={csrf}", "X-CSRFToken": csrf}
        self.port, self.stats = port, stats
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(
        self,
        kind: str,
        method: str,
        path: str,
        body: bytes | None = None,
        extra: dict[str, str] | None = None,
    ) -> Any:
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers={**self.headers, **(extra or {})})
            response = self.conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.stats.error(f"{kind}: {exc.__class__.__name__}")
            return None
        self.stats.add(kind, time.perf_counter() - start)
        if response.status >= 400:
            self.stats.error(f"{kind}: HTTP {response.status} {payload[:120]!r}")
            return None
        return json.loads(payload)


def candidate_polls(port: int, cookie: str, polls: int, stats: Stats) -> None:
    client = Client(port, cookie, stats)
    for _ in range(polls):
        client.call("status", "GET", "/i/s/api/state")
    client.conn.close()


def candidate_open(port: int, cookie: str, answer: bytes, whole: str, stats: Stats) -> str:
    """One status poll, then open the answer's upload; returns the upload id ("" on failure)."""
    client = Client(port, cookie, stats)
    state = client.call("status", "GET", "/i/s/api/state")
    client_id = ""
    if not state or not state.get("item"):
        stats.error("no current question")
    else:
        meta = {
            "question_id": state["item"]["id"],
            "size": len(answer),
            "sha256": whole,
            "mime": "video/webm",
            "duration_ms": 20000,
        }
        body = json.dumps(meta).encode()
        opened = client.call("open", "POST", "/i/s/api/uploads", body, {"Content-Type": "application/json"})
        if opened and opened["offset"] == 0:
            client_id = str(opened["id"])
    client.conn.close()
    return client_id


def candidate_chunks(
    port: int, cookie: str, upload_id: str, answer: bytes, digests: list[str], stats: Stats
) -> bool:
    """The answer in 1 MiB chunks, each acknowledged with the offset to continue from."""
    client = Client(port, cookie, stats)
    offset = 0
    while offset < len(answer):
        piece = answer[offset : offset + CHUNK]
        ack = client.call(
            "chunk",
            "PUT",
            f"/i/s/api/uploads/{upload_id}/chunk?offset={offset}",
            piece,
            {"Content-Type": "application/octet-stream", "X-Chunk-SHA256": digests[offset // CHUNK]},
        )
        if not ack:
            break
        with stats.lock:
            stats.chunk_bytes += len(piece)
        offset = ack["offset"]
    client.conn.close()
    return offset == len(answer)


def candidate_complete(port: int, cookie: str, upload_id: str, stats: Stats) -> None:
    client = Client(port, cookie, stats)
    if client.call("complete", "POST", f"/i/s/api/uploads/{upload_id}/complete"):
        client.call("status", "GET", "/i/s/api/state")
    client.conn.close()


def _cpu_seconds(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError):
            pass
    return total


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=48)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--polls", type=int, default=5)
    parser.add_argument("--answer-mib", type=float, default=2.5)
    parser.add_argument("--setup", help=argparse.SUPPRESS)
    parser.add_argument("--baseline", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        _setup(args.candidates, args.setup)
        return 0
    if args.baseline:
        _baseline(args.baseline, args.answer_mib * 40)
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="openhire-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "openhire.config.settings",
        "OPENHIRE_DATA_DIR": str(tmp),
        "DATABASE_URL": f"sqlite:///{tmp}/load.sqlite3",
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
        "OPENHIRE_MAX_UPLOAD_BYTES": str(200 * 1024 * 1024),
        # production settings: DEBUG off, real secrets (random for this run)
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "OPENHIRE_ENCRYPTION_KEYS": "bench:" + base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    py = sys.executable
    print(f"data dir {tmp}; migrating and creating {args.candidates} candidates …", flush=True)
    subprocess.run([py, "-m", "django", "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    cookies_file = tmp / "cookies.json"
    subprocess.run(
        # one more than asked: the first one warms the app up and is not measured
        [py, __file__, "--candidates", str(args.candidates + 1), "--setup", str(cookies_file)],
        env=env,
        cwd=ROOT,
        check=True,
    )
    cookies = json.loads(cookies_file.read_text())
    answer_path = tmp / "answer.webm"
    answer = make_answer(answer_path, args.answer_mib)
    baseline = json.loads(
        subprocess.run(
            [py, __file__, "--answer-mib", str(len(answer) / CHUNK), "--baseline", str(answer_path)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            py,
            "-m",
            "gunicorn",
            "openhire.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            "gthread",
            "--timeout",
            "120",
            "--keep-alive",
            "30",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(2)
        workers = _children(server.pid)
        digests = [hashlib.sha256(answer[i : i + CHUNK]).hexdigest() for i in range(0, len(answer), CHUNK)]
        whole = hashlib.sha256(answer).hexdigest()
        warm = Stats()
        first = candidate_open(port, cookies[0], answer, whole, warm)  # load the app in a worker
        candidate_chunks(port, cookies[0], first, answer, digests, warm)
        candidate_complete(port, cookies[0], first, warm)
        stats = Stats()

        def phase(work: Any, items: list[Any]) -> tuple[list[Any], float, float]:
            cpu, wall = _cpu_seconds(workers), time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                results = list(pool.map(work, items))
            return results, time.perf_counter() - wall, _cpu_seconds(workers) - cpu

        def upload(cookie: str) -> tuple[str, str]:
            upload_id = candidate_open(port, cookie, answer, whole, stats)
            ok = bool(upload_id) and candidate_chunks(port, cookie, upload_id, answer, digests, stats)
            return cookie, upload_id if ok else ""

        # the candidates' flow: polls; then each one opens an upload and sends its chunks; completion
        _, wall_polls, cpu_polls = phase(lambda c: candidate_polls(port, c, args.polls, stats), cookies[1:])
        uploads, wall_up, cpu_up = phase(upload, cookies[1:])
        pairs = [pair for pair in uploads if pair[1]]
        _, wall_done, cpu_done = phase(lambda p: candidate_complete(port, p[0], p[1], stats), pairs)
        # server ingest alone: everyone opens the next answer's upload, then only chunks are sent
        ingest_stats = Stats()
        opened, _, _ = phase(lambda c: candidate_open(port, c, answer, whole, ingest_stats), cookies[1:])
        pairs = [(c, u) for c, u in zip(cookies[1:], opened, strict=True) if u]
        _, wall_ingest, cpu_ingest = phase(
            lambda p: candidate_chunks(port, p[0], p[1], answer, digests, ingest_stats), pairs
        )
        wall = wall_polls + wall_up + wall_done
    finally:
        server.terminate()
        server.wait(timeout=30)
    requests = sum(len(v) for v in stats.latency.values())
    flow_mb, ingest_mb = stats.chunk_bytes / 1e6, ingest_stats.chunk_bytes / 1e6
    base_rate = baseline["mb"] / baseline["cpu_s"]
    print(
        f"\n{len(cookies) - 1} candidates, concurrency {args.concurrency}, gunicorn {args.workers} workers × "
        f"{args.threads} threads, SQLite, {os.cpu_count()} CPU cores shared by server and load generator"
    )
    print(f"answer: {len(answer) / CHUNK:.2f} MiB webm in 1 MiB chunks")
    print(f"candidate flow: {requests} requests in {wall:.1f} s = {requests / wall:.0f} req/s")
    print(f"{'kind':<10}{'count':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'mean ms':>10}")
    rows = [(kind, stats.latency.get(kind, [])) for kind in ("status", "open", "chunk", "complete")]
    rows.append(("chunk*", ingest_stats.latency.get("chunk", [])))
    for kind, values in rows:
        mean = statistics.fmean(values) * 1000 if values else 0.0
        print(
            f"{kind:<10}{len(values):>8}{pct(values, 0.5):>10.1f}{pct(values, 0.95):>10.1f}{pct(values, 0.99):>10.1f}"
            f"{mean:>10.1f}"
        )
    print("chunk*: the ingest phase, where only chunks are sent")
    polls = (len(cookies) - 1) * args.polls
    print(
        f"phase 1 (status polls): {polls} in {wall_polls:.1f} s wall = {polls / wall_polls:.0f} req/s, "
        f"server CPU {cpu_polls:.1f} s = {cpu_polls / polls * 1000:.1f} ms per poll"
    )
    print(
        f"phase 2 (one poll, open, 1 MiB chunks): {wall_up:.1f} s wall, server CPU {cpu_up:.1f} s → "
        f"{flow_mb / cpu_up:.0f} MB/s per core including the polls and opens"
    )
    done = len(stats.latency.get("complete", []))
    print(
        f"phase 3 (completion: whole-file SHA-256, PyAV probe + audibility, AES-256-GCM into storage): "
        f"{done} answers in {wall_done:.1f} s wall, server CPU {cpu_done:.1f} s → "
        f"{done * len(answer) / 1e6 / max(cpu_done, 1e-9):.0f} MB/s per core"
    )
    print(
        f"phase 4 (ingest: the next answers' uploads opened first, then only their chunks): {wall_ingest:.1f} s "
        f"wall, server CPU {cpu_ingest:.1f} s → chunk ingest {ingest_mb / cpu_ingest:.0f} MB/s per core "
        f"({ingest_mb / wall_ingest:.0f} MB/s wall)"
    )
    print(
        f"baseline (SHA-256 + AES-256-GCM + write of the same bytes, one process): {base_rate:.0f} MB/s per core;"
        f" chunk ingest / baseline = {ingest_mb / cpu_ingest / base_rate:.2f}"
    )
    errors = stats.errors + ingest_stats.errors
    print(f"errors: {len(errors)}")
    for error in errors[:10]:
        print("  error:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
