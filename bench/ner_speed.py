"""How fast the resume entity tagger runs on one CPU core.

Prints sentences/s and characters/s of ``load_tagger().tag`` and, as the baseline measured in the
same run, one regular-expression pass over the same sentences (the cheapest scan of the text any
tagger must make), so the ratio is comparable across machines.

    .venv/bin/python bench/ner_speed.py [--file ../shared/data/resume_ner_zh/dev.char.bmes] [--rounds 3]
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable, Sequence

from openhire.ai.resume.ner import load_tagger, read_bmes

SAMPLE = (
    "吴重阳，中国国籍，大学本科，教授级高工，享受国务院特殊津贴。",
    "2013年4月至今任云南罗平锌电股份有限公司董事。",
    "谢卫东先生：1966年12月出生，汉族，硕士研究生、高级工程师、国家注册造价工程师。",
    "1998年至今，在上海百润香精香料股份有限公司工作；",
    "历任公司副总经理、总工程师，",
    "兼任中国科技会堂专家委员会专家、香港新时代国际文化出版社科技专家顾问。",
)


def _best(fn: Callable[[], object], rounds: int) -> float:
    """Best CPU time of this process over ``rounds`` runs (robust to other processes on the machine)."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--file", help="a .char.bmes file whose sentences to tag (default: built-in sample)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    texts = [s.text for s in read_bmes(args.file)] if args.file else list(SAMPLE) * 400
    chars = sum(len(t) for t in texts)
    tagger = load_tagger()
    tagger.tag(texts[0])  # load lazily initialised parts outside the timing
    pattern = re.compile(r"(公司|银行|大学|集团|学院|委员会)")

    tag_s = _best(lambda: tagger.tag_many(texts), args.rounds)
    scan_s = _best(lambda: [pattern.findall(t) for t in texts], args.rounds)
    print(f"{len(texts)} sentences, {chars} characters, best CPU time of {args.rounds} rounds, one core")
    print(f"baseline regex scan : {len(texts) / scan_s:12,.0f} sentences/s")
    print(
        f"{tagger.name} {tagger.version}: {len(texts) / tag_s:12,.0f} sentences/s  {chars / tag_s:,.0f} chars/s"
    )
    print(f"ratio tagger/baseline time: {tag_s / scan_s:.1f}x")


if __name__ == "__main__":
    main()
