from __future__ import annotations

import mimetypes
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from openhire.core import navigation
from openhire.core.storage import EncryptedStorage


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The console home page: each app's figures of what needs doing (counts only, no personal data)."""
    sections = (
        navigation.home_sections(request.user) if getattr(request.user, "organization_id", None) else []
    )
    return render(request, "core/home.html", {"sections": sections})


def healthz(request: HttpRequest) -> JsonResponse:
    """Database reachability and worker heartbeat, for load balancers and monitoring."""
    report: dict[str, Any] = {"status": "ok", "time": timezone.now().isoformat()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:
        report["database"] = {"ok": False, "error": exc.__class__.__name__}
        report["status"] = "error"
    report["worker"] = _worker_health()
    if not report["worker"]["ok"] and report["status"] == "ok":
        report["status"] = "degraded"
    return JsonResponse(report, status=200 if report["status"] != "error" else 503)


def _worker_health() -> dict[str, Any]:
    backend = settings.OPENHIRE_TASK_BACKEND
    if backend == "rq":
        try:
            import django_rq
            from rq import Worker

            workers = Worker.all(connection=django_rq.get_connection("default"))
            return {"ok": bool(workers), "backend": "rq", "workers": len(workers)}
        except Exception as exc:
            return {"ok": False, "backend": "rq", "error": exc.__class__.__name__}
    if backend == "immediate":
        return {"ok": True, "backend": "immediate", "workers": 0}
    try:
        from openhire.core.worker import live_workers

        heartbeats = live_workers()
    except Exception as exc:
        return {"ok": False, "backend": "database", "error": exc.__class__.__name__}
    last = max((w.seen_at for w in heartbeats), default=None)
    return {
        "ok": bool(heartbeats),
        "backend": "database",
        "workers": len(heartbeats),
        "last_heartbeat": last.isoformat() if last else None,
    }


def stored_file_response(
    name: str, *, filename: str, content_type: str | None = None, inline: bool = True
) -> StreamingHttpResponse:
    """Stream a decrypted stored file. Call only after a selector has checked access and audited the read."""
    storage = default_storage
    ctype = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    chunks = (
        storage.iter_plaintext(name)
        if isinstance(storage, EncryptedStorage)
        else storage.open(name, "rb").chunks()
    )
    response = StreamingHttpResponse(chunks, content_type=ctype)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{_quote(filename)}"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")
