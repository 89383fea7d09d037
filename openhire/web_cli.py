"""`openhire serve | worker | demo | manage`: the commands that run the web application."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from typing import Any


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openhire.config.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openhire.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["openhire manage", *args.rest])
    return 0


def _print_logins() -> None:
    from openhire.accounts.demo import demo_load

    org, logins, created = demo_load()
    print(f"\nDemo organisation: {org.name} / {org.name_en}" + (" (created)" if created else ""))
    print(f"Demo logins (password for all: {logins[0].password}):")
    for login in logins:
        print(f"  {login.username:<12} {login.role}")
    print("The admin login asks you to set up an authenticator app (TOTP) on first use.\n")


def cmd_demo(args: argparse.Namespace) -> int:
    _django()
    _manage("migrate", "--noinput", "-v", "0")
    _print_logins()
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _django()
    from django.conf import settings

    queues = [q for q in args.queues.split(",") if q]
    if settings.OPENHIRE_TASK_BACKEND == "rq":
        from openhire.core.worker import start_heartbeat

        start_heartbeat(queues=queues, reap=False)  # RQ requeues its own abandoned jobs
        _manage("rqworker", *queues, "--with-scheduler")
        return 0
    from openhire.core.worker import run_db_worker

    run_db_worker(queues=queues, batch=args.batch, interval=args.interval)
    return 0


def default_base_url(host: str, port: int) -> None:
    """Links in messages and QR codes point at the server being started unless the operator set
    ``OPENHIRE_BASE_URL`` (``PORT=8020 make run`` used to send candidates to :8000)."""
    if not os.environ.get("OPENHIRE_BASE_URL"):
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104 (a comparison)
        os.environ["OPENHIRE_BASE_URL"] = f"http://{shown}:{port}"


def cmd_serve(args: argparse.Namespace) -> int:
    default_base_url(args.host, args.port)  # before settings are read; the children inherit it
    _django()
    from django.conf import settings

    _manage("migrate", "--noinput", "-v", "0")
    _manage("collectstatic", "--noinput", "-v", "0")
    if not args.no_demo:
        _print_logins()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "openhire.config.settings"}
    bind = f"{args.host}:{args.port}"
    web_cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "openhire.config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(args.web_workers),
        "--threads",
        "4",
        "--timeout",
        "120",
        "--access-logfile",
        "-",
    ]
    procs: list[subprocess.Popen[Any]] = [subprocess.Popen(web_cmd, env=env)]
    if not args.no_worker:
        procs.append(subprocess.Popen([sys.executable, "-m", "openhire.cli", "worker"], env=env))
    print(f"openhire is running on http://{bind}/  (data: {settings.DATA_DIR}; Ctrl+C stops)")

    def stop(*_: Any) -> None:
        for p in procs:
            if p.poll() is None:
                p.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
    return max((p.returncode or 0) for p in procs)


def register(root: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = root.add_parser("serve", help="migrate, load demo data and serve web + a task worker")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--web-workers", type=int, default=2)
    serve.add_argument("--no-worker", action="store_true", help="do not start a task worker")
    serve.add_argument("--no-demo", action="store_true", help="do not create the demo organisation")
    serve.set_defaults(func=cmd_serve)

    worker = root.add_parser("worker", help="run a background task worker")
    worker.add_argument("--queues", default="default,media,reports")
    worker.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    worker.add_argument("--interval", type=float, default=1.0)
    worker.set_defaults(func=cmd_worker)

    demo = root.add_parser("demo", help="migrate and create the demo organisation and logins")
    demo.set_defaults(func=cmd_demo)

    manage = root.add_parser("manage", help="run a Django management command (migrate, reencrypt, …)")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
