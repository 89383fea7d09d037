"""Protocol peers for the channel tests: a local HTTP server that speaks the WeCom and WeChat
official-account APIs openhire uses (token, message send, error codes), and an SMTP server."""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass
class WeChatState:
    corp_id: str = "ww-corp"
    corp_secret: str = "wecom-secret"
    app_id: str = "wx-app"
    app_secret: str = "wechat-secret"
    known_users: set[str] = field(default_factory=lambda: {"zhangsan", "o-openid-1"})
    valid_tokens: set[str] = field(default_factory=set)
    expired_tokens: set[str] = field(default_factory=set)
    requests: list[tuple[str, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)  # errcodes to answer the next sends with
    oauth_codes: dict[str, str] = field(default_factory=dict)  # web-authorisation code → openid
    next_openid: str = "o-openid-1"
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))  # type: ignore[type-arg]

    def expire_all(self) -> None:
        self.expired_tokens |= self.valid_tokens
        self.valid_tokens.clear()

    def sends(self, path: str) -> list[dict[str, Any]]:
        return [body for p, _q, body in self.requests if p == path]


def _handler(state: WeChatState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _reply(self, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _token(self, ok: bool) -> None:
            if not ok:
                self._reply({"errcode": 40001, "errmsg": "invalid credential"})
                return
            token = f"tok-{next(state.counter)}"
            state.valid_tokens.add(token)
            self._reply({"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200})

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            state.requests.append((url.path, query, {}))
            if url.path == "/cgi-bin/gettoken":  # WeCom
                self._token(
                    query.get("corpid") == state.corp_id and query.get("corpsecret") == state.corp_secret
                )
            elif url.path == "/cgi-bin/token":  # WeChat official account
                self._token(
                    query.get("grant_type") == "client_credential"
                    and query.get("appid") == state.app_id
                    and query.get("secret") == state.app_secret
                )
            elif url.path == "/connect/oauth2/authorize":  # the candidate's WeChat agrees (snsapi_base)
                if query.get("appid") != state.app_id or query.get("response_type") != "code":
                    self._reply({"errcode": 10003, "errmsg": "redirect_uri or appid invalid"})
                    return
                code = f"code-{next(state.counter)}"
                state.oauth_codes[code] = state.next_openid
                sep = "&" if "?" in query["redirect_uri"] else "?"
                self.send_response(302)
                self.send_header(
                    "Location", f"{query['redirect_uri']}{sep}code={code}&state={query.get('state', '')}"
                )
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif url.path == "/sns/oauth2/access_token":
                ok = query.get("appid") == state.app_id and query.get("secret") == state.app_secret
                openid = state.oauth_codes.pop(query.get("code", ""), None)
                if not ok or query.get("grant_type") != "authorization_code":
                    self._reply({"errcode": 40125, "errmsg": "invalid appsecret"})
                elif openid is None:  # unknown or already used: WeChat codes are single-use
                    self._reply({"errcode": 40163, "errmsg": "code been used"})
                else:
                    self._reply(
                        {"access_token": "oauth-tok", "expires_in": 7200, "refresh_token": "r",
                         "openid": openid, "scope": "snsapi_base"}
                    )  # fmt: skip
            else:
                self._reply({"errcode": 404, "errmsg": "not found"})

        def do_POST(self) -> None:
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            state.requests.append((url.path, query, body))
            token = query.get("access_token", "")
            if token in state.expired_tokens:
                self._reply({"errcode": 42001, "errmsg": "access_token expired"})
                return
            if token not in state.valid_tokens:
                self._reply({"errcode": 40014, "errmsg": "invalid access_token"})
                return
            if state.fail_next:
                self._reply({"errcode": state.fail_next.pop(0), "errmsg": "system busy"})
                return
            if url.path == "/cgi-bin/message/send":
                if body.get("touser") not in state.known_users:
                    self._reply({"errcode": 81013, "errmsg": "user & party & tag all invalid"})
                    return
                self._reply({"errcode": 0, "errmsg": "ok", "invaliduser": "", "msgid": "m1"})
            elif url.path == "/cgi-bin/message/template/send":
                if body.get("touser") not in state.known_users:
                    self._reply({"errcode": 40003, "errmsg": "invalid openid"})
                    return
                self._reply({"errcode": 0, "errmsg": "ok", "msgid": 200228332})
            else:
                self._reply({"errcode": 404, "errmsg": "not found"})

    return Handler


class FakeWeChatServer:
    def __init__(self) -> None:
        self.state = WeChatState()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/cgi-bin/"

    @property
    def oauth_base(self) -> str:
        """Where WeChat's web-authorisation page lives (open.weixin.qq.com/connect/ in production)."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/connect/"

    def __enter__(self) -> FakeWeChatServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
