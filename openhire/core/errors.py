"""Errors that services raise and views/API turn into messages people can act on."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.functional import Promise


class OpenhireError(Exception):
    """Base error: ``message`` is shown to the user (translated), ``code`` is stable for the API."""

    code = "error"
    status = 400

    def __init__(self, message: str | Promise, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.field = field


class ValidationFailed(OpenhireError):
    code = "invalid"
    status = 422


class NotFound(OpenhireError, Http404):
    """Also an ``Http404``, so console views answer 404 without catching it."""

    code = "not_found"
    status = 404


class PermissionDenied(OpenhireError, DjangoPermissionDenied):
    code = "forbidden"
    status = 403


class Conflict(OpenhireError):
    code = "conflict"
    status = 409
