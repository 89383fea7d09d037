import time
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openhire.ai.resume import parse as parse_module
from openhire.ai.resume import parse_resume

ZH_RESUME = """个人简历
张伟
性别：男 | 年龄：29岁 | 民族：汉族 | 籍贯：湖南长沙
手机：138-1234-5678  邮箱：zhangwei@example.com
现居地：上海
出生日期：1995年3月
教育背景
2013.09-2017.06  中南财经政法大学  金融学  本科  GPA 3.6/4.0
2017.09-2020.06  复旦大学  金融硕士  硕士
工作经历
2020.07-2022.03  中国工商银行上海分行 | 客户经理
负责对公客户关系管理，拓展小微企业贷款客户，完成存款任务。
熟练使用Excel和SQL进行数据分析。
2023年1月—至今  招商银行股份有限公司  高级客户经理
负责授信审批材料准备、贷后管理和交叉销售。
证书
银行业专业人员职业资格、基金从业资格、CFA二级、英语六级
获奖情况
2021年度优秀员工
"""

EN_RESUME = """JOHN A. SMITH
Male | Married | Date of Birth: 12/1990
Phone: +1 (415) 555-0134 | Email: john.smith@example.org | Location: Shanghai

EXPERIENCE
Senior Credit Analyst, HSBC Bank (China) Co. Ltd
Jul 2019 – Present
- Built credit scoring models in Python3 and SQL; stress testing under Basel III.
Credit Analyst | Standard Chartered Bank | 07/2016 - 12/2018
- Credit analysis for SME lending.

EDUCATION
Sept 2012 - Jun 2016  University of Edinburgh  B.Sc. in Economics  GPA 3.7
CERTIFICATIONS
FRM, CFA Level II
LANGUAGES
English, Mandarin (fluent)
"""


def test_chinese_resume_fields() -> None:
    profile = parse_resume(ZH_RESUME, as_of="2026-11", tagger=False)
    assert profile.language == "zh"
    assert (profile.name, profile.phone, profile.email) == ("张伟", "13812345678", "zhangwei@example.com")
    assert profile.location == "上海"  # 籍贯 (hometown) is not the location
    assert profile.birth_date == "1995-03"
    assert profile.gender == "男"
    first, second = profile.education
    assert (first.school, first.degree, first.major, first.start, first.end, first.gpa) == (
        "中南财经政法大学",
        "bachelor",
        "金融学",
        "2013-09",
        "2017-06",
        "3.6/4.0",
    )
    assert (second.school, second.degree) == ("复旦大学", "master")
    icbc, cmb = profile.experience
    assert (icbc.company, icbc.title, icbc.start, icbc.end) == (
        "中国工商银行上海分行",
        "客户经理",
        "2020-07",
        "2022-03",
    )
    assert (cmb.company, cmb.title, cmb.start, cmb.end, cmb.current) == (
        "招商银行股份有限公司",
        "高级客户经理",
        "2023-01",
        None,
        True,
    )
    assert "交叉销售" in cmb.description
    assert {"Customer Relationship Management", "Excel", "SQL", "Post-Loan Management"} <= set(profile.skills)
    assert profile.certificates == (
        "Banking Professional Qualification",
        "Fund Qualification",
        "CFA",
        "CET-6",
    )
    assert "English" in profile.languages  # CET-6 proves English
    assert profile.awards == ("2021年度优秀员工",)
    # 2020-07..2022-03 (21 months) + 2023-01..2026-11 (47 months)
    assert profile.total_years == pytest.approx(68 / 12, abs=0.05)
    assert [f.code for f in profile.flags] == ["gap"]
    assert (profile.flags[0].start, profile.flags[0].end) == ("2022-04", "2022-12")


def test_english_resume_fields() -> None:
    profile = parse_resume(EN_RESUME, as_of="2026-11")
    assert profile.language == "en"
    assert profile.name == "JOHN A. SMITH"
    assert profile.phone == "+14155550134"
    assert profile.location == "Shanghai"
    assert profile.birth_date == "1990-12"
    hsbc, sc = profile.experience
    assert (hsbc.title, hsbc.company, hsbc.start, hsbc.current) == (
        "Senior Credit Analyst",
        "HSBC Bank (China) Co. Ltd",
        "2019-07",
        True,
    )
    assert (sc.title, sc.company, sc.start, sc.end) == (
        "Credit Analyst",
        "Standard Chartered Bank",
        "2016-07",
        "2018-12",
    )
    (edu,) = profile.education
    assert (edu.school, edu.degree, edu.major, edu.gpa) == (
        "University of Edinburgh",
        "bachelor",
        "Economics",
        "3.7",
    )
    assert {"Python", "SQL", "Stress Testing", "Credit Analysis"} <= set(profile.skills)
    assert set(profile.certificates) == {"FRM", "CFA"}
    assert set(profile.languages) == {"English", "Mandarin"}
    assert profile.flags == ()
    assert profile.errors == ()  # no tagger needed for English


def test_protected_attributes_are_not_in_the_scoring_text() -> None:
    profile = parse_resume(ZH_RESUME, as_of="2026-11", tagger=False)
    for value in ("张伟", "男", "29岁", "汉族", "湖南长沙", "1995年3月"):
        assert value not in profile.scoring_text
    assert "招商银行" in profile.scoring_text


def test_job_hopping_and_overlap_flags() -> None:
    text = """工作经历
2021.01-2021.04  甲科技有限公司  销售代表
2021.05-2021.08  乙贸易有限公司  销售代表
2021.09-2021.12  丙银行  柜员
2022.01-2024.12  丁银行  客户经理
2023.01-2024.06  戊证券股份有限公司  理财经理
"""
    profile = parse_resume(text, as_of="2026-11", tagger=False)
    codes = [f.code for f in profile.flags]
    assert "job_hopping" in codes
    assert "overlap" in codes
    assert "gap" not in codes
    assert profile.total_years == pytest.approx(4.0, abs=0.05)  # 2021-01..2024-12, overlap not double-counted


def test_company_and_title_written_together() -> None:
    text = "工作经历\n2019.07-至今 中国工商银行上海分行客户经理\n"
    (job,) = parse_resume(text, as_of="2026-11", tagger=False).experience
    assert (job.company, job.title) == ("中国工商银行上海分行", "客户经理")


@pytest.mark.parametrize(
    ("text", "company", "title"),
    [
        (
            "工作经历\n公司名称：中国银行贵阳分行  职位：柜员  时间：2019.07-2021.03\n",
            "中国银行贵阳分行",
            "柜员",
        ),
        (
            "工作经历\n2018年3月-2020年6月 就职于平安银行深圳分行，担任理财经理\n",
            "平安银行深圳分行",
            "理财经理",
        ),
        ("工作经历\n2019.07-至今\t中国银行\t柜员\n", "中国银行", "柜员"),
        (
            "Experience\nABC Bank, Shanghai — Relationship Manager (Jan 2018 - Mar 2020)\n",
            "ABC Bank",
            "Relationship Manager",
        ),
        (
            "Experience\nSoftware Engineer at Acme Technologies Inc.   2017/3 - 2019/12\n",
            "Acme Technologies Inc.",
            "Software Engineer",
        ),
    ],
)
def test_experience_header_layouts(text: str, company: str, title: str) -> None:
    (job,) = parse_resume(text, as_of="2026-11", tagger=False).experience
    assert (job.company, job.title) == (company, title)


@pytest.mark.parametrize(
    ("text", "school", "degree", "major"),
    [
        (
            "教育经历\n学校：复旦大学 专业：金融学 学历：本科 时间：2015.09-2019.06\n",
            "复旦大学",
            "bachelor",
            "金融学",
        ),
        (
            "Education\nMaster of Science in Financial Engineering, Columbia University, 2018\n",
            "Columbia University",
            "master",
            "Financial Engineering",
        ),
        ("教育背景\n2016.09-2019.06  西南财经大学  会计学  大专\n", "西南财经大学", "associate", "会计学"),
    ],
)
def test_education_layouts(text: str, school: str, degree: str, major: str) -> None:
    (edu,) = parse_resume(text, as_of="2026-11", tagger=False).education
    assert (edu.school, edu.degree, edu.major) == (school, degree, major)


def test_end_before_start_is_flagged_not_crashed() -> None:
    profile = parse_resume("Experience\nAnalyst, Acme Bank\nJul 2020 – Jan 2019\n", as_of="2026-11")
    assert [f.code for f in profile.flags] == ["date_order"]
    assert profile.total_years == 0.0


def test_present_means_as_of() -> None:
    text = "Experience\nAnalyst, Acme Bank\nJan 2020 – Present\n"
    assert parse_resume(text, as_of="2021-12").total_years == 2.0
    assert parse_resume(text, as_of="2025-12").total_years == 6.0


def test_internships_do_not_count_as_work_years() -> None:
    text = "实习经历\n2019.07-2019.12  平安银行  实习生\n工作经历\n2020.07-2021.06  平安银行  柜员\n"
    profile = parse_resume(text, as_of="2026-11", tagger=False)
    assert [e.kind for e in profile.experience] == ["work", "internship"]
    assert profile.total_years == 1.0


@dataclass(frozen=True)
class FakeEntity:
    type: str
    start: int
    end: int
    text: str


class FakeTagger:
    name = "fake-ner"
    version = "9"

    def __init__(self) -> None:
        self.calls: list[str] = []

    def tag(self, text: str) -> list[FakeEntity]:
        self.calls.append(text)
        found = []
        for kind, word in (
            ("NAME", "李娜"),
            ("ORG", "某某控股"),
            ("TITLE", "副总裁"),
            ("EDU", "硕士研究生"),
            ("PRO", "金融学"),
            ("ORG", "某某银行"),
            ("TITLE", "行长"),
        ):
            at = text.find(word)
            if at >= 0:
                found.append(FakeEntity(kind, at, at + len(word), word))
        return found


def test_tagger_fills_what_rules_miss_on_chinese_text() -> None:
    tagger = FakeTagger()
    text = "李娜女士现任某某控股副总裁\n工作经历\n2018.03-至今  某某控股副总裁\n"
    profile = parse_resume(text, tagger=tagger, as_of="2026-11")
    assert profile.name == "李娜"
    assert profile.experience[0].company == "某某控股"
    assert profile.experience[0].title == "副总裁"
    assert ("fake-ner", "9") in [(e.name, e.version) for e in profile.engines]


def test_tagger_reads_free_prose_without_sections() -> None:
    bio = "李娜，中国国籍，硕士研究生学历，金融学专业，历任某某银行行长，现任某某控股副总裁。"
    profile = parse_resume(bio, tagger=FakeTagger(), as_of="2026-11")
    assert profile.name == "李娜"
    assert [(e.degree, e.degree_text, e.major) for e in profile.education] == [
        ("master", "硕士研究生", "金融学")
    ]
    assert [(e.company, e.title) for e in profile.experience] == [
        ("某某银行", "行长"),
        ("某某控股", "副总裁"),
    ]
    assert profile.total_years == 0.0  # undated: counts nothing


def test_tagger_is_not_used_on_english_text() -> None:
    tagger = FakeTagger()
    parse_resume(EN_RESUME, tagger=tagger, as_of="2026-11")
    assert tagger.calls == []


def test_missing_tagger_is_recorded_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        parse_module, "_default_tagger", lambda: (None, "Chinese entity tagger unavailable (test)")
    )
    profile = parse_resume(ZH_RESUME, as_of="2026-11")
    assert profile.name == "张伟"
    assert "Chinese entity tagger unavailable (test)" in profile.errors


def test_a_failing_tagger_degrades_to_rules() -> None:
    class Broken:
        def tag(self, text: str) -> list[FakeEntity]:
            raise RuntimeError("model exploded")

    profile = parse_resume("某人现任职务\n工作经历\n2018.03-至今  某处\n", tagger=Broken(), as_of="2026-11")
    assert any("entity tagger failed" in e for e in profile.errors)


def test_same_text_same_profile() -> None:
    assert parse_resume(ZH_RESUME, as_of="2026-11", tagger=False) == parse_resume(
        ZH_RESUME, as_of="2026-11", tagger=False
    )


def test_odd_text_never_crashes() -> None:
    for text in ("", "\n\n", "至今", "2019-", "2019.07-至今", "@@@@", "a" * 10000, "工作经历\n" * 50):
        profile = parse_resume(text, as_of="2026-11", tagger=False)
        assert profile.total_years >= 0


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=600))
def test_random_text_never_crashes(text: str) -> None:
    profile = parse_resume(text, as_of="2026-11", tagger=False)
    assert profile.total_years >= 0


@pytest.mark.parametrize(
    "text",
    ["a" * 20000, "A" * 20000 + "University", "1" * 20000, "a." * 10000 + "@", "(" * 10000, "2019." * 4000],
)
def test_pathological_lines_take_linear_time(text: str) -> None:
    # Each of these took 2-14 s before the patterns were anchored at word starts (quadratic scans).
    started = time.perf_counter()
    parse_resume(text, as_of="2026-11", tagger=False)
    assert time.perf_counter() - started < 2.0


def test_bad_arguments_raise_clear_errors() -> None:
    with pytest.raises(TypeError, match="expects str"):
        parse_resume(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="as_of"):
        parse_resume("x", as_of="July")
    with pytest.raises(ValueError, match="language"):
        parse_resume("x", language="fr")


def test_inline_labels_english_places_and_degree_dots():
    zh = parse_resume(
        "张伟\n电话：13800138000\n\n工作经历\n2016.07-至今 招商银行上海分行 客户经理\n负责对公客户维护。\n"
        "技能：Python、Excel\n证书：银行从业资格\n获奖：2019年度优秀员工\n"
    )
    assert zh.experience[0].description == "负责对公客户维护。"  # the labelled lines start their sections
    assert "Python" in zh.skills and zh.awards == ("2019年度优秀员工",)
    en = parse_resume(
        "John Smith\nPhone: +1 415 555 0100 | john@example.com | San Francisco, CA\n\nEDUCATION\n"
        "Stanford University, B.S. Computer Science, 2012 - 2016\n"
    )
    assert en.location == "San Francisco, CA"
    assert en.education[0].major == "Computer Science"
    assert parse_resume("Smith, John\nPhone: +1 415 555 0100\n").location == ""
