import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from openhire.ai.adapters.llm import (
    LLMResponseError,
    LLMTransportError,
    OpenAICompatibleLLM,
    SchemaError,
    validate_schema,
)
from openhire.ai.scoring.contracts import AnswerScore, EngineRef, QuestionSpec, StarMarkers
from openhire.ai.scoring.llm_grader import GRADE_SCHEMA, GradeCache, LLMGradeRejected, blend, grade_with_llm

ANSWER = "当时我负责客户投诉处理。我首先整理了投诉记录，最终投诉量下降了30%。"


class FakeServer(HTTPServer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.requests: list[dict] = []
        self.reply: tuple[int, str | bytes] = (200, "{}")


class FakeOpenAI(BaseHTTPRequestHandler):
    server: FakeServer

    """Replies with whatever ``server.reply`` holds (a string put in message.content, or raw bytes)."""

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = json.loads(self.rfile.read(length))
        self.server.requests.append({"body": body, "auth": self.headers.get("Authorization")})
        status, content = self.server.reply
        if isinstance(content, bytes):
            payload = content
        else:
            payload = json.dumps(
                {"choices": [{"message": {"role": "assistant", "content": content}}]}
            ).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    srv = FakeServer(("127.0.0.1", 0), FakeOpenAI)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def client_for(srv, **kw):
    host, port = srv.server_address
    return OpenAICompatibleLLM(
        base_url=f"http://{host}:{port}/v1", model="qwen-test", api_key="sk-test", **kw
    )


def good_reply(quote="我首先整理了投诉记录"):
    return json.dumps({"score": 4, "rationale": "具体的行动和结果", "evidence": [quote]}, ensure_ascii=False)


def test_client_sends_temperature_zero_json_mode_and_key(server):
    server.reply = (200, good_reply())
    out = client_for(server).complete_json(system="s", user="u", schema=GRADE_SCHEMA)
    assert out["score"] == 4
    req = server.requests[0]
    assert req["body"]["temperature"] == 0
    assert req["body"]["response_format"] == {"type": "json_object"}
    assert req["body"]["model"] == "qwen-test"
    assert req["auth"] == "Bearer sk-test"


def test_grade_keeps_literal_quotes_and_is_cached(server):
    server.reply = (200, good_reply())
    cache = GradeCache()
    client = client_for(server)
    q = QuestionSpec(text="讲一次你处理客户投诉的经历")
    g1 = grade_with_llm(client, q, ANSWER, cache=cache)
    g2 = grade_with_llm(client, q, ANSWER, cache=cache)
    assert g1 == g2
    assert g1.scale_1_5 == 4 and g1.score_100 == 75.0
    assert g1.evidence == ("我首先整理了投诉记录",)
    assert len(server.requests) == 1  # the second grade came from the cache


def test_disk_cache_survives_a_new_cache_object(server, tmp_path):
    server.reply = (200, good_reply())
    q = QuestionSpec(text="讲一次你处理客户投诉的经历")
    g1 = grade_with_llm(client_for(server), q, ANSWER, cache=GradeCache(tmp_path))
    g2 = grade_with_llm(client_for(server), q, ANSWER, cache=GradeCache(tmp_path))
    assert g1 == g2 and len(server.requests) == 1


def test_invented_quote_is_rejected(server):
    server.reply = (200, good_reply(quote="我带领十人团队赢得了全国比赛"))
    with pytest.raises(LLMGradeRejected, match="not found in the transcript"):
        grade_with_llm(client_for(server), QuestionSpec(text="q"), ANSWER)


def test_invalid_json_is_a_clear_error(server):
    server.reply = (200, "score: 4, looks good")
    with pytest.raises(LLMResponseError, match="did not return valid JSON"):
        grade_with_llm(client_for(server), QuestionSpec(text="q"), ANSWER)


def test_json_not_matching_schema_is_rejected(server):
    server.reply = (200, json.dumps({"score": 7, "rationale": "x", "evidence": []}))
    with pytest.raises(LLMResponseError, match="above the maximum"):
        grade_with_llm(client_for(server), QuestionSpec(text="q"), ANSWER)
    server.reply = (200, json.dumps({"score": 3, "evidence": []}))
    with pytest.raises(LLMResponseError, match="missing required property 'rationale'"):
        grade_with_llm(client_for(server), QuestionSpec(text="q"), ANSWER)


def test_fenced_json_is_accepted(server):
    server.reply = (200, "```json\n" + good_reply() + "\n```")
    assert grade_with_llm(client_for(server), QuestionSpec(text="q"), ANSWER).scale_1_5 == 4


def test_http_errors_say_whether_to_retry(server):
    server.reply = (401, b'{"error": "bad key"}')
    with pytest.raises(LLMTransportError, match="HTTP 401") as info:
        client_for(server).complete_json(system="s", user="u", schema=GRADE_SCHEMA)
    assert info.value.retryable is False
    server.reply = (503, b"{}")
    with pytest.raises(LLMTransportError, match="HTTP 503") as info:
        client_for(server, max_retries=1).complete_json(system="s", user="u", schema=GRADE_SCHEMA)
    assert info.value.retryable is True
    assert len(server.requests) == 3  # 401 once, 503 twice (one retry)


def test_non_json_body_and_missing_choices(server):
    server.reply = (200, b"<html>proxy error</html>")
    with pytest.raises(LLMResponseError, match="not JSON"):
        client_for(server).complete_json(system="s", user="u", schema=GRADE_SCHEMA)
    server.reply = (200, b'{"id": "x"}')
    with pytest.raises(LLMResponseError, match="no choices"):
        client_for(server).complete_json(system="s", user="u", schema=GRADE_SCHEMA)


def test_unreachable_endpoint_and_timeout():
    client = OpenAICompatibleLLM(base_url="http://127.0.0.1:9/v1", model="m", timeout_s=0.5, max_retries=0)
    with pytest.raises(LLMTransportError, match=r"cannot connect|no answer"):
        client.complete_json(system="s", user="u", schema=GRADE_SCHEMA)


def test_bad_client_arguments():
    with pytest.raises(ValueError, match="base_url"):
        OpenAICompatibleLLM(base_url="ftp://x", model="m")
    with pytest.raises(ValueError, match="model"):
        OpenAICompatibleLLM(base_url="http://x", model="")


def test_schema_validator_paths():
    schema = {"type": "object", "properties": {"a": {"type": "array", "items": {"type": "integer"}}}}
    validate_schema({"a": [1, 2]}, schema)
    with pytest.raises(SchemaError, match=r"\$\.a\[1\]: expected integer"):
        validate_schema({"a": [1, "2"]}, schema)
    with pytest.raises(SchemaError, match="expected integer, got bool"):
        validate_schema(True, {"type": "integer"})


def test_blend_mixes_the_grade_and_records_the_engine(server):
    server.reply = (200, good_reply())
    grade = grade_with_llm(client_for(server), QuestionSpec(text="q"), ANSWER)
    base = AnswerScore(
        score_100=25.0,
        scale_1_5=2.0,
        language="zh",
        features=(),
        coverage=(),
        star=StarMarkers(),
        evidence=(),
        model_version="v1",
        variant="noref+lex+single",
        engines=(EngineRef("openhire-content-scorer", "v1"),),
        config_hash="abc",
    )
    mixed = blend(base, grade, weight=0.5)
    assert mixed.scale_1_5 == 3.0 and mixed.score_100 == 50.0
    assert mixed.engines[-1] == grade.engine
    assert blend(base, None) is base
    with pytest.raises(ValueError, match="between 0 and 1"):
        blend(base, grade, weight=2)
