"""Console playback of answers with HTTP Range (Safari plays video only from 206 answers), over the
encrypted storage: single ranges, suffix and open ranges, unsatisfiable ones, and only the needed
encrypted chunks decrypted."""

from __future__ import annotations

import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import RequestFactory

from openhire.audit.models import AuditEvent
from openhire.core import crypto
from openhire.core import views as core_views
from openhire.core.views import stored_file_response
from tests.interviews.test_console import answered  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
MiB = crypto.CHUNK_SIZE


def _get(name: str, range_header: str | None = None, **extra: str):  # type: ignore[no-untyped-def]
    headers = {"HTTP_RANGE": range_header} if range_header is not None else {}
    request = RequestFactory().get("/media", **headers, **extra)
    return stored_file_response(name, filename="a.webm", content_type="video/webm", request=request)


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def stored() -> tuple[str, bytes]:
    data = os.urandom(2 * MiB + 12345)  # three encrypted chunks, the last one partial
    return default_storage.save("tests/range.bin", ContentFile(data)), data


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-1", 0, 1),  # Safari's probe
        ("bytes=0-", 0, None),
        ("bytes=100-199", 100, 199),
        ("bytes=1048570-1048600", 1048570, 1048600),  # across a chunk boundary
        (f"bytes={MiB}-{2 * MiB - 1}", MiB, 2 * MiB - 1),  # exactly one chunk
        ("bytes=2097160-", 2097160, None),  # inside the last chunk, to the end
        ("bytes=-500", -500, None),  # the last 500 bytes
        ("bytes=-99999999", 0, None),  # a suffix longer than the file: all of it
        ("bytes=5-99999999", 5, None),  # an end past the file is clamped
    ],
)
def test_single_ranges_answer_206_with_content_range(stored, header, first, last):  # type: ignore[no-untyped-def]
    name, data = stored
    size = len(data)
    first = first if first >= 0 else size + first
    last = size - 1 if last is None else last
    response = _get(name, header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{size}"
    assert response["Accept-Ranges"] == "bytes"
    assert int(response["Content-Length"]) == last - first + 1
    assert _body(response) == data[first : last + 1]


@pytest.mark.parametrize("header", [f"bytes={2 * MiB + 12345}-", "bytes=99999999-99999999", "bytes=-0"])
def test_unsatisfiable_ranges_answer_416(stored, header):  # type: ignore[no-untyped-def]
    name, data = stored
    response = _get(name, header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(data)}"
    assert response["Accept-Ranges"] == "bytes"


@pytest.mark.parametrize(
    "header", [None, "", "bytes=0-1,5-9", "items=0-1", "bytes=9-3", "bytes=-", "bytes=a-b"]
)
def test_no_or_unusable_range_serves_the_whole_file(stored, header):  # type: ignore[no-untyped-def]
    name, data = stored
    response = _get(name, header)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(data))
    assert "Content-Range" not in response
    assert _body(response) == data


def test_if_range_without_validators_serves_the_whole_file(stored):  # type: ignore[no-untyped-def]
    name, data = stored
    response = _get(name, "bytes=0-1", HTTP_IF_RANGE='"x"')
    assert response.status_code == 200 and _body(response) == data


def test_a_range_decrypts_only_the_chunks_that_hold_it(stored, monkeypatch):  # type: ignore[no-untyped-def]
    name, data = stored
    calls: list[int] = []
    real = crypto._chunk_aad

    def spy(kid: str, index: int, last: bool) -> bytes:
        calls.append(index)
        return real(kid, index, last)

    monkeypatch.setattr(crypto, "_chunk_aad", spy)
    response = _get(name, "bytes=-10")
    assert _body(response) == data[-10:]
    assert calls == [2]  # the last chunk only, authenticated as the last one
    calls.clear()
    assert _body(_get(name, "bytes=0-1")) == data[:2] and calls == [0]


@pytest.mark.parametrize("size", [0, 1, MiB, 2 * MiB])
def test_sizes_at_chunk_boundaries(size):  # type: ignore[no-untyped-def]
    data = os.urandom(size)
    name = default_storage.save("tests/edge.bin", ContentFile(data))
    assert core_views._plain_size(default_storage, name) == size
    if size:
        response = _get(name, "bytes=-1")
        assert response.status_code == 206 and _body(response) == data[-1:]
        assert response["Content-Range"] == f"bytes {size - 1}-{size - 1}/{size}"
    else:
        assert _get(name, "bytes=0-").status_code == 416
    assert _body(_get(name)) == data


def test_a_tampered_chunk_in_the_range_is_refused(stored):  # type: ignore[no-untyped-def]
    name, _data = stored
    path = default_storage.inner.path(name)  # type: ignore[attr-defined]
    with open(path, "r+b") as fh:
        fh.seek(-5, os.SEEK_END)
        fh.write(b"XXXXX")
    with pytest.raises(crypto.DecryptionError):
        _body(_get(name, "bytes=-10"))


def test_console_playback_answers_ranges_and_still_checks_and_audits(answered, users, client_for):  # type: ignore[no-untyped-def]  # noqa: F811
    answer = answered.answers.get()
    url = f"/interviews/answers/{answer.id}/media"
    client = client_for(users["interviewer"])
    full = client.get(url)
    whole = b"".join(full.streaming_content)
    assert full.status_code == 200 and full["Accept-Ranges"] == "bytes"
    part = client.get(url, HTTP_RANGE="bytes=0-1")
    assert part.status_code == 206 and b"".join(part.streaming_content) == whole[:2] == b"\x1a\x45"
    assert part["Content-Range"] == f"bytes 0-1/{len(whole)}"
    assert client.get(url, HTTP_RANGE=f"bytes={len(whole)}-").status_code == 416
    assert AuditEvent.objects.filter(action="answer.play", object_id=str(answer.id)).count() == 3
    outsider = client_for(None).get(url, HTTP_RANGE="bytes=0-1")
    assert outsider.status_code in (302, 403)
