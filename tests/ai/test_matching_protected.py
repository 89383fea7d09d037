"""Protected attributes never change a score: change only them, the scores stay identical."""

from hypothesis import given, settings
from hypothesis import strategies as st

from openhire.ai.matching import Screener, job_spec_from_dict
from openhire.ai.resume import parse_resume

from .test_matching import JOB

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗欧阳司马"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚英华玉萍红玲"
CITIES = ["湖南长沙", "河南郑州", "贵州贵阳", "四川成都", "黑龙江哈尔滨", "广东梅州"]
ETHNICITIES = ["汉族", "回族", "满族", "壮族", "苗族", "维吾尔族", "土家族", "蒙古族"]
MARITAL = ["已婚", "未婚", "已婚已育", "离异"]

TEMPLATE = """{name}
性别：{gender} | 年龄：{age}岁 | 民族：{ethnicity} | 籍贯：{hometown} | 婚姻状况：{marital}
出生日期：{birth}
手机：13812345678  邮箱：candidate@example.com
现居地：上海
照片：[photo-{photo}.jpg]
教育背景
2013.09-2017.06  中南财经政法大学  金融学  本科
工作经历
2018.07-2022.03  中国工商银行上海分行 | 客户经理
负责对公客户关系管理，拓展小微企业贷款客户，完成存款任务。熟练使用Excel和SQL。
2022.04-至今  招商银行股份有限公司  高级客户经理
负责授信审批、贷后管理和交叉销售。
证书
银行业专业人员职业资格、基金从业资格
"""

EN_TEMPLATE = """{name}
{gender} | {age} years old | {marital} | Ethnicity: {ethnicity} | Hometown: {hometown}
Date of Birth: {birth}
Phone: +1 415 555 0134 | Email: candidate@example.org | Location: Shanghai
EXPERIENCE
Relationship Manager, Standard Chartered Bank
Jul 2016 – Present
- Managed corporate clients; customer relationship management, Excel and SQL reporting.
EDUCATION
Sep 2012 - Jun 2016  University of Edinburgh  B.Sc. in Finance
"""

protected = st.fixed_dictionaries(
    {
        "name": st.builds(
            lambda s, g: s + g,
            st.sampled_from([*SURNAMES[:20], "欧阳", "司马"]),
            st.text(GIVEN, min_size=1, max_size=2),
        ),
        "gender": st.sampled_from(["男", "女"]),
        "age": st.integers(21, 60),
        "ethnicity": st.sampled_from(ETHNICITIES),
        "hometown": st.sampled_from(CITIES),
        "marital": st.sampled_from(MARITAL),
        "birth": st.builds(lambda y, m: f"{y}年{m}月", st.integers(1965, 2004), st.integers(1, 12)),
        "photo": st.integers(0, 10**6),
    }
)
en_protected = st.fixed_dictionaries(
    {
        "name": st.builds(
            lambda first, last: f"{first} {last}",
            st.sampled_from(["Mary", "John", "Aisha", "Wei", "Olga", "Juan"]),
            st.sampled_from(["Chen", "Smith", "Khan", "Ivanova", "Garcia", "Okafor"]),
        ),
        "gender": st.sampled_from(["Male", "Female"]),
        "age": st.integers(21, 60),
        "ethnicity": st.sampled_from(["Han", "Hui", "Uyghur", "White", "Black", "Hispanic"]),
        "hometown": st.sampled_from(["Lagos", "Harbin", "Madrid", "Kazan"]),
        "marital": st.sampled_from(["Married", "Single", "Divorced"]),
        "birth": st.builds(lambda y, m: f"{m:02d}/{y}", st.integers(1965, 2004), st.integers(1, 12)),
        "photo": st.just(0),
    }
)

SCREENER = Screener(job_spec_from_dict(JOB))
EN_SCREENER = Screener(job_spec_from_dict({**JOB, "must_have": [], "education": "bachelor"}))


def _score(template: str, screener: Screener, values: dict[str, object]) -> tuple[object, ...]:
    profile = parse_resume(template.format(**values), as_of="2026-11", tagger=False)
    result = screener.match(profile)
    return (
        result.score,
        result.passed_hard_requirements,
        result.matched,
        result.missing,
        result.components,
        result.hard_results,
    )


@settings(max_examples=40, deadline=None)
@given(protected, protected)
def test_changing_only_protected_attributes_leaves_the_score_identical(a: dict, b: dict) -> None:
    assert _score(TEMPLATE, SCREENER, a) == _score(TEMPLATE, SCREENER, b)


@settings(max_examples=40, deadline=None)
@given(en_protected, en_protected)
def test_same_for_english_resumes(a: dict, b: dict) -> None:
    assert _score(EN_TEMPLATE, EN_SCREENER, a) == _score(EN_TEMPLATE, EN_SCREENER, b)


def test_protected_values_are_still_recorded_for_hr() -> None:
    values = {
        "name": "欧阳娜",
        "gender": "女",
        "age": 30,
        "ethnicity": "回族",
        "hometown": "河南郑州",
        "marital": "已婚",
        "birth": "1996年5月",
        "photo": 1,
    }
    profile = parse_resume(TEMPLATE.format(**values), as_of="2026-11", tagger=False)
    assert (profile.name, profile.gender, profile.birth_date, profile.location) == (
        "欧阳娜",
        "女",
        "1996-05",
        "上海",
    )
    assert SCREENER.match(profile).score > 60
