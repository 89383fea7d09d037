"""The job-template loader: listing, validation, loading, and what a job made from one gets."""

from __future__ import annotations

import copy

import pytest

from openhire.core.errors import NotFound
from openhire.jobs import templates
from openhire.jobs.templates import TemplateInvalid, template_list, template_load, template_validate
from tests.jobs.helpers import template_data, write_template


def test_valid_template_lists_and_loads(template_dir):
    [summary] = template_list(template_dir)
    assert (summary.key, summary.title["zh"], summary.competency_count, summary.question_count) == (
        "demo_role",
        "客户经理",
        4,
        12,
    )
    assert template_load("demo_role", template_dir)["plan"]["questions_per_competency"] == 1


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (lambda d: d["competencies"][0].update(weight=35), "weights add up to 105"),
        (lambda d: d["competencies"].pop(), "4 to 6"),
        (lambda d: d["competencies"][1]["questions"].pop(), "at least 3"),
        (lambda d: d["competencies"][0]["anchors"].pop("3"), "anchors.3"),
        (lambda d: d["competencies"][0]["questions"][0].update(type="trick"), "type"),
        (
            lambda d: d["competencies"][0]["questions"][0]["followups"][1]["condition"].update(
                missing_point=7
            ),
            "followups.1.condition",
        ),
        (lambda d: d["competencies"][0]["questions"][1].update(key="communication_0"), "key: unique"),
        (lambda d: d.update(employment_type="gig"), "employment_type"),
        (lambda d: d["hard_requirements"].update(education="kindergarten"), "education"),
        (lambda d: d["skills"][0].update(weight=10), "skills: "),
        (lambda d: d["plan"].update(pass_threshold=170), "plan.pass_threshold"),
        (lambda d: d["title"].pop("en"), "title"),
    ],
)
def test_validation_names_the_problem(breakage, expected):
    data = copy.deepcopy(template_data())
    breakage(data)
    problems = template_validate(data, key="demo_role")
    assert any(expected in p for p in problems), problems


def test_broken_template_is_left_out_of_the_list_and_refused(tmp_path):
    folder = tmp_path / "t"
    write_template(folder, template_data("good_one"))
    bad = template_data("bad_one")
    bad["competencies"][0]["weight"] = 1
    write_template(folder, bad)
    (folder / "not_yaml.yaml").write_text("key: [unclosed", encoding="utf-8")
    assert [t.key for t in template_list(folder)] == ["good_one"]
    with pytest.raises(TemplateInvalid):
        template_load("bad_one", folder)
    with pytest.raises(NotFound):
        template_load("missing", folder)
    with pytest.raises(NotFound):
        template_load("../etc/passwd", folder)


def test_file_name_must_match_key(tmp_path):
    data = template_data("one")
    write_template(tmp_path, data)
    (tmp_path / "one.yaml").rename(tmp_path / "two.yaml")
    assert any("file name" in p for p in template_validate(templates._read(tmp_path / "two.yaml"), key="two"))


@pytest.mark.parametrize("key", templates.template_keys())
def test_shipped_template_loads_and_makes_a_publishable_job(key, org, users):
    from openhire.jobs import selectors, services

    data = template_load(key)
    job = services.job_create_from_template(
        organization=org, actor=users["recruiter"], key=key, location="北京"
    )
    assert job.title == data["title"]["zh"] and job.template_key == key
    plan = selectors.plan_of(job)
    assert plan is not None
    version = services.plan_publish(plan=plan, actor=users["recruiter"])
    per = data["plan"].get("questions_per_competency", 1)
    assert len(version.snapshot["questions"]) == per * len(data["competencies"])
    assert sum(c["weight"] for c in version.snapshot["competencies"]) == 100
