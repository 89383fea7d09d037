"""Fitting the calibrated scorer and measuring it honestly (grouped cross-validation by question)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from openhire.ai.ports import Embedder
from openhire.ai.scoring.contracts import ScoringError
from openhire.ai.scoring.datasets import LabelledAnswer
from openhire.ai.scoring.features import (
    ALL_VARIANTS,
    RUBRIC_WEIGHT,
    AnswerAnalysis,
    add_batch_features,
    analyse_answer,
    build_batch_context,
    interview_rubric,
    rated_features,
    rated_many,
    tfidf_cosines,
    variant_features,
    variant_key,
)
from openhire.ai.scoring.model import LinearVariant, ScorerModel, fit_variant
from openhire.ai.scoring.text import overlap_f1, split_points, split_sentences

MIN_BATCH = 3
MIN_RATED = 3
DEFAULT_ALPHA = 30.0
# recorded in the packaged model and in every score it gives (v3: "+rated+many" variants, knn_quantile)
SCORER_VERSION = "v3"


@dataclass
class FeatureRow:
    """Features of one labelled answer: without and with per-question batch features."""

    single: dict[str, float]
    batch: dict[str, float] | None
    target: float
    group: str
    dataset: str
    has_ref: bool
    vec: np.ndarray | None = None
    tokens: tuple[str, ...] = ()
    rated: dict[str, float] | None = None  # features from the other rated answers to the same question

    def features_for(self, key: str) -> dict[str, float]:
        parts = key.split("+")
        base = self.batch if parts[2] == "batch" and self.batch is not None else self.single
        if len(parts) > 3 and self.rated is not None:
            return {**base, **self.rated}
        return base

    def usable_for(self, key: str) -> bool:
        parts = key.split("+")
        if len(parts) > 3 and (self.rated is None or rated_many(self.rated) != ("many" in parts)):
            return False
        return (parts[0] == "noref" or self.has_ref) and (parts[2] == "single" or self.batch is not None)


def group_key(question: str, references: Sequence[str]) -> str:
    """Answers to the same question (same text and references) form one batch group."""
    return hashlib.sha256(
        ("\x1f".join([question.strip(), *sorted(r.strip() for r in references)])).encode()
    ).hexdigest()


def featurize(
    rows: Sequence[LabelledAnswer],
    embedder: Embedder | None,
    *,
    progress: Callable[[int], None] | None = None,
) -> list[FeatureRow]:
    if embedder is not None:
        # one big batched pass fills the embedder's cache; the per-answer analysis then reuses it
        texts: list[str] = []
        for r in rows:
            texts += [r.answer, r.question, *r.references, *split_sentences(r.answer)]
            for ref in r.references[:1]:
                texts += split_points(ref)
        embedder.embed(list(dict.fromkeys(t for t in texts if t.strip())))
    analyses: list[AnswerAnalysis] = []
    for i, r in enumerate(rows):
        analyses.append(analyse_answer(r.question, r.answer, r.references, (), embedder))
        if progress is not None and i % 500 == 0:
            progress(i)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[f"{r.dataset}:{group_key(r.question, r.references)}"].append(i)
    out: list[FeatureRow] = []
    batch_feats: dict[int, dict[str, float]] = {}
    for members in groups.values():
        if len(members) < MIN_BATCH:
            continue
        ctx = build_batch_context([analyses[i] for i in members])
        for i in members:
            single = dict(analyses[i].features)
            add_batch_features(analyses[i], ctx)
            batch_feats[i] = analyses[i].features
            analyses[i].features = single
    for i, r in enumerate(rows):
        out.append(
            FeatureRow(
                single=analyses[i].features,
                batch=batch_feats.get(i),
                target=r.target,
                group=f"{r.dataset}:{r.question_id}",
                dataset=r.dataset,
                has_ref=bool(r.references),
                vec=analyses[i].answer_vec,
                tokens=analyses[i].tokens,
            )
        )
    add_rated_features(out)
    return out


GroupSims = dict[str, tuple[list[int], dict[str, np.ndarray]]]


def group_similarities(rows: Sequence[FeatureRow]) -> GroupSims:
    """Per question, the members and their pairwise similarity matrices (embedding cosine, token F1,
    TF-IDF cosine with idf over the question's answers): computed once, label-free."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[r.group].append(i)
    out: GroupSims = {}
    for g, members in groups.items():
        vecs = [rows[i].vec for i in members]
        if all(v is not None for v in vecs):
            mat = np.stack([np.asarray(v, dtype=np.float64) for v in vecs])
            emb = np.clip(mat @ mat.T, -1.0, 1.0)
        else:
            emb = np.full((len(members), len(members)), np.nan)
        toks = [rows[i].tokens for i in members]
        sets = [set(t) for t in toks]
        lex = np.array([[overlap_f1(a, b) for b in sets] for a in sets], dtype=np.float64)
        out[g] = (members, {"emb": emb, "lex": lex, "tfidf": tfidf_cosines(toks)})
    return out


def add_rated_features(
    rows: Sequence[FeatureRow],
    *,
    fold_of: Sequence[int] | None = None,
    held: int | None = None,
    sims: GroupSims | None = None,
) -> None:
    """Give each row the ``knn_*`` features from the other rated answers to its question.

    Without folds the pool is every other answer (leave-one-out). With ``fold_of``, the pool of a row
    excludes its own fold and the ``held`` fold, so held-out labels never reach any feature.
    """
    for members, mats in (sims or group_similarities(rows)).values():
        for a, i in enumerate(members):
            pool = [
                b
                for b, j in enumerate(members)
                if j != i and (fold_of is None or (fold_of[j] != fold_of[i] and fold_of[j] != held))
            ]
            if len(pool) < MIN_RATED:
                rows[i].rated = None
                continue
            rows[i].rated = rated_features(
                {name: m[a, pool] for name, m in mats.items()},
                [rows[members[b]].target for b in pool],
                point=rows[i].single,
                pool_points=[rows[members[b]].single for b in pool],
            )


def _dataset_weights(rows: Sequence[FeatureRow]) -> list[float]:
    """Each dataset counts the same in the fit, however many answers it has."""
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.dataset] += 1
    return [1.0 / counts[r.dataset] for r in rows]


def fit_variants(
    rows: Sequence[FeatureRow],
    *,
    emb: bool,
    alpha: float = DEFAULT_ALPHA,
    variants: Sequence[str] | None = None,
) -> dict[str, LinearVariant]:
    fitted: dict[str, LinearVariant] = {}
    for key in variants or ALL_VARIANTS:
        if key.split("+")[1] == "emb" and not emb:
            continue
        use = [r for r in rows if r.usable_for(key)]
        feats = [r.features_for(key) for r in use]
        if len(use) < 20:
            continue
        fitted[key] = fit_variant(
            feats, [r.target for r in use], variant_features(key), alpha=alpha, weights=_dataset_weights(use)
        )
    return fitted


def fit_scorer(
    rows: Sequence[LabelledAnswer],
    *,
    embedder: Embedder | None = None,
    alpha: float = DEFAULT_ALPHA,
    version: str = "custom",
    info: dict[str, object] | None = None,
) -> ScorerModel:
    """Fit a scorer on rated answers (e.g. an organisation's own human ratings).

    Rows carry their score scale (``label_min``/``label_max``); every row needs a question and an
    answer. Variants that need embeddings are fitted only when an embedder is given.
    """
    if not rows:
        raise ScoringError("no rated answers to fit on")
    for i, r in enumerate(rows):
        if r.label_max <= r.label_min or not (r.label_min <= r.label <= r.label_max):
            raise ScoringError(f"row {i}: score {r.label} is outside its scale {r.label_min}..{r.label_max}")
    feats = featurize(rows, embedder)
    variants = fit_variants(feats, emb=embedder is not None, alpha=alpha)
    if not variants:
        raise ScoringError("too few rated answers to fit any model variant (need at least 20)")
    return ScorerModel(
        version=version,
        variants=variants,
        alpha=alpha,
        trained_on=tuple(sorted({r.dataset for r in rows})),
        info=dict(info or {}),
    )


def grouped_folds(groups: Sequence[str], k: int) -> list[np.ndarray]:
    """Deterministic K folds of whole groups (questions), balanced by size."""
    sizes: dict[str, int] = defaultdict(int)
    for g in groups:
        sizes[g] += 1
    order = sorted(sizes, key=lambda g: (-sizes[g], hashlib.sha256(g.encode()).hexdigest()))
    load = [0] * k
    assign: dict[str, int] = {}
    for g in order:
        j = int(np.argmin(load))
        assign[g] = j
        load[j] += sizes[g]
    idx = np.arange(len(groups))
    return [idx[np.array([assign[g] == j for g in groups])] for j in range(k)]


def predict_rows(
    variant_set: dict[str, LinearVariant], rows: Sequence[FeatureRow], key_for: Callable[[FeatureRow], str]
) -> np.ndarray:
    out = np.zeros(len(rows))
    for i, r in enumerate(rows):
        key = key_for(r)
        feats = r.features_for(key)
        out[i] = variant_set[key].predict(feats)
        if key.startswith("noref+"):
            # what the product does without references (see scorer._finish)
            out[i] = (1.0 - RUBRIC_WEIGHT) * out[i] + RUBRIC_WEIGHT * interview_rubric(feats)
    return out


DEV_SETS = (
    ("mohler", "mohler-csv", "mohler_en/mohler_assignments_1-6.csv"),
    ("sas_ads", "sas-jsonl", "sas_zh/ADS/train.jsonl"),
    ("sas_le", "sas-le", "sas_zh/LE"),
    ("beetle", "beetle-csv", "beetle_en/beetle_train.csv"),
)


def row_variant(row: FeatureRow, *, batch: bool, emb: bool, rated: bool = False) -> str:
    """The variant that scores ``row``; with ``rated``, its rated variant when it has rated features."""
    return variant_key(
        ref=row.has_ref,
        emb=emb,
        batch=batch and row.batch is not None,
        rated=rated and row.rated is not None,
        many=row.rated is not None and rated_many(row.rated),
    )


def answer_folds(rows: Sequence[FeatureRow], k: int) -> list[int]:
    """Deterministic fold of each answer, balanced within each question (for the unseen-answers setting)."""
    out = [0] * len(rows)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[r.group].append(i)
    for g, members in groups.items():
        offset = int(hashlib.sha256(g.encode()).hexdigest()[:8], 16)
        for n, i in enumerate(members):
            out[i] = (n + offset) % k
    return out


def _predict_one(vs: dict[str, LinearVariant], r: FeatureRow, *, emb: bool) -> float:
    key = row_variant(r, batch=True, emb=emb, rated=True)
    x = r.features_for(key)
    pred = vs[key].predict(x) if key in vs else 0.5
    if key.startswith("noref+"):
        pred = (1.0 - RUBRIC_WEIGHT) * pred + RUBRIC_WEIGHT * interview_rubric(x)
    return pred


@dataclass(frozen=True)
class UnseenAnswers:
    """Held-out predictions of the unseen-answers protocol: the continuous fraction and the grade on
    the dataset's QWK steps from cut points fitted on the training folds only."""

    fractions: np.ndarray
    grades: np.ndarray


def unseen_answers_predictions(
    feats: Sequence[FeatureRow],
    *,
    emb: bool,
    alpha: float = DEFAULT_ALPHA,
    folds: int = 5,
    own_dataset: bool = False,
    steps: dict[str, int] | None = None,
) -> UnseenAnswers:
    """Predictions when other answers to the same question were rated by people (SemEval's "unseen
    answers"): K folds over answers; a held-out answer's examples are the rated answers of the other
    folds, and the model is fitted on the other folds with examples that exclude the held-out fold.

    ``own_dataset`` fits each dataset's model on that dataset's training folds only (what an
    organisation refitting on its own ratings gets) instead of on all datasets' training folds.
    For each fold, QWK cut points per dataset (``steps`` levels) are fitted on the training rows'
    predictions and applied to the held-out fold. Restores the leave-one-out rated features afterwards.
    """
    from openhire.ai.scoring.evaluation import apply_cut_points, fit_cut_points

    fold_of = answer_folds(feats, folds)
    sims = group_similarities(feats)
    pred = np.zeros(len(feats))
    grades = np.zeros(len(feats), dtype=np.int64)
    datasets = sorted({r.dataset for r in feats})
    for k in range(folds):
        add_rated_features(feats, fold_of=fold_of, held=k, sims=sims)
        for ds in datasets if own_dataset else [None]:
            test = [i for i, f in enumerate(fold_of) if f == k and (ds is None or feats[i].dataset == ds)]
            keys = sorted({row_variant(feats[i], batch=True, emb=emb, rated=True) for i in test})
            train = [
                r for r, f in zip(feats, fold_of, strict=True) if f != k and (ds is None or r.dataset == ds)
            ]
            vs = fit_variants(train, emb=emb, alpha=alpha, variants=keys)
            for i in test:
                pred[i] = _predict_one(vs, feats[i], emb=emb)
            for name in [ds] if ds is not None else datasets:
                n_steps = (steps or {}).get(name, 10)
                held = [i for i in test if feats[i].dataset == name]
                fit_on = [r for r in train if r.dataset == name]
                cuts = fit_cut_points(
                    [_predict_one(vs, r, emb=emb) for r in fit_on],
                    [round(r.target * n_steps) for r in fit_on],
                    n_steps,
                )
                grades[held] = apply_cut_points(cuts, pred[held])
    add_rated_features(feats, sims=sims)
    return UnseenAnswers(fractions=pred, grades=grades)


def validity_report(
    rows: Sequence[LabelledAnswer],
    feats: Sequence[FeatureRow],
    *,
    emb: bool,
    alpha: float = DEFAULT_ALPHA,
    folds: int = 5,
    rated: bool = True,
) -> dict[str, object]:
    """Held-out agreement per dataset: grouped K-fold by question (the scorer never saw the evaluated
    questions) and leave-one-dataset-out, each with and without per-question batch features, plus the
    same without reference answers; token-overlap and word-count baselines on the same rows."""
    from openhire.ai.scoring.evaluation import agreement, baseline_fractions

    report: dict[str, object] = {"alpha": alpha, "folds": folds, "embeddings": emb, "datasets": {}}
    from openhire.ai.scoring.evaluation import qwk_levels

    steps = {
        ds: qwk_levels([rows[i] for i, r in enumerate(feats) if r.dataset == ds])
        for ds in {r.dataset for r in feats}
    }
    unseen = (
        {
            "all": unseen_answers_predictions(feats, emb=emb, alpha=alpha, folds=folds, steps=steps),
            "own": unseen_answers_predictions(
                feats, emb=emb, alpha=alpha, folds=folds, steps=steps, own_dataset=True
            ),
        }
        if rated
        else {}
    )
    datasets: dict[str, object] = {}
    for ds in sorted({r.dataset for r in feats}):
        idx = [i for i, r in enumerate(feats) if r.dataset == ds]
        others = [r for r in feats if r.dataset != ds]
        sub_rows = [rows[i] for i in idx]
        results = []
        preds: dict[str, np.ndarray] = {}
        for batch in (True, False):
            for ref in (True, False):
                preds[f"cv batch={batch} ref={ref}"] = np.zeros(len(idx))
        for fold in grouped_folds([feats[i].group for i in idx], folds):
            held = set(fold.tolist())
            train = [feats[idx[j]] for j in range(len(idx)) if j not in held] + others
            vs = fit_variants(train, emb=emb, alpha=alpha)
            test = [feats[idx[j]] for j in fold]
            for batch in (True, False):
                for ref in (True, False):

                    def key(r: FeatureRow, batch: bool = batch, ref: bool = ref) -> str:
                        k = row_variant(r, batch=batch, emb=emb)
                        return k if ref else k.replace("ref+", "noref+", 1)

                    preds[f"cv batch={batch} ref={ref}"][fold] = predict_rows(vs, test, key)
        for name, p in preds.items():
            results.append(
                agreement(f"grouped {folds}-fold CV by question, {name}", sub_rows, p.tolist()).as_dict()
            )
        if others:
            vs = fit_variants(others, emb=emb, alpha=alpha)
            for batch in (True, False):

                def key_all(r: FeatureRow, b: bool = batch) -> str:
                    return row_variant(r, batch=b, emb=emb)

                p = predict_rows(vs, [feats[i] for i in idx], key_all)
                results.append(
                    agreement(
                        f"trained on the other datasets, batch={batch} ref=True", sub_rows, p.tolist()
                    ).as_dict()
                )
        for fit, u in unseen.items():
            base = f"unseen answers ({folds}-fold), rated answers to the same question as examples"
            if fit == "own":
                base += ", model fitted on this dataset only"
            results.append(agreement(base, sub_rows, u.fractions[idx].tolist()).as_dict())
            results.append(
                agreement(
                    base + ", QWK with cut points fitted on the training folds",
                    sub_rows,
                    u.fractions[idx].tolist(),
                    grades=u.grades[idx].tolist(),
                ).as_dict()
            )
        for kind in ("token-overlap", "word-count"):
            results.append(
                agreement(
                    f"baseline {kind} (in-sample linear fit)", sub_rows, baseline_fractions(sub_rows, kind)
                ).as_dict()
            )
        datasets[ds] = results
    report["datasets"] = datasets
    return report
