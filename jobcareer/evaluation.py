"""Metrics, baselines and breakdowns for any model on labeled answers.

:func:`evaluate_models` scores the model and the two baselines side by side:

- ``majority``: scikit-learn's ``DummyClassifier`` (always the most frequent training label);
- ``keywords``: :class:`KeywordBaseline`, which counts the motive lexicon cues of each side
  (a plain keyword list: no negation, no learning beyond the tie-break).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.dummy import DummyClassifier
from sklearn.metrics import (
    accuracy_score,
    brier_score_loss,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
    roc_auc_score,
)

from jobcareer.analysis import Analysis
from jobcareer.batching import AnalysisTools
from jobcareer.decision import CLASSES, label_of, labels_of, sigmoid
from jobcareer.lexicons import MOTIVE_LABELS
from jobcareer.validation import check_texts

__all__ = [
    "KeywordBaseline",
    "evaluate",
    "evaluate_models",
    "evaluate_real",
    "expected_calibration_error",
    "form_invariance",
    "pair_invariance",
]


class KeywordBaseline(ClassifierMixin, BaseEstimator):
    """Count career-motive cues minus job-motive cues; the larger side wins.

    Ties (including answers with no cue) go to the most frequent training label. The
    probability is a squashed cue difference, only good enough for ROC-AUC.
    """

    def fit(self, X: Sequence[str], y: Sequence[str]) -> KeywordBaseline:
        labels = np.asarray(list(y), dtype=object)
        self.classes_ = np.array(CLASSES, dtype=object)
        self.tie_label_ = label_of((labels == "career").mean())
        return self

    def _difference(self, X: Sequence[str]) -> np.ndarray:
        """Career cues minus job cues of each answer, through the one batch loop."""
        if "_tools" not in self.__dict__:
            self._tools = AnalysisTools()
        vote = {"career": 1, "job": -1}
        side = np.array([
            vote.get(MOTIVE_LABELS.get(name.removeprefix("motive:"), ""), 0) if name.startswith("motive:") else 0
            for name in self._tools.analyzer.cue_names
        ])

        def cue_difference(analysis: Analysis, texts: Sequence[str] | None) -> np.ndarray:
            row = np.searchsorted(analysis.bounds, analysis.cue_start, side="right") - 1
            return np.bincount(row, weights=side[analysis.cue_set], minlength=len(analysis))

        diffs = self._tools.map_texts(check_texts(X), 256, cue_difference)
        return np.concatenate(diffs) if diffs else np.zeros(0)

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        d = self._difference(X)
        tie = 0.01 if self.tie_label_ == "career" else -0.01
        career = sigmoid(d + tie)
        return np.column_stack([career, 1 - career])

    def predict(self, X: Sequence[str]) -> np.ndarray:
        return labels_of(self.predict_proba(X)[:, 0])

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_tools", None)
        return state


def expected_calibration_error(y_true: np.ndarray, p_career: np.ndarray, n_bins: int = 10) -> float:
    """ECE with equal-width bins over the predicted label's confidence.

    Parameters
    ----------
    y_true : array of {0, 1}
        1 where the true label is career.
    p_career : array of float
        Predicted P(career).
    n_bins : int, default 10
    """
    if n_bins < 1:
        raise ValueError(f"n_bins must be positive, got {n_bins}")
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(p_career, dtype=float)
    predicted = (labels_of(p) == CLASSES[0]).astype(float)
    confidence = np.where(predicted == 1, p, 1 - p)
    correct = (predicted == y).astype(float)
    edges = np.linspace(0.5, 1.0, n_bins + 1)
    # confidence is in [0.5, 1]; bins over that range (10 bins of width 0.05)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, n_bins - 1)
    ece = 0.0
    for b in range(n_bins):
        mask = which == b
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - confidence[mask].mean())
    return float(ece)


def _metrics(labels: np.ndarray, predicted: np.ndarray, p_career: np.ndarray) -> dict[str, Any]:
    y = (labels == "career").astype(int)
    present = [c for c in CLASSES if c in set(labels)] or list(CLASSES)
    precision, recall, f1, support = precision_recall_fscore_support(
        labels, predicted, labels=list(CLASSES), zero_division=0
    )
    result: dict[str, Any] = {
        "n": len(labels),
        "accuracy": float(accuracy_score(labels, predicted)),
        "macro_f1": float(
            f1_score(labels, predicted, average="macro", labels=present, zero_division=0)
        ),
        "per_class": {
            c: {
                "precision": float(precision[i]),
                "recall": float(recall[i]),
                "f1": float(f1[i]),
                "support": int(support[i]),
            }
            for i, c in enumerate(CLASSES)
        },
        "brier": float(brier_score_loss(y, p_career)),
        "ece": expected_calibration_error(y, p_career),
        "confusion_matrix": {
            "labels": list(CLASSES),
            "matrix": confusion_matrix(labels, predicted, labels=list(CLASSES)).tolist(),
        },
    }
    result["roc_auc"] = float(roc_auc_score(y, p_career)) if len(set(y)) == 2 else None
    return result


def evaluate(
    model: Any,
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    by: dict[str, Sequence[Any]] | None = None,
) -> dict[str, Any]:
    """Score a fitted classifier on labeled answers.

    Macro-F1 averages over the labels present in the true labels, so a group holding one
    label only (e.g. the ``job_words_career`` hard case) reports that label's F1 rather
    than half of it.

    Parameters
    ----------
    model : estimator
        Anything with ``predict_proba`` whose first column is P(career).
    texts, labels : sequences
        Answers and their ``career``/``job`` labels.
    by : dict of str to sequence, optional
        Metadata columns (e.g. ``style``); metrics are repeated for each value.

    Returns
    -------
    dict
        ``overall`` metrics (accuracy, macro_f1, per_class, roc_auc, brier, ece,
        confusion_matrix) and ``by`` column -> value -> metrics.
    """
    y = np.asarray(list(labels), dtype=object)
    p_career = np.asarray(model.predict_proba(list(texts))[:, 0], dtype=float)
    predicted = labels_of(p_career)
    result: dict[str, Any] = {"overall": _metrics(y, predicted, p_career), "by": {}}
    for column, values in (by or {}).items():
        vals = np.asarray([str(v) for v in values], dtype=object)
        result["by"][column] = {
            str(v): _metrics(y[vals == v], predicted[vals == v], p_career[vals == v])
            for v in sorted(set(vals))
        }
    return result


def evaluate_models(
    model: Any,
    train_texts: Sequence[str],
    train_labels: Sequence[str],
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    by: dict[str, Sequence[Any]] | None = None,
) -> dict[str, dict[str, Any]]:
    """Evaluate ``model`` and the majority and keyword baselines on the same answers.

    The baselines are fitted on ``train_texts``/``train_labels`` (only the majority label
    and the keyword tie-break are learned).
    """
    majority = DummyClassifier(strategy="most_frequent").fit(np.zeros((len(train_labels), 1)), list(train_labels))

    class _Majority:
        def predict_proba(self, X: Sequence[str]) -> np.ndarray:
            proba = majority.predict_proba(np.zeros((len(X), 1)))
            career_col = list(majority.classes_).index("career") if "career" in majority.classes_ else None
            career = proba[:, career_col] if career_col is not None else np.zeros(len(X))
            return np.column_stack([career, 1 - career])

    keywords = KeywordBaseline().fit(train_texts, train_labels)
    return {
        "model": evaluate(model, texts, labels, by=by),
        "majority": evaluate(_Majority(), texts, labels, by=by),
        "keywords": evaluate(keywords, texts, labels, by=by),
    }


def pair_invariance(model: Any, pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """How much P(career) moves between two versions of the same answer.

    Parameters
    ----------
    model : estimator
        Anything with ``predict_proba`` whose first column is P(career).
    pairs : sequence of (str, str)
        Answers that differ only in what must not matter (occupation, names, pronouns).

    Returns
    -------
    dict
        ``n``, ``mean_abs_change``, ``max_abs_change`` of P(career), and ``label_flips``
        (pairs whose predicted label differs), with the flipped pairs' indices.
    """
    if not pairs:
        raise ValueError("pairs is empty")
    a = np.asarray(model.predict_proba([p[0] for p in pairs])[:, 0], dtype=float)
    b = np.asarray(model.predict_proba([p[1] for p in pairs])[:, 0], dtype=float)
    change = np.abs(a - b)
    flipped = [int(i) for i in np.flatnonzero(labels_of(a) != labels_of(b))]
    return {
        "n": len(pairs),
        "mean_abs_change": float(change.mean()),
        "max_abs_change": float(change.max()),
        "label_flips": len(flipped),
        "flipped_pairs": flipped,
    }


def form_invariance(model: Any, texts: Sequence[str], labels: Sequence[str], *, seed: int = 0) -> dict[str, Any]:
    """Macro-F1 on answers as written and on the same answers as transcripts.

    Each answer is turned into transcript form (:func:`jobcareer.transcript.to_transcript`:
    lowercase, no punctuation, fillers inserted) with a per-row seed.
    """
    from jobcareer.transcript import to_transcript

    spoken = [to_transcript(t, seed=seed + i) for i, t in enumerate(texts)]
    written_f1 = evaluate(model, texts, labels)["overall"]["macro_f1"]
    spoken_f1 = evaluate(model, spoken, labels)["overall"]["macro_f1"]
    return {
        "n": len(texts),
        "macro_f1_as_written": written_f1,
        "macro_f1_as_transcript": spoken_f1,
        "drop": written_f1 - spoken_f1,
    }


def evaluate_real(
    model: Any,
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    clarity: Sequence[str] | None = None,
    groups: Sequence[Any] | None = None,
) -> dict[str, Any]:
    """Figures on real answers: clear and all, calibration, and the low-evidence flag.

    Parameters
    ----------
    model : JobCareerClassifier
        A fitted model that was not trained on these answers.
    texts, labels : sequences
        The answers and their labels.
    clarity : sequence of {"clear", "borderline"}, optional
        Which answers the labeling guide leaves uncertain; ``clear`` figures use the rest.
    groups : sequence, optional
        Source group of each answer (e.g. host). When given, ``grouped_cv`` holds the same
        metrics for probabilities from a sigmoid refitted on these answers' logits out of
        fold (:func:`jobcareer.calibration.grouped_calibrated`): what calibrating on real
        answers gives, measured without a calibration that saw the answer or its source.

    Returns
    -------
    dict
        ``all`` and ``clear`` metrics (as :func:`evaluate`), ``low_evidence_rate`` and
        ``accuracy_without_low_evidence``, and ``grouped_cv`` when groups are given.
    """
    from jobcareer.calibration import grouped_calibrated

    texts = list(texts)
    y = np.asarray(list(labels), dtype=object)
    explanations = model.explain_many(texts)
    p_career = np.array([e.score for e in explanations])
    predicted = labels_of(p_career)
    low = np.array([e.low_evidence for e in explanations])
    result: dict[str, Any] = {"n": len(texts), "all": _metrics(y, predicted, p_career)}
    if clarity is not None:
        clear = np.asarray([c == "clear" for c in clarity])
        result["clear"] = _metrics(y[clear], predicted[clear], p_career[clear])
    result["low_evidence_rate"] = float(low.mean()) if len(low) else 0.0
    result["accuracy_without_low_evidence"] = float((predicted[~low] == y[~low]).mean()) if (~low).any() else None
    if groups is not None:
        logits = np.array([e.logit for e in explanations])
        calibrated = grouped_calibrated(logits, (y == "career").astype(int), list(groups))
        refit = labels_of(calibrated)
        result["grouped_cv"] = {"all": _metrics(y, refit, calibrated)}
        if clarity is not None:
            result["grouped_cv"]["clear"] = _metrics(y[clear], refit[clear], calibrated[clear])
    return result
