"""Resume intake throughput: extract + parse + screen, per core, against a pdfminer.six baseline.

Generates a few hundred mixed Chinese / English two-page resumes (PDF through reportlab with its
built-in CID font STSong-Light, DOCX through python-docx) in a temporary folder, then measures in one
process (one core):

* baseline: pdfminer.six ``extract_text`` on the PDFs (text only, nothing parsed);
* openhire: ``extract_text`` → ``parse_resume`` → ``Screener.match`` per kind of file.

Two kinds of PDF: WeasyPrint with Noto CJK embedded (what Word / WPS exports look like) and reportlab
with the non-embedded CID font STSong-Light (pdfium then needs a substitute CJK font).

Prints resumes per second of wall time and of CPU time and the ratio to the baseline.
Run: ``.venv/bin/python bench/resume_ingest.py [--count 300] [--seed 7]``.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ZH_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
ZH_GIVEN = (
    "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕鹏辉建国志文斌婷雪琳晨宇浩然欣怡子涵"
)
ZH_CITIES = ["上海", "北京", "深圳", "广州", "杭州", "成都", "贵阳", "郑州", "南京", "武汉"]
ZH_SCHOOLS = [
    "复旦大学",
    "中南财经政法大学",
    "西南财经大学",
    "上海财经大学",
    "中央财经大学",
    "郑州大学",
    "贵州大学",
    "武汉大学",
    "南京大学",
    "浙江大学",
    "对外经济贸易大学",
    "华中科技大学",
]
ZH_MAJORS = [
    "金融学",
    "会计学",
    "经济学",
    "计算机科学与技术",
    "统计学",
    "市场营销",
    "工商管理",
    "软件工程",
    "法学",
]
ZH_DEGREES = ["本科", "硕士", "大专", "博士"]
ZH_COMPANIES = [
    "中国工商银行上海分行",
    "招商银行股份有限公司",
    "贵阳银行股份有限公司",
    "中原银行郑州分行",
    "平安银行深圳分行",
    "中国建设银行北京分行",
    "华为技术有限公司",
    "腾讯科技(深圳)有限公司",
    "中信证券股份有限公司",
    "中国平安保险(集团)股份有限公司",
    "美的集团股份有限公司",
    "兴业银行杭州分行",
]
ZH_TITLES = [
    "客户经理",
    "高级客户经理",
    "柜员",
    "风险经理",
    "信贷审批岗",
    "产品经理",
    "软件工程师",
    "数据分析师",
    "理财经理",
    "大堂经理",
    "运营主管",
    "销售代表",
]
ZH_DUTIES = [
    "负责对公客户关系管理，拓展小微企业贷款客户，完成年度存款与贷款任务。",
    "负责个人客户理财规划与基金销售，管理客户资产超过两亿元。",
    "参与授信审批材料准备，开展贷前调查和贷后管理，跟踪不良资产处置。",
    "负责柜面业务办理、现金管理与反洗钱客户尽职调查，连续三年零差错。",
    "使用Python和SQL进行数据分析，搭建信用评分卡模型，提升审批效率20%。",
    "负责手机银行产品需求分析与原型设计，推动数字化转型项目落地。",
    "牵头交叉销售活动策划，组织网点营销，季度业绩排名分行第一。",
    "处理客户投诉与服务质量提升工作，客户满意度由85%提升至96%。",
    "参与核心系统改造项目，负责微服务架构设计与Java后端开发。",
    "编制监管报送报表，配合内部审计与合规检查，完善内控流程。",
    "负责供应链金融与贸易融资业务拓展，为进出口企业提供国际结算服务。",
    "带领5人团队完成年度销售目标，负责新员工培训与绩效管理。",
]
ZH_CERTS = [
    "银行从业资格",
    "基金从业资格",
    "证券从业资格",
    "CFA二级",
    "FRM",
    "中级经济师",
    "初级会计师",
    "英语六级",
    "注册会计师",
    "PMP",
    "英语四级",
    "计算机二级",
]
ZH_SKILLS = [
    "熟练使用Excel、SQL和Python",
    "熟悉客户关系管理系统CRM",
    "掌握财务分析与估值建模",
    "熟悉信贷业务流程与风险管理",
    "熟悉Java、Spring Boot和MySQL",
    "具备良好的沟通能力与团队合作精神",
]

EN_FIRST = [
    "James",
    "Mary",
    "Robert",
    "Linda",
    "Michael",
    "Sarah",
    "David",
    "Emily",
    "Daniel",
    "Grace",
    "Kevin",
    "Amy",
]
EN_LAST = [
    "Smith",
    "Chen",
    "Wang",
    "Johnson",
    "Brown",
    "Li",
    "Garcia",
    "Miller",
    "Davis",
    "Zhang",
    "Wilson",
    "Taylor",
]
EN_CITIES = ["Shanghai", "Beijing", "Shenzhen", "Hong Kong", "Singapore", "London"]
EN_SCHOOLS = [
    "University of Edinburgh",
    "National University of Singapore",
    "Fudan University",
    "London School of Economics",
    "University of Hong Kong",
    "Peking University",
    "New York University",
]
EN_MAJORS = [
    "Economics",
    "Finance",
    "Computer Science",
    "Accounting",
    "Statistics",
    "Business Administration",
]
EN_DEGREES = ["B.Sc.", "M.Sc.", "MBA", "Bachelor of Arts", "Master of Finance", "PhD"]
EN_COMPANIES = [
    "HSBC Bank (China) Co. Ltd",
    "Standard Chartered Bank",
    "Citibank",
    "DBS Bank",
    "Deloitte Consulting",
    "Microsoft Corporation",
    "Ping An Insurance Group",
    "Bank of China",
    "JPMorgan Chase & Co.",
    "Alibaba Group",
]
EN_TITLES = [
    "Relationship Manager",
    "Senior Credit Analyst",
    "Risk Manager",
    "Software Engineer",
    "Product Manager",
    "Data Analyst",
    "Teller",
    "Compliance Officer",
    "Sales Representative",
    "Operations Supervisor",
]
EN_DUTIES = [
    "Managed a portfolio of 80 corporate clients and grew deposits by 25% through cross-selling.",
    "Built credit scoring models in Python and SQL; led stress testing under Basel III.",
    "Handled customer complaints and improved service quality scores from 82 to 95.",
    "Conducted due diligence and credit analysis for SME lending and trade finance deals.",
    "Designed microservices in Java and Spring Boot for the core banking system migration.",
    "Led anti-money laundering reviews and KYC remediation for 3,000 accounts.",
    "Owned the mobile banking roadmap; ran A/B tests and requirements analysis with business teams.",
    "Prepared regulatory reporting and supported internal audit and compliance reviews.",
    "Coached a team of six sales staff and delivered 120% of the annual target.",
    "Automated Excel reporting with VBA and Power BI dashboards for branch operations.",
]
EN_CERTS = [
    "CFA Level II",
    "FRM",
    "CPA",
    "PMP",
    "ACCA",
    "IELTS 7.5",
    "CAMS",
    "AWS Certified Solutions Architect",
]
EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

JOB_YAML = """\
title: 对公客户经理 Corporate Relationship Manager
description: |
  负责对公客户关系管理与拓展，营销存款、授信与贸易融资产品，完成贷前调查和贷后管理。
  Manage corporate clients, cross-sell credit, cash management and trade finance products.
requirements: 本科及以上学历，3年以上银行对公业务经验，持有银行从业资格证书优先，熟练使用Excel和SQL。
skills:
  - {name: 客户关系管理, weight: 3}
  - {name: 贷后管理, weight: 2}
  - {name: 贸易融资, weight: 2}
  - {name: Excel, weight: 1}
  - {name: SQL, weight: 1}
must_have: [银行从业资格]
min_years: 3
education: 本科
location: 上海
"""


def zh_resume(rng: random.Random) -> list[str]:
    name = rng.choice(ZH_SURNAMES) + "".join(rng.choice(ZH_GIVEN) for _ in range(rng.randint(1, 2)))
    lines = [
        f"{name}",
        f"性别：{rng.choice('男女')} | 年龄：{rng.randint(23, 45)}岁 | 民族：汉族 | 籍贯：{rng.choice(ZH_CITIES)}",
        f"手机：1{rng.randint(3, 9)}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}    邮箱：u{rng.randint(1000, 9999)}@example.com",
        f"现居地：{rng.choice(ZH_CITIES)}",
        "求职意向",
        f"{rng.choice(ZH_TITLES)}，期望工作地点{rng.choice(ZH_CITIES)}",
        "教育背景",
    ]
    year = rng.randint(2004, 2016)
    lines.append(
        f"{year}.09-{year + 4}.06    {rng.choice(ZH_SCHOOLS)}    {rng.choice(ZH_MAJORS)}    本科    GPA 3.{rng.randint(0, 9)}/4.0"
    )
    if rng.random() < 0.4:
        lines.append(
            f"{year + 4}.09-{year + 7}.06    {rng.choice(ZH_SCHOOLS)}    {rng.choice(ZH_MAJORS)}    硕士"
        )
        year += 3
    lines.append(
        "主修课程：货币银行学、公司金融、计量经济学、会计学原理、商业银行经营管理、投资学、风险管理。"
    )
    lines.append("工作经历")
    start = year + 4
    for job in range(rng.randint(3, 5)):
        length = rng.randint(1, 4)
        end = start + length
        end_text = "至今" if end >= 2026 or job == 4 else f"{end}.{rng.randint(1, 12):02d}"
        lines.append(
            f"{start}.{rng.randint(1, 12):02d}-{end_text}    {rng.choice(ZH_COMPANIES)}    {rng.choice(ZH_TITLES)}"
        )
        lines.extend(rng.sample(ZH_DUTIES, 4))
        if end_text == "至今":
            break
        start = end
    lines.append("项目经历")
    for _ in range(3):
        lines.append(
            f"{rng.randint(2015, 2024)}.{rng.randint(1, 12):02d}-{rng.randint(2016, 2025)}.{rng.randint(1, 12):02d}    项目：{rng.choice(['智能风控平台', '手机银行改版', '普惠金融产品设计', '网点数字化转型'])}"
        )
        lines.extend(rng.sample(ZH_DUTIES, 3))
    lines.append("证书")
    lines.append("、".join(rng.sample(ZH_CERTS, 4)))
    lines.append("专业技能")
    lines.extend(rng.sample(ZH_SKILLS, 4))
    lines.append("获奖情况")
    lines.append(f"{rng.randint(2015, 2024)}年度优秀员工；{rng.randint(2008, 2014)}年国家奖学金")
    lines.append("自我评价")
    lines.extend(rng.sample(ZH_DUTIES, 3))
    return lines


def en_resume(rng: random.Random) -> list[str]:
    name = f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"
    phone = f"1{rng.randint(3, 9)}{rng.randint(0, 9)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
    # one mailbox per person (its number from the phone): resumes that share an e-mail are one candidate
    email = f"{name.replace(' ', '.').lower()}{phone[-4:]}@example.org"
    lines = [
        name,
        f"Phone: +86 {phone} | Email: {email} | Location: {rng.choice(EN_CITIES)}",
        "SUMMARY",
        f"{rng.choice(EN_TITLES)} with {rng.randint(3, 15)} years in banking and financial services.",
        "EXPERIENCE",
    ]
    year = rng.randint(2008, 2018)
    for job in range(rng.randint(3, 5)):
        length = rng.randint(1, 3)
        month = rng.choice(EN_MONTHS)
        end_text = (
            "Present" if year + length >= 2026 or job == 4 else f"{rng.choice(EN_MONTHS)} {year + length}"
        )
        lines.append(f"{rng.choice(EN_TITLES)}, {rng.choice(EN_COMPANIES)}")
        lines.append(f"{month} {year} – {end_text}")
        lines.extend(f"- {duty}" for duty in rng.sample(EN_DUTIES, 4))
        if end_text == "Present":
            break
        year += length
    lines.append("PROJECTS")
    for _ in range(2):
        lines.extend(f"- {duty}" for duty in rng.sample(EN_DUTIES, 3))
    lines.append("EDUCATION")
    grad = rng.randint(2004, 2017)
    lines.append(
        f"Sep {grad - 4} - Jun {grad}    {rng.choice(EN_SCHOOLS)}    {rng.choice(EN_DEGREES)} in {rng.choice(EN_MAJORS)}"
    )
    lines.append(
        "Coursework: corporate finance, econometrics, risk management, accounting, programming in Python."
    )
    lines.append("CERTIFICATIONS")
    lines.append(", ".join(rng.sample(EN_CERTS, 3)))
    lines.append("SKILLS")
    lines.append(
        "Excel, SQL, Python, Tableau, credit analysis, financial modeling, customer relationship management"
    )
    lines.append("LANGUAGES")
    lines.append("English (fluent), Mandarin (native)")
    lines.append("AWARDS")
    lines.append(f"Outstanding Employee Award {rng.randint(2015, 2024)}")
    return lines


def write_pdf(lines: list[str], path: Path) -> int:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    _, height = A4
    y = height - 50
    pages = 1
    for line in _wrap(lines, 46 if any("\u4e00" <= ch <= "\u9fff" for ch in "".join(lines[:3])) else 95):
        if y < 50:
            pdf.showPage()
            pages += 1
            y = height - 50
        pdf.setFont("STSong-Light", 11)
        pdf.drawString(45, y, line)
        y -= 17
    pdf.save()
    return pages


def _wrap(lines: list[str], width: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            cut = cut if cut > width // 2 else width
            out.append(line[:cut])
            line = line[cut:].lstrip()
        out.append(line)
    return out


def write_docx(lines: list[str], path: Path) -> None:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))


def pad_to_two_pages(lines: list[str], zh: bool, rng: random.Random) -> list[str]:
    """Add self-assessment lines until the resume fills about two A4 pages (~90 printed lines)."""
    pool = ZH_DUTIES if zh else EN_DUTIES
    wrapped = len(_wrap(lines, 46 if zh else 95))
    extra = []
    while wrapped < 84:
        sentence = rng.choice(pool)
        extra.append(sentence)
        wrapped += len(_wrap([sentence], 46 if zh else 95))
    return lines + extra


def write_pdf_embedded(lines: list[str], path: Path) -> int:
    """HTML → PDF through WeasyPrint with Noto CJK (Debian fonts-noto-cjk) embedded, as Word/WPS export."""
    import html

    from weasyprint import HTML

    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    document = HTML(
        string=(
            "<html><head><style>@page{size:A4;margin:1.6cm}"
            "body{font-family:'Noto Sans CJK SC','Noto Serif CJK SC',sans-serif;font-size:10.5pt;line-height:1.35}"
            "p{margin:0}</style></head><body>" + body + "</body></html>"
        )
    ).render()
    document.write_pdf(str(path))
    return len(document.pages)


def generate(directory: Path, count: int, seed: int) -> dict[str, list[Path]]:
    """``count`` resumes, alternating zh / en, split evenly into three kinds of file."""
    rng = random.Random(seed)
    kinds: dict[str, list[Path]] = {"pdf-embedded": [], "pdf-cid": [], "docx": []}
    pages: dict[str, list[int]] = {"pdf-embedded": [], "pdf-cid": []}
    for number in range(count):
        zh = number % 2 == 0
        lines = pad_to_two_pages(zh_resume(rng) if zh else en_resume(rng), zh, rng)
        kind = ("pdf-embedded", "pdf-cid", "docx")[(number // 2) % 3]
        path = directory / f"resume_{number:04d}.{'docx' if kind == 'docx' else 'pdf'}"
        if kind == "pdf-embedded":
            pages[kind].append(write_pdf_embedded(lines, path))
        elif kind == "pdf-cid":
            pages[kind].append(write_pdf(lines, path))
        else:
            write_docx(lines, path)
        kinds[kind].append(path)
    for kind, counts in pages.items():
        if counts:
            print(
                f"  {kind}: {len(counts)} files, pages median {statistics.median(counts):g} "
                f"(min {min(counts)}, max {max(counts)})"
            )
    return kinds


def measure(paths: list[Path], work: Callable[[bytes, str], object], repeat: int) -> tuple[float, float]:
    """(resumes per wall second, resumes per CPU second): best of ``repeat`` runs."""
    blobs = [(p.read_bytes(), p.name) for p in paths]
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(repeat):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        for data, name in blobs:
            work(data, name)
        walls.append(time.perf_counter() - wall0)
        cpus.append(time.process_time() - cpu0)
    return len(blobs) / min(walls), len(blobs) / min(cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=300, help="resumes to generate (half PDF, half DOCX)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept")
    args = parser.parse_args(argv)

    import yaml
    from pdfminer.high_level import extract_text as pdfminer_extract

    from openhire.ai.matching import Screener, job_spec_from_dict, load_default_embedder
    from openhire.ai.resume import extract_text, parse_resume

    job = job_spec_from_dict(yaml.safe_load(JOB_YAML))
    screener = Screener(job)
    # The tagger loads lazily on the first Chinese resume; load it now so it is not timed.
    parse_resume("张三\n工作经历\n2019.07-至今 中国银行 柜员", as_of="2026-11")

    def baseline(data: bytes, name: str) -> object:
        return pdfminer_extract(io.BytesIO(data))

    def extract_only(data: bytes, name: str) -> object:
        return extract_text(data, name)

    def pipeline(data: bytes, name: str) -> object:
        profile = parse_resume(extract_text(data, name).text, as_of="2026-11")
        return screener.match(profile)

    with tempfile.TemporaryDirectory(prefix="openhire-bench-") as tmp:
        t0 = time.perf_counter()
        print(
            f"generating {args.count} resumes (zh/en alternating; PDF via WeasyPrint + Noto CJK embedded, "
            "PDF via reportlab + STSong-Light CID font not embedded, DOCX via python-docx) ..."
        )
        kinds = generate(Path(tmp), args.count, args.seed)
        print(f"  done in {time.perf_counter() - t0:.1f} s")
        pdfs = kinds["pdf-embedded"] + kinds["pdf-cid"]
        everything = pdfs + kinds["docx"]
        base_wall, base_cpu = measure(pdfs, baseline, 1)
        rows: list[tuple[str, float, float]] = [
            ("baseline: pdfminer.six extract_text only, all PDFs", base_wall, base_cpu)
        ]
        for kind in ("pdf-embedded", "pdf-cid"):
            wall, cpu = measure(kinds[kind], extract_only, args.repeat)
            rows.append((f"openhire extract_text only, {kind}", wall, cpu))
        for label, files in (
            ("pdf-embedded", kinds["pdf-embedded"]),
            ("pdf-cid", kinds["pdf-cid"]),
            ("all PDFs", pdfs),
            ("docx", kinds["docx"]),
            ("all files", everything),
        ):
            wall, cpu = measure(files, pipeline, args.repeat)
            rows.append((f"openhire extract + parse + screen, {label}", wall, cpu))
        texts = [(extract_text(p.read_bytes(), p.name).text, p.name) for p in everything]
        t1, c1 = time.perf_counter(), time.process_time()
        for text, _ in texts:
            screener.match(parse_resume(text, as_of="2026-11"))
        n = len(texts)
        rows.append(
            (
                "openhire parse + screen only (text in memory)",
                n / (time.perf_counter() - t1),
                n / (time.process_time() - c1),
            )
        )
        sample = parse_resume(texts[0][0], as_of="2026-11")
        engines = ", ".join(f"{e.name} {e.version}" for e in sample.engines)

        print(f"load average (1/5/15 min) after the runs: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"{'what':<58} {'resumes/s':>10} {'per CPU-s':>10} {'vs baseline':>12}")
        for label, wall, cpu in rows:
            print(f"{label:<58} {wall:>10.1f} {cpu:>10.1f} {cpu / base_cpu:>11.1f}x")
        print(f"parser engines: {engines}")
        embedder = load_default_embedder()
        if embedder is not None:
            semantic = Screener(job, embedder=embedder)

            def with_semantic(data: bytes, name: str) -> object:
                return semantic.match(parse_resume(extract_text(data, name).text, as_of="2026-11"))

            sem_wall, sem_cpu = measure(everything, with_semantic, 1)
            label = f"openhire + semantic ({embedder.name}), all files"
            print(f"{label:<58} {sem_wall:>10.1f} {sem_cpu:>10.1f} {sem_cpu / base_cpu:>11.1f}x")
        mixed_cpu = rows[-2][2]
        target = 50.0
        verdict = "meets" if mixed_cpu >= target else "MISSES"
        print(
            f"end to end, all files: {mixed_cpu:.1f} resumes per CPU-second: {verdict} the {target:g}/s per core target"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
