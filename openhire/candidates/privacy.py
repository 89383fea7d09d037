"""The privacy notice applicants consent to on the careers page. Changing its text means a new
version: applications record the version they agreed to."""

from __future__ import annotations

PRIVACY_NOTICE_VERSION = "2026-01"
PRIVACY_NOTICE_TEMPLATE = "candidates/privacy/2026-01.html"
