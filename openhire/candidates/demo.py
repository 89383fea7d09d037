"""Generated resumes (Chinese and English, text and DOCX) for the demo organisation, tests and benchmarks.

Deterministic: resume ``n`` is always the same person. Phone numbers use the 139-0000 test range and
e-mail addresses the ``example.com`` domain.
"""

from __future__ import annotations

import io
import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openhire.accounts.models import Organization

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "华",
    "慧",
)
EN_FIRST = ("Alice", "Ben", "Chloe", "David", "Emma", "Frank", "Grace", "Henry", "Ivy", "Jack")
EN_LAST = ("Smith", "Chen", "Wang", "Brown", "Li", "Taylor", "Zhang", "Wilson", "Liu", "Moore")
SCHOOLS = (
    "复旦大学",
    "武汉大学",
    "贵州大学",
    "郑州大学",
    "西南财经大学",
    "中南财经政法大学",
    "贵州财经大学",
    "河南大学",
)
MAJORS = ("金融学", "会计学", "市场营销", "计算机科学与技术", "经济学", "工商管理")
DEGREES = ("本科", "硕士", "大专", "本科", "本科")
BANKS = ("贵阳银行", "中原银行", "招商银行", "平安银行", "中国建设银行", "兴业银行", "交通银行")
TITLES = ("客户经理", "柜员", "理财经理", "大堂经理", "对公客户经理", "信贷专员")
SKILL_SETS = (
    ("客户关系管理", "Excel", "营销"),
    ("信贷审批", "风险控制", "Excel"),
    ("Python", "SQL", "数据分析"),
    ("理财规划", "客户关系管理", "沟通能力"),
    ("柜面业务", "现金管理", "Excel"),
    ("Java", "Spring", "MySQL"),
)
CERTS = ("银行从业资格证", "基金从业资格", "CFA一级", "证券从业资格", "初级会计师")
CITIES = ("贵阳", "郑州", "上海", "北京", "成都", "武汉")


def resume_text(n: int, *, language: str | None = None, extra_skills: tuple[str, ...] = ()) -> str:
    """Resume number ``n`` as plain text (Chinese for most ``n``, English for every fourth).

    ``extra_skills`` are added to the skills section (the demo uses them to make some resumes fit the job)."""
    rng = random.Random(n)
    english = language == "en" or (language is None and n % 4 == 3)
    phone = f"139{n:08d}"[:11]
    skills = rng.choice(SKILL_SETS)
    certs = rng.sample(CERTS, k=rng.randint(0, 2))
    start_year = 2010 + rng.randint(0, 10)
    school = rng.choice(SCHOOLS)
    major = rng.choice(MAJORS)
    bank1, bank2 = rng.sample(BANKS, 2)
    title1, title2 = rng.choice(TITLES), rng.choice(TITLES)
    if english:
        name = f"{EN_FIRST[n % len(EN_FIRST)]} {EN_LAST[(n // len(EN_FIRST)) % len(EN_LAST)]}"
        return "\n".join(
            [
                name,
                f"Phone: {phone}  Email: candidate{n}@example.com",
                f"Location: {rng.choice(('Shanghai', 'Beijing', 'Chengdu'))}",
                "",
                "EDUCATION",
                f"Sep {start_year - 4} – Jun {start_year}  Fudan University  Bachelor of Finance",
                "",
                "WORK EXPERIENCE",
                f"Jul {start_year} – Mar {start_year + 3}  China Merchants Bank  Customer Manager",
                "Managed corporate clients, customer relationship management, cross-selling wealth products.",
                f"Apr {start_year + 3} – Present  Ping An Bank  Senior Relationship Manager",
                "Led a team of 5, grew deposits by 30%, used Excel and SQL for client analysis.",
                "",
                "SKILLS",
                ", ".join(("CRM", "Excel", *(("Python", "SQL") if n % 2 else ("Sales",)), *extra_skills)),
                "",
                "CERTIFICATES",
                "Banking Professional Qualification" if n % 3 else "CFA Level 1",
                "",
                "LANGUAGES",
                "English (CET-6), Mandarin",
            ]
        )
    name = (
        SURNAMES[n % len(SURNAMES)]
        + GIVEN[(n // len(SURNAMES)) % len(GIVEN)]
        + ("" if n < len(SURNAMES) * len(GIVEN) else str(n))
    )
    degree = rng.choice(DEGREES)
    lines = [
        name,
        f"电话：{phone}  邮箱：candidate{n}@example.com",
        f"性别：{'男' if n % 2 else '女'}  出生日期：{1985 + n % 15}-0{1 + n % 9}  民族：汉族  籍贯：{rng.choice(CITIES)}",
        f"现居：{rng.choice(CITIES)}",
        "",
        "教育背景",
        f"{start_year - 4}.09-{start_year}.06  {school}  {major}  {degree}",
        "",
        "工作经历",
        f"{start_year}.07-{start_year + 3}.03  {bank1}  {title1}",
        f"负责{'、'.join(skills[:2])}相关工作，服务客户200余户，完成年度存款任务。",
        f"{start_year + 3}.04-至今  {bank2}  {title2}",
        f"熟练使用{skills[-1]}，参与网点营销活动，客户满意度95%。",
        "",
        "专业技能",
        "、".join((*skills, *extra_skills)),
    ]
    if certs:
        lines += ["", "证书", "、".join(certs)]
    return "\n".join(lines)


def docx_bytes(text: str) -> bytes:
    """``text`` as a Word document (one paragraph per line)."""
    from docx import Document

    document = Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def resume_file(n: int, *, extra_skills: tuple[str, ...] = ()) -> tuple[str, bytes]:
    """(file name, bytes): odd ``n`` as DOCX, even as UTF-8 text."""
    text = resume_text(n, extra_skills=extra_skills)
    if n % 2:
        return f"resume-{n:04d}.docx", docx_bytes(text)
    return f"resume-{n:04d}.txt", text.encode("utf-8")


def resumes_zip(count: int, *, start: int = 0) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(start, start + count):
            name, data = resume_file(n)
            archive.writestr(name, data)
    return out.getvalue()


def load_demo_candidates(org: Organization) -> None:
    """``on_demo_data`` hook: a few resumes for each demo job, parsed and screened in the background."""
    from openhire.candidates.services import intake_files
    from openhire.jobs.models import Job

    jobs = list(Job.objects.filter(organization=org).order_by("created_at")[:3])
    for offset, job in enumerate(jobs):
        # Most demo candidates bring some of the job's skills, so the ranked list has a spread of scores.
        job_skills = tuple(str(s.get("name", "")) for s in (job.skills or []) if isinstance(s, dict))
        files = [
            resume_file(offset * 20 + n, extra_skills=job_skills[: (n % 4) + 1] if n % 4 != 3 else ())
            for n in range(8)
        ]
        intake_files(job=job, files=files, actor=None)
