"""Scoring columns of answers for the data-frame integrations (Dask, Spark, Parquet).

One function, :func:`score_columns`, turns a batch of answers into the columns the
integrations add (``label``, ``career_score``, ``low_evidence`` and, on request,
``top_phrases``), and one cache, :func:`cached_model`, loads a model once per process, so
a Dask worker or a Spark Python worker reads the model directory once however many
partitions or Arrow batches it scores.

``career_score`` is computed exactly as :meth:`JobCareerClassifier.predict_proba` computes
it (same batches, same arithmetic), so it is identical to ``predict_proba(texts)[:, 0]``.
``low_evidence`` is :attr:`Explanation.low_evidence`, which needs each answer's
explanation (:meth:`JobCareerClassifier.explain_many`); with ``low_evidence=False`` and
``explain=False`` no explanation is built and scoring is several times faster.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from jobcareer.decision import labels_of

if TYPE_CHECKING:
    from jobcareer.explain import Explanation
    from jobcareer.model import JobCareerClassifier

__all__ = ["SCORE_COLUMNS", "ScoredColumns", "cached_model", "output_names", "score_columns", "top_phrases_json"]

#: The columns the integrations add, in order (``top_phrases`` only with ``explain=True``,
#: ``low_evidence`` unless it is turned off).
SCORE_COLUMNS = ("label", "career_score", "low_evidence", "top_phrases")

def output_names(columns: Sequence[str]) -> dict[str, str]:
    """Names of the added columns that do not clash with ``columns``.

    Each of :data:`SCORE_COLUMNS` keeps its name unless ``columns`` has it; then it is
    ``predicted_<name>`` (or ``predicted_<name>_2``, ...), so no input column is replaced.
    """
    taken, names = set(columns), {}
    for name in SCORE_COLUMNS:
        candidate, n = name, 1
        while candidate in taken:
            n += 1
            candidate = f"predicted_{name}" if n == 2 else f"predicted_{name}_{n - 1}"
        names[name] = candidate
    return names


_models: dict[str | None, JobCareerClassifier] = {}
_models_lock = threading.Lock()


def cached_model(model: str | Path | None = None) -> JobCareerClassifier:
    """The model at ``model`` (None: the bundled one), loaded once per process.

    Parameters
    ----------
    model : str, Path or None
        A model directory readable where this runs (on a cluster: on every worker, e.g.
        a shared file system or a file shipped with the job), or None for the model
        bundled with the installed package.

    Returns
    -------
    JobCareerClassifier
        The same object on every call with the same ``model`` in this process.
    """
    from jobcareer.io import load

    key = None if model is None else str(Path(model).resolve())
    clf = _models.get(key)
    if clf is None:
        with _models_lock:
            clf = _models.get(key)
            if clf is None:
                clf = load() if key is None else load(key)
                _models[key] = clf
    return clf


@dataclass(frozen=True)
class ScoredColumns:
    """The columns added to a batch of answers, one value per answer.

    Attributes
    ----------
    label : list of str
        ``"career"`` or ``"job"`` (career where ``career_score >= 0.5``).
    career_score : ndarray of float
        Calibrated P(career), identical to ``predict_proba(texts)[:, 0]``.
    low_evidence : ndarray of bool or None
        :attr:`Explanation.low_evidence`; None when not computed.
    top_phrases : list of str or None
        With ``explain=True``: the strongest phrases as a JSON list of
        ``{"text", "start", "end", "weight", "label"}`` objects.
    """

    label: list[str]
    career_score: np.ndarray
    low_evidence: np.ndarray | None
    top_phrases: list[str] | None

    def as_dict(self) -> dict[str, object]:
        """The computed columns by name, in :data:`SCORE_COLUMNS` order."""
        columns: dict[str, object] = {"label": self.label, "career_score": self.career_score}
        if self.low_evidence is not None:
            columns["low_evidence"] = self.low_evidence
        if self.top_phrases is not None:
            columns["top_phrases"] = self.top_phrases
        return columns


def top_phrases_json(exp: Explanation, n: int = 3) -> str:
    """The ``n`` strongest phrases of an explanation as a JSON list, strongest first."""
    return json.dumps(
        [
            {"text": p.text, "start": p.start, "end": p.end, "weight": p.weight, "label": p.label}
            for p in exp.top_phrases(n)
        ],
        ensure_ascii=False,
    )


def score_columns(
    clf: JobCareerClassifier,
    texts: Sequence[str],
    *,
    explain: bool = False,
    low_evidence: bool = True,
    top: int = 3,
) -> ScoredColumns:
    """Score a batch of answers into the integrations' columns.

    Parameters
    ----------
    clf : JobCareerClassifier
        A fitted classifier.
    texts : sequence of str
        The answers (none blank; :func:`jobcareer.batching.check_texts` rules).
    explain : bool, default False
        Also return ``top_phrases``.
    low_evidence : bool, default True
        Return ``low_evidence``. It needs the explanations, so ``explain=False,
        low_evidence=False`` is the fast path (label and score only).
    top : int, default 3
        Phrases per answer with ``explain=True``.

    Returns
    -------
    ScoredColumns
    """
    texts = list(texts)
    low: list[bool] = []
    phrases: list[str] = []
    with clf.memory_zone():  # frees the strings this batch added to the vocabulary
        career = np.asarray(clf.predict_proba(texts)[:, 0], dtype=np.float64)
        if explain or low_evidence:
            # one model batch of explanations at a time, kept only as the columns need them
            for start in range(0, len(texts), clf.batch_size):
                for exp in clf.explain_many(texts[start : start + clf.batch_size]):
                    low.append(exp.low_evidence)
                    if explain:
                        phrases.append(top_phrases_json(exp, top))
    labels = labels_of(career).tolist()
    return ScoredColumns(
        labels,
        career,
        np.array(low, dtype=bool) if low_evidence else None,
        phrases if explain else None,
    )
