"""An OpenAI-compatible chat-completions client (DeepSeek, Qwen, vLLM, Ollama, llama.cpp server …).

Temperature 0, JSON output (``response_format: json_object``), the reply validated against a JSON
schema (the subset used by openhire: type, properties, required, additionalProperties, items, enum,
minimum/maximum, minLength/maxLength, minItems/maxItems). Every failure raises an :class:`LLMError`
subclass whose message says what went wrong; transport errors say whether a retry may help.
"""

from __future__ import annotations

import json
import re
from typing import Any

import requests


class LLMError(RuntimeError):
    """The LLM call failed; ``retryable`` says whether trying again may help."""

    retryable = False


class LLMTransportError(LLMError):
    """Connection, timeout or HTTP error talking to the endpoint."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


class LLMResponseError(LLMError):
    """The endpoint answered, but not with JSON matching the schema."""


class SchemaError(ValueError):
    """A value does not match a JSON schema; the message gives the path."""


_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def validate_schema(value: Any, schema: dict[str, Any], path: str = "$") -> None:
    """Raise :class:`SchemaError` when ``value`` does not satisfy ``schema`` (subset of JSON Schema)."""
    expected = schema.get("type")
    if expected is not None:
        names = expected if isinstance(expected, list) else [expected]
        ok = False
        for name in names:
            if name not in _TYPES:
                raise SchemaError(f"{path}: unsupported schema type {name!r}")
            if isinstance(value, _TYPES[name]) and not (
                isinstance(value, bool) and name in ("integer", "number")
            ):
                ok = True
        if not ok:
            raise SchemaError(f"{path}: expected {'/'.join(names)}, got {type(value).__name__}")
    if "enum" in schema and value not in schema["enum"]:
        raise SchemaError(f"{path}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            raise SchemaError(f"{path}: {value} is below the minimum {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            raise SchemaError(f"{path}: {value} is above the maximum {schema['maximum']}")
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            raise SchemaError(f"{path}: string shorter than {schema['minLength']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            raise SchemaError(f"{path}: string longer than {schema['maxLength']}")
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            raise SchemaError(f"{path}: fewer than {schema['minItems']} items")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            raise SchemaError(f"{path}: more than {schema['maxItems']} items")
        if "items" in schema:
            for i, item in enumerate(value):
                validate_schema(item, schema["items"], f"{path}[{i}]")
    if isinstance(value, dict):
        props: dict[str, Any] = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                raise SchemaError(f"{path}: missing required property {key!r}")
        for key, item in value.items():
            if key in props:
                validate_schema(item, props[key], f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                raise SchemaError(f"{path}: unexpected property {key!r}")


def _extract_json(content: str) -> Any:
    text = content.strip()
    fenced = re.match(r"^```(?:json)?\s*(.*?)\s*```$", text, re.DOTALL)
    if fenced:
        text = fenced.group(1)
    return json.loads(text)


class OpenAICompatibleLLM:
    """``LLMClient`` over HTTP: POST ``{base_url}/chat/completions``."""

    name = "openai-compatible"

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout_s: float = 60.0,
        max_retries: int = 1,
        session: requests.Session | None = None,
    ) -> None:
        if not re.match(r"^https?://", base_url or ""):
            raise ValueError(f"base_url must start with http:// or https://, got {base_url!r}")
        if not model:
            raise ValueError("model must be named")
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.version = model
        self._api_key = api_key
        self._timeout = timeout_s
        self._retries = max(0, max_retries)
        self._session = session or requests.Session()

    def _post(self, payload: dict[str, Any]) -> dict[str, Any]:
        headers = {"Content-Type": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        url = f"{self.base_url}/chat/completions"
        last: LLMTransportError | None = None
        for _attempt in range(self._retries + 1):
            try:
                resp = self._session.post(url, json=payload, headers=headers, timeout=self._timeout)
            except requests.Timeout:
                last = LLMTransportError(f"{url}: no answer within {self._timeout:g} s", retryable=True)
                continue
            except requests.RequestException as exc:
                last = LLMTransportError(f"{url}: cannot connect ({exc.__class__.__name__})", retryable=True)
                continue
            if resp.status_code in (429, 500, 502, 503, 504):
                last = LLMTransportError(f"{url}: HTTP {resp.status_code}", retryable=True)
                continue
            if resp.status_code != 200:
                raise LLMTransportError(f"{url}: HTTP {resp.status_code}: {resp.text[:200]}", retryable=False)
            try:
                data = resp.json()
            except ValueError as exc:
                raise LLMResponseError(f"{url}: the response body is not JSON") from exc
            if not isinstance(data, dict):
                raise LLMResponseError(f"{url}: the response is not a chat-completions object")
            return data
        assert last is not None
        raise last

    def complete_json(self, *, system: str, user: str, schema: dict[str, Any]) -> dict[str, Any]:
        """Ask at temperature 0 for a JSON object matching ``schema``; raises :class:`LLMError`."""
        payload = {
            "model": self.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [
                {
                    "role": "system",
                    "content": f"{system}\n\nReply with one JSON object matching this JSON schema:\n"
                    f"{json.dumps(schema, ensure_ascii=False)}",
                },
                {"role": "user", "content": user},
            ],
        }
        data = self._post(payload)
        try:
            content = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError) as exc:
            raise LLMResponseError("the response has no choices[0].message.content") from exc
        if not isinstance(content, str):
            raise LLMResponseError("the message content is not text")
        try:
            value = _extract_json(content)
        except json.JSONDecodeError as exc:
            raise LLMResponseError(
                f"the model did not return valid JSON ({exc.msg} at char {exc.pos})"
            ) from exc
        if not isinstance(value, dict):
            raise LLMResponseError("the model returned JSON that is not an object")
        try:
            validate_schema(value, schema)
        except SchemaError as exc:
            raise LLMResponseError(f"the model's JSON does not match the schema: {exc}") from exc
        return value
