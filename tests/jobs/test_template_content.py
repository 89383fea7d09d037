"""Content checks for the job templates openhire ships (`openhire/jobs/job_templates/*.yaml`).

These pin the shared file format (see the issue 3 contract) and the content rules a recruiter relies
on: weights that sum to 100, enough questions per competency, bilingual texts, valid follow-up rules,
and no question touching a protected topic (age, marriage, family plans, ethnicity, religion, health,
household registration, political affiliation).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "openhire" / "jobs" / "job_templates"

EXPECTED_KEYS = {
    "bank_teller",
    "customer_manager",
    "credit_officer",
    "customer_service",
    "product_manager",
    "software_engineer",
    "management_trainee",
    "production_supervisor",
}
EMPLOYMENT_TYPES = {"full_time", "part_time", "contract", "internship", "campus"}
EDUCATION = {"none", "high_school", "associate", "bachelor", "master", "phd"}
QUESTION_TYPES = {"behavioural", "situational", "technical", "motivation"}
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")

# Substrings that must never appear in a Chinese question (or follow-up) text.
FORBIDDEN_ZH = (
    "年龄",
    "岁数",
    "多大了",
    "婚",
    "孕",
    "生育",
    "生孩子",
    "孩子",
    "子女",
    "家庭计划",
    "民族",
    "宗教",
    "信教",
    "信仰",
    "健康",
    "疾病",
    "病史",
    "残疾",
    "身体状况",
    "户籍",
    "户口",
    "籍贯",
    "老家",
    "哪里人",
    "党员",
    "政治面貌",
    "入党",
)
# English terms, matched at a word start so that "manager" or "language" do not trip "age".
FORBIDDEN_EN = re.compile(
    r"\b(?:ages?\b|aged\b|how old|birth|married|marriage|marital|spouse|husband|wife|pregnan"
    r"|maternity|children|kids\b|family plan|ethnic|racial|nationality|religio|church|faith\b"
    r"|health|illness|disease|medical|disabilit|disabled|hometown|household regist|hukou"
    r"|political|party member)",
    re.IGNORECASE,
)
# Phrasings that suggest the expected answer (leading questions).
LEADING_ZH = ("难道", "是不是应该", "你同意", "对吧", "不是吗")
LEADING_EN = re.compile(r"\b(?:don't you (?:think|agree)|wouldn't you|isn't it true|surely)\b", re.I)


def _template_files() -> list[Path]:
    return sorted(TEMPLATE_DIR.glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict), f"{path.name}: top level must be a mapping"
    return data


TEMPLATES = {path.stem: _load(path) for path in _template_files()}


def _assert_text(value: Any, where: str) -> None:
    assert isinstance(value, dict), f"{where}: expected {{zh, en}}, got {value!r}"
    assert set(value) == {"zh", "en"}, f"{where}: keys must be zh and en, got {sorted(value)}"
    zh, en = value["zh"], value["en"]
    assert isinstance(zh, str) and zh.strip(), f"{where}: empty zh"
    assert isinstance(en, str) and en.strip(), f"{where}: empty en"
    assert CJK.search(zh), f"{where}: zh text has no Chinese: {zh!r}"
    assert not CJK.search(en), f"{where}: en text contains Chinese: {en!r}"


def _question_texts(template: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """Every text a candidate hears as a question: main questions and follow-ups."""
    found = []
    for comp in template["competencies"]:
        for question in comp["questions"]:
            found.append((question["key"], question["text"]))
            for index, followup in enumerate(question["followups"]):
                found.append((f"{question['key']}.followup[{index}]", followup["question"]))
    return found


def test_all_eight_templates_are_shipped() -> None:
    assert set(TEMPLATES) == EXPECTED_KEYS


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_header_fields(key: str) -> None:
    template = TEMPLATES[key]
    assert template["key"] == key, "key must equal the file name"
    for field in ("title", "department", "description", "responsibilities"):
        _assert_text(template[field], f"{key}.{field}")
    responsibilities = template["responsibilities"]
    zh_lines = [line for line in responsibilities["zh"].splitlines() if line.strip()]
    en_lines = [line for line in responsibilities["en"].splitlines() if line.strip()]
    assert len(zh_lines) >= 4, "responsibilities: one duty per line, several lines"
    assert len(zh_lines) == len(en_lines), "responsibilities: zh and en must list the same duties"
    assert template["employment_type"] in EMPLOYMENT_TYPES


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_hard_requirements_and_skills(key: str) -> None:
    template = TEMPLATES[key]
    hard = template["hard_requirements"]
    assert set(hard) == {"education", "min_years", "certificates", "languages", "locations"}
    assert hard["education"] in EDUCATION
    assert isinstance(hard["min_years"], int) and 0 <= hard["min_years"] <= 10
    for field in ("certificates", "languages", "locations"):
        assert isinstance(hard[field], list)
        assert all(isinstance(item, str) and item.strip() for item in hard[field])
    # Premium credentials are weighted skills, never hard requirements.
    assert not {"CFA", "CPA", "FRM"} & set(hard["certificates"])

    skills = template["skills"]
    assert 3 <= len(skills) <= 8
    names = [skill["name"] for skill in skills]
    assert len(names) == len(set(names)), "skill names must be unique"
    assert all(isinstance(skill["weight"], int) and skill["weight"] > 0 for skill in skills)
    assert sum(skill["weight"] for skill in skills) == 100


def test_bank_roles_require_the_banking_qualification() -> None:
    for key in ("bank_teller", "customer_manager", "credit_officer"):
        assert "银行从业资格" in TEMPLATES[key]["hard_requirements"]["certificates"], key


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_competency_model(key: str) -> None:
    competencies = TEMPLATES[key]["competencies"]
    assert 4 <= len(competencies) <= 6
    assert sum(comp["weight"] for comp in competencies) == 100
    comp_keys = [comp["key"] for comp in competencies]
    assert len(comp_keys) == len(set(comp_keys)), "competency keys must be unique"
    names = [comp["name"]["zh"] for comp in competencies]
    assert len(names) == len(set(names)), "competency names must be unique"
    for comp in competencies:
        where = f"{key}.{comp['key']}"
        assert SNAKE.match(comp["key"]), where
        assert isinstance(comp["weight"], int) and 5 <= comp["weight"] <= 50, where
        assert comp["min_score"] is None or (
            isinstance(comp["min_score"], int) and 0 <= comp["min_score"] <= 100
        ), where
        _assert_text(comp["name"], f"{where}.name")
        _assert_text(comp["definition"], f"{where}.definition")
        assert 3 <= len(comp["indicators"]) <= 5, f"{where}: 3–5 indicators"
        for index, indicator in enumerate(comp["indicators"]):
            _assert_text(indicator, f"{where}.indicators[{index}]")
        assert set(comp["anchors"]) == {"1", "3", "5"}, f"{where}: anchors 1, 3 and 5"
        for level, anchor in comp["anchors"].items():
            _assert_text(anchor, f"{where}.anchors[{level}]")
        assert len(comp["questions"]) >= 3, f"{where}: at least three questions"


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_questions(key: str) -> None:
    template = TEMPLATES[key]
    seen: set[str] = set()
    for comp in template["competencies"]:
        types = set()
        for question in comp["questions"]:
            where = f"{key}.{question['key']}"
            assert SNAKE.match(question["key"]), where
            assert question["key"] not in seen, f"{where}: duplicate question key"
            seen.add(question["key"])
            assert question["type"] in QUESTION_TYPES, where
            types.add(question["type"])
            assert question["difficulty"] in (1, 2, 3), where
            assert isinstance(question["prep_seconds"], int), where
            assert 0 <= question["prep_seconds"] <= 120, where
            assert isinstance(question["answer_seconds"], int), where
            assert 60 <= question["answer_seconds"] <= 300, where
            _assert_text(question["text"], f"{where}.text")
            _assert_text(question["scoring_guide"], f"{where}.scoring_guide")
            for level in ("1", "3", "5"):
                assert level in question["scoring_guide"]["zh"], f"{where}: guide rates {level}"
                assert level in question["scoring_guide"]["en"], f"{where}: guide rates {level}"
            if question.get("reference_answer") is not None:
                _assert_text(question["reference_answer"], f"{where}.reference_answer")
            points = question["ideal_points"]
            assert 3 <= len(points) <= 5, f"{where}: 3–5 ideal points"
            for index, point in enumerate(points):
                _assert_text(point, f"{where}.ideal_points[{index}]")
        # A competency is probed from more than one angle (past behaviour and a situation, say).
        assert len(types) >= 2, f"{key}.{comp['key']}: mix question types"


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_question_mix_is_mostly_behavioural_and_situational(key: str) -> None:
    questions = [q for comp in TEMPLATES[key]["competencies"] for q in comp["questions"]]
    kinds = [q["type"] for q in questions]
    assert kinds.count("behavioural") >= len(kinds) // 3
    assert kinds.count("situational") >= len(kinds) // 5


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_followup_rules(key: str) -> None:
    for comp in TEMPLATES[key]["competencies"]:
        for question in comp["questions"]:
            where = f"{key}.{question['key']}"
            followups = question["followups"]
            assert 1 <= len(followups) <= 2, f"{where}: 1–2 follow-ups"
            for index, followup in enumerate(followups):
                rule = f"{where}.followups[{index}]"
                _assert_text(followup["question"], f"{rule}.question")
                condition = followup["condition"]
                assert set(condition) == {"any", "all", "missing_point"}, rule
                keywords = condition["any"] + condition["all"]
                assert all(isinstance(word, str) and word.strip() for word in keywords), rule
                missing = condition["missing_point"]
                assert keywords or missing is not None, f"{rule}: condition never matches"
                if missing is not None:
                    assert isinstance(missing, int), rule
                    assert 0 <= missing < len(question["ideal_points"]), f"{rule}: bad index"
                if keywords:
                    assert any(CJK.search(word) for word in keywords), f"{rule}: no zh keyword"
                    assert any(LATIN.search(word) and not CJK.search(word) for word in keywords), (
                        f"{rule}: no en keyword"
                    )
                    # Matching is case-insensitive on lower-cased text.
                    assert all(word == word.lower() for word in keywords), rule
                # `all` means every word must occur; mixing languages there could never match.
                if condition["all"]:
                    has_zh = [bool(CJK.search(word)) for word in condition["all"]]
                    assert all(has_zh) or not any(has_zh), f"{rule}: `all` mixes zh and en"


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_no_question_touches_a_protected_topic(key: str) -> None:
    for where, text in _question_texts(TEMPLATES[key]):
        for term in FORBIDDEN_ZH:
            assert term not in text["zh"], f"{key}.{where}: forbidden term {term!r}"
        match = FORBIDDEN_EN.search(text["en"])
        assert match is None, f"{key}.{where}: forbidden term {match and match.group(0)!r}"


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_no_leading_questions(key: str) -> None:
    for where, text in _question_texts(TEMPLATES[key]):
        for phrase in LEADING_ZH:
            assert phrase not in text["zh"], f"{key}.{where}: leading phrase {phrase!r}"
        assert not LEADING_EN.search(text["en"]), f"{key}.{where}: leading phrasing"


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_interview_plan_defaults(key: str) -> None:
    plan = TEMPLATES[key]["plan"]
    assert set(plan) == {
        "retakes",
        "allow_text_answers",
        "allow_start_now",
        "pass_threshold",
        "invitation_valid_days",
        "questions_per_competency",
    }
    assert plan["retakes"] in (0, 1, 2)
    assert isinstance(plan["allow_text_answers"], bool)
    assert isinstance(plan["allow_start_now"], bool)
    assert 50 <= plan["pass_threshold"] <= 90
    assert 1 <= plan["invitation_valid_days"] <= 30
    assert 1 <= plan["questions_per_competency"] <= 3


def test_forbidden_topic_filter_catches_protected_questions() -> None:
    """The filter itself must flag what it exists to flag, and not ordinary business words."""
    assert FORBIDDEN_EN.search("Are you married?")
    assert FORBIDDEN_EN.search("Do you plan to have children soon?")
    assert FORBIDDEN_EN.search("What is your age?")
    assert FORBIDDEN_EN.search("Any health issues we should know about?")
    assert not FORBIDDEN_EN.search("How do you manage an unhappy customer's message?")
    assert not FORBIDDEN_EN.search("Describe your average stage of engagement with this language.")
    assert not FORBIDDEN_EN.search("A race condition hit the agent's agenda at the agency.")
    assert any(term in "你结婚了吗？" for term in FORBIDDEN_ZH)
    assert any(term in "你的户籍在哪里？" for term in FORBIDDEN_ZH)


def test_templates_pass_the_loader_validation() -> None:
    """The jobs loader (`openhire.jobs.templates`) accepts every shipped template as it is."""
    loader = pytest.importorskip("openhire.jobs.templates")
    for key in sorted(TEMPLATES):
        assert loader.template_validate(TEMPLATES[key], key=key) == [], key


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_followup_keyword_triggers_its_rule(key: str) -> None:
    """Each keyword, said inside an answer in its own language, fires the rule it belongs to."""
    rules = pytest.importorskip("openhire.ai.followups.rules")
    for comp in TEMPLATES[key]["competencies"]:
        for question in comp["questions"]:
            for index, followup in enumerate(question["followups"]):
                words = followup["condition"]["any"]
                if not words:
                    continue
                rule = rules.FollowupRule(
                    id=f"{question['key']}.{index}",
                    question_zh=followup["question"]["zh"],
                    question_en=followup["question"]["en"],
                    keywords=tuple(words),
                )
                for word in words:
                    answer = (
                        f"当时的情况是这样的，{word}，后来就结束了。"
                        if CJK.search(word)
                        else f"So what happened was that {word}, and then it was over."
                    )
                    match = rules.match_followup([rule], answer)
                    assert match is not None, f"{key}.{rule.id}: {word!r} does not trigger"


def test_no_two_shipped_questions_are_duplicates() -> None:
    """Jobs created from several templates share one question bank; none may flag another as a duplicate."""
    textmatch = pytest.importorskip("openhire.jobs.textmatch")
    pairs = [
        textmatch.TextPair.of(f"{key}.{q['key']}", q["text"]["zh"], q["text"]["en"])
        for key, template in sorted(TEMPLATES.items())
        for comp in template["competencies"]
        for q in comp["questions"]
    ]
    for probe in pairs:
        assert textmatch.find_duplicates(probe, pairs) == [], probe.ident


def test_a_competency_shared_between_templates_means_the_same_thing() -> None:
    """Creating jobs from templates fills one organisation library, matched by key and by Chinese name:
    a key used twice must carry the same name and definition, and a name must not hide two keys."""
    by_key: dict[str, tuple[str, Any, Any]] = {}
    key_by_name: dict[str, tuple[str, str]] = {}
    for template_key, template in sorted(TEMPLATES.items()):
        for comp in template["competencies"]:
            seen = by_key.setdefault(comp["key"], (template_key, comp["name"], comp["definition"]))
            assert (seen[1], seen[2]) == (comp["name"], comp["definition"]), (
                f"{template_key}.{comp['key']} differs from {seen[0]}.{comp['key']}"
            )
            for name in (comp["name"]["zh"], comp["name"]["en"].lower()):
                owner = key_by_name.setdefault(name, (template_key, comp["key"]))
                assert owner[1] == comp["key"], (
                    f"{template_key}.{comp['key']} and {owner[0]}.{owner[1]} are both called {name!r}"
                )
