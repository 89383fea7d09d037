"""Test helpers for the jobs app: a small valid template, written to a folder, and quick builders."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from openhire.accounts.models import Organization, User
from openhire.jobs import services
from openhire.jobs.models import Competency, Job, Question


def t(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


COMPETENCY_NAMES = [
    ("communication", "沟通能力", "Communication", 30),
    ("problem_solving", "问题解决能力", "Problem solving", 25),
    ("customer_focus", "客户导向", "Customer focus", 25),
    ("integrity", "合规与诚信", "Integrity and compliance", 20),
]
# Distinct texts so duplicate detection leaves them alone.
QUESTION_TOPICS = [
    ("一次你向不懂金融的客户解释复杂产品", "explained a complex product to a customer new to finance"),
    ("你在团队里化解一场激烈的分歧", "resolved a heated disagreement inside your team"),
    ("你临时接手一个落后进度的项目", "took over a project that was behind schedule at short notice"),
    ("你发现报表数据前后矛盾", "noticed that the figures in a report contradicted each other"),
    ("客户对收费强烈不满并要投诉", "a customer was angry about a fee and wanted to complain"),
    ("你为老客户争取到更合适的方案", "found a better-suited plan for a long-standing customer"),
    ("有人请你通融一个违规的操作", "someone asked you to bend a rule for them"),
    ("你发现同事的报销单据有问题", "found something wrong in a colleague's expense claim"),
    ("你在截止前一天发现重大错误", "found a serious mistake the day before a deadline"),
    ("你同时面对三个紧急任务", "faced three urgent tasks at the same time"),
    ("你说服上级采纳你的建议", "persuaded your manager to adopt your proposal"),
    ("你第一次独立负责客户拜访", "led a customer visit on your own for the first time"),
]


def template_data(key: str = "demo_role") -> dict[str, Any]:
    topics = iter(QUESTION_TOPICS)
    competencies = []
    for ckey, zh, en, weight in COMPETENCY_NAMES:
        questions = []
        for n in range(3):
            topic_zh, topic_en = next(topics)
            questions.append(
                {
                    "key": f"{ckey}_{n}",
                    "type": ["behavioural", "situational", "behavioural"][n],
                    "difficulty": n + 1,
                    "text": t(f"请讲一次{topic_zh}的经历。", f"Tell us about a time you {topic_en}."),
                    "prep_seconds": 30,
                    "answer_seconds": 120,
                    "ideal_points": [t("情境", "situation"), t("行动", "action"), t("结果", "result")],
                    "reference_answer": t("", ""),
                    "scoring_guide": t("1 分：泛泛而谈；5 分：具体。", "1: vague; 5: specific."),
                    "followups": [
                        {
                            "condition": {"any": ["失败", "failed"], "all": [], "missing_point": None},
                            "question": t("你从中学到了什么？", "What did you learn from it?"),
                        },
                        {
                            "condition": {"any": [], "all": [], "missing_point": 2},
                            "question": t("结果如何？", "What was the result?"),
                        },
                    ],
                }
            )
        competencies.append(
            {
                "key": ckey,
                "name": t(zh, en),
                "definition": t(f"{zh}的定义", f"Definition of {en}"),
                "weight": weight,
                "min_score": 50 if ckey == "integrity" else None,
                "indicators": [t(f"{zh}指标{i}", f"{en} indicator {i}") for i in range(3)],
                "anchors": {lvl: t(f"{lvl} 分表现", f"level {lvl}") for lvl in ("1", "3", "5")},
                "questions": questions,
            }
        )
    return {
        "key": key,
        "title": t("客户经理", "Customer Manager"),
        "department": t("零售银行部", "Retail Banking"),
        "employment_type": "full_time",
        "description": t("负责客户关系。", "Owns customer relationships."),
        "responsibilities": t("拓展客户\n维护客户", "Win customers\nKeep customers"),
        "hard_requirements": {
            "education": "bachelor",
            "min_years": 1,
            "certificates": ["银行从业资格"],
            "languages": [],
            "locations": [],
        },
        "skills": [{"name": "客户关系管理", "weight": 60}, {"name": "金融产品知识", "weight": 40}],
        "competencies": competencies,
        "plan": {
            "retakes": 1,
            "allow_text_answers": False,
            "allow_start_now": True,
            "pass_threshold": 70,
            "invitation_valid_days": 7,
            "questions_per_competency": 1,
        },
    }


def write_template(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{data['key']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def variant(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(template_data())
    data.update(changes)
    return data


def job_from_template(org: Organization, actor: User | None, folder: Path, **kwargs: Any) -> Job:
    if not (folder / "demo_role.yaml").exists():
        write_template(folder, template_data())
    return services.job_create_from_template(
        organization=org, actor=actor, key="demo_role", directory=folder, **kwargs
    )


def competency(
    org: Organization, key: str = "teamwork", zh: str = "团队合作", en: str = "Teamwork"
) -> Competency:
    return services.competency_create(organization=org, actor=None, key=key, name_zh=zh, name_en=en)


def question(org: Organization, comp: Competency, zh: str, en: str = "", **kwargs: Any) -> Question:
    return services.question_create(
        organization=org, actor=None, competency=comp, text_zh=zh, text_en=en, **kwargs
    )
