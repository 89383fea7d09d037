"""Channel transports: one small class per channel with one ``send`` that raises ``TransportError``.

``permanent=True`` means "do not retry" (a wrong address, a rejected template, missing settings);
anything else is retried with backoff by ``services.delivery_attempt``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.cache import cache

logger = logging.getLogger("openhire.notifications")

# WeChat / WeCom error codes: the access token is invalid or expired → fetch a new one and retry.
TOKEN_ERRORS = {40001, 40014, 42001}
# Errors that will not go away by retrying (bad user id / openid, template, permissions).
PERMANENT_WECHAT_ERRORS = {40003, 40037, 43004, 60111, 81013, 40036, 40056, 301002, 86000}


class TransportError(Exception):
    def __init__(self, message: str, *, permanent: bool, response: str = "") -> None:
        super().__init__(message)
        self.permanent = permanent
        self.response = response


@dataclass(frozen=True)
class Message:
    address: str
    subject: str
    body: str
    link: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    options: dict[str, Any]
    secret: str


class Transport:
    kind: ClassVar[str] = ""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, message: Message) -> str:
        """Deliver ``message``; return the provider's response (kept in the delivery log)."""
        raise NotImplementedError


class DjangoCacheStorage:
    """wechatpy session storage in Django's cache: the access token is shared by every process."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def get(self, key: str, default: Any = None) -> Any:
        return cache.get(f"{self.prefix}:{key}", default)

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        cache.set(f"{self.prefix}:{key}", value, ttl)

    def delete(self, key: str) -> None:
        cache.delete(f"{self.prefix}:{key}")

    def __getitem__(self, key: str) -> Any:
        return self.get(key)

    def __setitem__(self, key: str, value: Any) -> None:
        self.set(key, value)

    def __delitem__(self, key: str) -> None:
        self.delete(key)


def _wechat_call(client: Any, fn: Any) -> Any:
    """Call ``fn()``; on a token error refresh the token once and call again."""
    from wechatpy.exceptions import WeChatClientException

    for attempt in (1, 2):
        try:
            return fn()
        except WeChatClientException as exc:
            code = int(exc.errcode or 0)
            body = json.dumps({"errcode": code, "errmsg": str(exc.errmsg)}, ensure_ascii=False)
            if code in TOKEN_ERRORS and attempt == 1:
                client.session.delete(client.access_token_key)
                client.fetch_access_token()
                continue
            raise TransportError(
                f"errcode {code}: {exc.errmsg}", permanent=code in PERMANENT_WECHAT_ERRORS, response=body
            ) from exc
        except OSError as exc:  # network: connection refused, timeout
            raise TransportError(str(exc), permanent=False) from exc
        except Exception as exc:  # requests' errors derive from OSError; anything else: retry later
            if exc.__class__.__module__.startswith("requests"):
                raise TransportError(str(exc), permanent=False) from exc
            raise
    raise TransportError("access token refused twice", permanent=False)  # pragma: no cover


class WeComTransport(Transport):
    """WeCom (企业微信) application message to a staff member (``address`` = WeCom user id)."""

    kind = "wecom"

    def client(self) -> Any:
        from wechatpy.enterprise import WeChatClient as BaseClient

        class WeChatClient(BaseClient):  # type: ignore[misc]
            def fetch_access_token(self) -> Any:  # wechatpy hard-codes the host here; use API_BASE_URL
                return self._fetch_access_token(
                    url=f"{self.API_BASE_URL}gettoken",
                    params={"corpid": self.corp_id, "corpsecret": self.secret},
                )

        corp_id = str(self.settings.options.get("corp_id") or "")
        if not corp_id or not self.settings.secret:
            raise TransportError("WeCom is not configured (corp id and secret)", permanent=True)
        client = WeChatClient(
            corp_id,
            self.settings.secret,
            session=DjangoCacheStorage(f"openhire:wecom:{corp_id}"),
            timeout=10,
            auto_retry=False,
        )
        if self.settings.options.get("api_base"):
            client.API_BASE_URL = str(self.settings.options["api_base"]).rstrip("/") + "/"
        return client

    def send(self, message: Message) -> str:
        client = self.client()
        try:
            agent_id = int(self.settings.options.get("agent_id") or "")
        except ValueError:
            raise TransportError("WeCom agent id must be a number", permanent=True) from None
        text = message.body if not message.link else f"{message.body}\n{message.link}"
        if message.subject:
            text = f"{message.subject}\n{text}"
        result = _wechat_call(client, lambda: client.message.send_text(agent_id, message.address, text))
        return json.dumps(result, ensure_ascii=False)


class WeChatTransport(Transport):
    """WeChat official account (公众号) template message to a candidate (``address`` = openid)."""

    kind = "wechat"

    def client(self) -> Any:
        from wechatpy import WeChatClient as BaseClient

        class WeChatClient(BaseClient):  # type: ignore[misc]
            def fetch_access_token(self) -> Any:  # wechatpy hard-codes the host here; use API_BASE_URL
                return self._fetch_access_token(
                    url=f"{self.API_BASE_URL}token",
                    params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret},
                )

        app_id = str(self.settings.options.get("app_id") or "")
        if not app_id or not self.settings.secret:
            raise TransportError("WeChat is not configured (app id and secret)", permanent=True)
        client = WeChatClient(
            app_id,
            self.settings.secret,
            session=DjangoCacheStorage(f"openhire:wechat:{app_id}"),
            timeout=10,
            auto_retry=False,
        )
        if self.settings.options.get("api_base"):
            client.API_BASE_URL = str(self.settings.options["api_base"]).rstrip("/") + "/"
        return client

    def send(self, message: Message) -> str:
        template_id = str(message.extra.get("external_id") or self.settings.options.get("template_id") or "")
        if not template_id:
            raise TransportError("no WeChat template id for this message", permanent=True)
        client = self.client()
        data = {
            "first": {"value": message.subject},
            "keyword1": {"value": str(message.extra.get("job", ""))},
            "keyword2": {"value": str(message.extra.get("slot_time", ""))},
            "remark": {"value": message.body},
        }
        result = _wechat_call(
            client,
            lambda: client.message.send_template(
                message.address, template_id, data, url=message.link or None
            ),
        )
        return json.dumps(result, ensure_ascii=False)


class EmailTransport(Transport):
    """E-mail through Django's configured backend (SMTP in production); .ics attached for slots."""

    kind = "email"

    def send(self, message: Message) -> str:
        import smtplib

        from django.conf import settings
        from django.core.mail import EmailMessage

        body = message.body if not message.link else f"{message.body}\n\n{message.link}"
        email = EmailMessage(
            subject=message.subject or message.body[:60],
            body=body,
            from_email=str(self.settings.options.get("from_email") or settings.DEFAULT_FROM_EMAIL),
            to=[message.address],
        )
        ics = message.extra.get("ics")
        if ics:
            email.attach("interview.ics", str(ics), "text/calendar; method=REQUEST; charset=utf-8")
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise TransportError(f"recipient refused: {exc.recipients}", permanent=True) from exc
        except smtplib.SMTPResponseException as exc:
            permanent = 500 <= exc.smtp_code < 600
            raise TransportError(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", permanent=permanent) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TransportError(str(exc), permanent=False) from exc
        return "250 accepted"


class SmsProvider:
    """An SMS gateway: ``send`` returns the provider's response or raises ``TransportError``."""

    name: ClassVar[str] = ""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, phone: str, message: Message) -> str:
        raise NotImplementedError


class LogSmsProvider(SmsProvider):
    """Development: writes the message to the log instead of sending it."""

    name = "log"

    def send(self, phone: str, message: Message) -> str:
        logger.info("SMS to %s: %s", phone[-4:].rjust(len(phone), "*"), message.body)
        return "logged"


class AliyunSmsProvider(SmsProvider):
    """Aliyun SMS ``SendSms`` (RPC API 2017-05-25, HMAC-SHA1 signature of the sorted query)."""

    name = "aliyun"
    endpoint = "https://dysmsapi.aliyuncs.com/"

    def signed_query(self, params: dict[str, str], *, nonce: str, timestamp: str) -> str:
        import base64
        import hashlib
        import hmac
        from urllib.parse import quote

        def enc(value: str) -> str:
            return quote(value, safe="-_.~")

        full = {
            "AccessKeyId": str(self.settings.options.get("access_key_id") or ""),
            "Action": "SendSms",
            "Format": "JSON",
            "RegionId": "cn-hangzhou",
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce,
            "SignatureVersion": "1.0",
            "Timestamp": timestamp,
            "Version": "2017-05-25",
            **params,
        }
        canonical = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(full.items()))
        to_sign = f"GET&{enc('/')}&{enc(canonical)}"
        digest = hmac.new(f"{self.settings.secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
        signature = base64.b64encode(digest).decode()
        return f"Signature={enc(signature)}&{canonical}"

    def send(self, phone: str, message: Message) -> str:
        import uuid
        from datetime import UTC, datetime

        import requests

        template_code = str(message.extra.get("external_id") or "")
        if not template_code or not self.settings.options.get("sign_name"):
            raise TransportError("SMS template code or signature name missing", permanent=True)
        params = {
            "PhoneNumbers": phone,
            "SignName": str(self.settings.options["sign_name"]),
            "TemplateCode": template_code,
            "TemplateParam": json.dumps(message.extra.get("params") or {}, ensure_ascii=False),
        }
        query = self.signed_query(
            params, nonce=uuid.uuid4().hex, timestamp=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        )
        endpoint = str(self.settings.options.get("api_base") or self.endpoint)
        try:
            response = requests.get(f"{endpoint}?{query}", timeout=10)
        except requests.RequestException as exc:
            raise TransportError(str(exc), permanent=False) from exc
        text = response.text[:2000]
        try:
            code = str(response.json().get("Code", ""))
        except ValueError:
            raise TransportError(f"HTTP {response.status_code}", permanent=False, response=text) from None
        if code == "OK":
            return text
        # Throttling and service errors are worth retrying; bad numbers, templates, signatures are not.
        temporary = code.startswith("isv.BUSINESS_LIMIT") or code in {"isp.SYSTEM_ERROR", "Throttling"}
        raise TransportError(f"Aliyun SMS {code}", permanent=not temporary, response=text)


SMS_PROVIDERS: dict[str, type[SmsProvider]] = {"log": LogSmsProvider, "aliyun": AliyunSmsProvider}


class SmsTransport(Transport):
    kind = "sms"

    def send(self, message: Message) -> str:
        name = str(self.settings.options.get("provider") or "log")
        provider_class = SMS_PROVIDERS.get(name)
        if provider_class is None:
            raise TransportError(f"unknown SMS provider {name!r}", permanent=True)
        return provider_class(self.settings).send(message.address, message)


class InAppTransport(Transport):
    """Staff notifications shown in the console: the delivery row is the notification."""

    kind = "inapp"

    def send(self, message: Message) -> str:
        return "stored"


TRANSPORTS: dict[str, type[Transport]] = {
    t.kind: t for t in (WeComTransport, WeChatTransport, EmailTransport, SmsTransport, InAppTransport)
}
