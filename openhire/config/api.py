"""The JSON API at /api/v1/: one NinjaAPI, each app mounts its router here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from openhire.core.api import AUTH
from openhire.core.api import router as core_router
from openhire.core.errors import OpenhireError

api = NinjaAPI(
    title="openhire API",
    version="1",
    urls_namespace="api",
    auth=AUTH,
    docs_url="/docs",
    openapi_url="/openapi.json",
    description=(
        "Authenticate with an organisation API key (`Authorization: Bearer oh_...` or `X-API-Key`), or the console "
        'session. Errors: `{"error": {"code", "message", "field"}}`. Lists: `?limit=&offset=` → '
        '`{"items": [...], "count": N}`.'
    ),
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, field: str | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, "field": field}}, status=status
    )


@api.exception_handler(OpenhireError)
def _openhire_error(request: HttpRequest, exc: OpenhireError) -> HttpResponse:
    return _error(request, exc.status, exc.code, str(exc.message), exc.field)


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    loc = first.get("loc", [])
    field = ".".join(str(x) for x in loc[1:]) or None
    return _error(request, 422, "invalid", str(first.get("msg", "invalid input")), field)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", "Authentication required.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 409: "conflict"}.get(
        exc.status_code, "error"
    )
    return _error(request, exc.status_code, code, str(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "Not found.")


@api.exception_handler(DjangoPermissionDenied)
def _forbidden(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", "Your role does not allow this.")


# (app, prefix): each app with an ``api.py`` exposing ``router`` is mounted at /api/v1/<prefix>.
APP_ROUTERS = [
    ("accounts", ""),
    ("audit", "/audit"),
    ("jobs", ""),
    ("candidates", ""),
    ("screening", ""),
    ("interviews", ""),
    ("evaluations", ""),
    ("workflow", ""),
    ("notifications", ""),
]


def _mount() -> None:
    import importlib
    import importlib.util

    api.add_router("/", core_router)
    for app, prefix in APP_ROUTERS:
        module_name = f"openhire.{app}.api"
        if importlib.util.find_spec(module_name) is not None:
            api.add_router(prefix or "/", importlib.import_module(module_name).router)


_mount()
