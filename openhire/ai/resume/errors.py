"""The one exception the resume stage raises for bad input."""

from __future__ import annotations

# Stable codes: callers (upload pages, the API, the CLI) translate and count them.
ERROR_CODES = frozenset(
    {
        "encrypted_pdf",
        "ocr_needed",
        "too_large",
        "unsupported_type",
        "empty",
        "corrupt",
        "doc_converter_missing",
        "zip_bomb",
    }
)


class ResumeError(Exception):
    """A resume file that cannot be read, with a stable ``code`` and a message a person can act on."""

    def __init__(self, code: str, message: str) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown resume error code {code!r}")
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    def __reduce__(self) -> tuple[type[ResumeError], tuple[str, str]]:
        return (ResumeError, (self.code, self.message))  # survives pickling to and from worker processes

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}
