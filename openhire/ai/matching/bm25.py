"""BM25 with a CJK-aware tokenizer: character bigrams for Chinese, words for everything else.

No segmenter (jieba) is needed: overlapping bigrams match Chinese words of any length well enough
for relevance, and they make the index independent of a word list.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import filterfalse

from openhire.ai.matching.dictionary import normalize

_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9][a-z0-9+#]*(?:[.\-][a-z0-9+#]+)*")

EN_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "we",
        "you",
        "your",
        "our",
        "their",
        "they",
        "i",
        "my",
        "me",
        "he",
        "she",
        "his",
        "her",
        "them",
        "who",
        "which",
        "what",
        "when",
        "where",
        "how",
        "all",
        "any",
        "can",
        "may",
        "must",
        "should",
        "would",
        "could",
        "not",
        "no",
        "yes",
        "etc",
        "e.g",
        "i.e",
        "per",
        "via",
        "than",
        "then",
        "also",
        "such",
        "more",
        "most",
        "other",
        "into",
        "over",
        "under",
        "within",
        "about",
        "above",
        "years",
        "year",
        "experience",
        "work",
        "job",
        "role",
        "team",
        "good",
        "strong",
        "ability",
        "able",
        "skills",
        "skill",
        "knowledge",
        "plus",
        "preferred",
        "required",
        "requirements",
        "responsibilities",
    ]
)
ZH_STOP_BIGRAMS = frozenset(
    [
        "负责",
        "具有",
        "具备",
        "能够",
        "以上",
        "相关",
        "工作",
        "熟悉",
        "了解",
        "掌握",
        "良好",
        "优先",
        "要求",
        "岗位",
        "职责",
        "以及",
        "进行",
        "参与",
        "我们",
        "公司",
        "的人",
        "人员",
        "较强",
        "能力",
        "经验",
        "年以上",
        "及以",
        "上学",
        "不限",
        "或以",
        "以上学",
        "任职",
        "资格",
        "描述",
        "优秀",
        "一定",
        "有较",
        "强的",
        "良好的",
        "的工",
        "作经",
        "工作经",
        "年及",
        "及以上",
        "等相",
        "相关工",
    ]
)


def _terms(normalized: str) -> Iterator[str]:
    """The tokens of already :func:`normalize`-d text, in order."""
    for run in _TOKEN.findall(normalized):
        if not run[0].isascii():  # the first alternative of _TOKEN: a run of CJK characters
            if len(run) > 1:  # a lone CJK character carries little meaning on its own
                yield from filterfalse(ZH_STOP_BIGRAMS.__contains__, map(operator.add, run, run[1:]))
        elif run not in EN_STOPWORDS and not (run.isdigit() and len(run) < 3):
            yield run


def tokenize(text: str) -> list[str]:
    """Lower-case English words and numbers, Chinese character bigrams (a lone character stays one)."""
    return list(_terms(normalize(text)))


def term_sets(lines: Sequence[str]) -> list[set[str]]:
    """``set(tokenize(line))`` for each line of already :func:`normalize`-d text (no second
    normalisation, no token lists)."""
    return [set(_terms(line)) for line in lines]


@dataclass(frozen=True)
class Bm25Params:
    k1: float = 1.2
    b: float = 0.75


class Bm25Index:
    """Okapi BM25 over a small corpus of already-tokenised documents (Lucene's non-negative IDF)."""

    def __init__(self, documents: Sequence[Sequence[str]], params: Bm25Params | None = None) -> None:
        self.params = params or Bm25Params()
        self.term_freqs = [Counter(doc) for doc in documents]
        self.lengths = [len(doc) for doc in documents]
        count = len(documents)
        self.avg_length = (sum(self.lengths) / count) if count else 0.0
        doc_freq: Counter[str] = Counter()
        for freqs in self.term_freqs:
            doc_freq.update(freqs.keys())
        self.idf = {term: math.log(1.0 + (count - df + 0.5) / (df + 0.5)) for term, df in doc_freq.items()}

    def __len__(self) -> int:
        return len(self.term_freqs)

    def _term_weight(self, index: int, term: str) -> float:
        freq = self.term_freqs[index].get(term, 0)
        if not freq:
            return 0.0
        k1, b = self.params.k1, self.params.b
        norm = 1.0 - b + b * (self.lengths[index] / self.avg_length if self.avg_length else 1.0)
        return self.idf[term] * freq * (k1 + 1.0) / (freq + k1 * norm)

    def score(self, index: int, query: Sequence[str] | set[str]) -> float:
        """BM25 of document ``index`` for ``query`` (each distinct query term counted once)."""
        # fsum: exact, so the result does not depend on the set's (hash-seeded) iteration order
        return math.fsum(self._term_weight(index, term) for term in set(query))

    def scores(self, query: Sequence[str] | set[str]) -> list[float]:
        terms = set(query)
        return [math.fsum(self._term_weight(i, t) for t in terms) for i in range(len(self.term_freqs))]

    def self_score(self, index: int) -> float:
        """The score a query holding every term of the document would get: the document's ceiling."""
        return sum(self._term_weight(index, term) for term in self.term_freqs[index])

    def coverage(self, query: Sequence[str] | set[str]) -> float:
        """Share (0–1) of the corpus's BM25 mass that ``query`` reaches; documents weigh by their ceiling."""
        terms = set(query)
        reached = 0.0
        ceiling = 0.0
        for index, freqs in enumerate(self.term_freqs):
            for term in freqs:
                weight = self._term_weight(index, term)
                ceiling += weight
                if term in terms:
                    reached += weight
        return reached / ceiling if ceiling else 0.0
