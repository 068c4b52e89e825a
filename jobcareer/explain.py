"""Explanations: exact feature contributions turned into phrases and sentence scores.

The model's career logit is ``bias + sum(weight)`` over the answer's active features, so
an explanation is bookkeeping, not an approximation:

1. each feature's weight (coefficient x value) is split evenly over its occurrences, and
   each occurrence's share evenly over the tokens that produced it;
2. consecutive tokens of a sentence whose weights point the same way form a *phrase*,
   whose weight is the sum of its tokens' weights and whose offsets index the original
   text;
3. a sentence's weight is the sum of its tokens' weights, scored on its own with the bias.

Phrase weights plus ``unattributed`` (features with no tokens) add up to ``logit - bias``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from jobcareer.analysis import F

if TYPE_CHECKING:
    from jobcareer.analysis import Analysis
    from jobcareer.features import FeatureOccurrences

__all__ = ["Contribution", "Explanation", "Phrase", "SentenceScore", "explain_answer"]

#: Tokens whose weight is below this share of the strongest token's weight do not start
#: or extend a phrase of their own direction; they form weak phrases of their own.
SIGNIFICANT_SHARE = 0.15


def _calibrated(logit: float, calibration: tuple[float, float]) -> float:
    slope, offset = calibration
    x = slope * logit + offset
    return 0.5 * (1.0 + math.tanh(0.5 * x))


def _label(score: float) -> str:
    return "career" if score >= 0.5 else "job"


@dataclass(frozen=True)
class Contribution:
    """One active feature and what it adds to the career logit.

    Attributes
    ----------
    feature : str
        Feature name: ``w:`` word n-gram, ``c:`` lexicon cue, ``ch:`` character n-gram.
    value : float
        The feature's value for this answer.
    weight : float
        Coefficient x value; positive pushes toward career, negative toward job.
    spans : tuple of (int, int)
        Character offsets ``(start, end)`` of each occurrence in the original text.
    """

    feature: str
    value: float
    weight: float
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Phrase:
    """A stretch of the answer that pushes the verdict one way.

    Attributes
    ----------
    text : str
        ``answer[start:end]``.
    start, end : int
        Character offsets into the original answer.
    weight : float
        Summed contribution to the career logit (positive: career, negative: job).
    label : str
        ``"career"`` if ``weight > 0`` else ``"job"``.
    score_without : float
        Calibrated P(career) the answer would get without this phrase's contributions.
    """

    text: str
    start: int
    end: int
    weight: float
    label: str
    score_without: float


@dataclass(frozen=True)
class SentenceScore:
    """One sentence of the answer scored on its own.

    Attributes
    ----------
    text : str
        ``answer[start:end]``.
    start, end : int
        Character offsets into the original answer.
    weight : float
        Summed contribution of the features inside the sentence.
    score : float
        Calibrated P(career) of ``bias + weight``: the sentence's verdict on its own.
    label : str
        ``"career"`` or ``"job"`` by ``score``.
    """

    text: str
    start: int
    end: int
    weight: float
    score: float
    label: str


@dataclass(frozen=True)
class Explanation:
    """Why an answer reads as job- or career-oriented, exactly.

    Attributes
    ----------
    text : str
        The answer, unchanged.
    label : str
        ``"career"`` or ``"job"``.
    score : float
        Calibrated P(career); equals ``predict_proba([text])[0, 0]``.
    logit : float
        The raw career log-odds: ``bias + sum(c.weight for c in contributions)``.
    bias : float
        The model's intercept.
    contributions : tuple of Contribution
        Every active feature, strongest first.
    phrases : tuple of Phrase
        Non-overlapping phrases in text order.
    sentences : tuple of SentenceScore
        Every sentence in text order.
    unattributed : float
        Weight of features with no position in the text (0.0 for the bundled features).
    evidence : int
        How many active features carry content (not only stop words).
    low_evidence : bool
        True when ``evidence`` is below the model's ``min_evidence``: the answer has too
        few known signals for a confident verdict (off-topic text, another language).
    calibration : tuple of float
        ``(slope, offset)`` mapping a logit to P(career).
    """

    text: str
    label: str
    score: float
    logit: float
    bias: float
    contributions: tuple[Contribution, ...]
    phrases: tuple[Phrase, ...]
    sentences: tuple[SentenceScore, ...]
    unattributed: float
    evidence: int
    low_evidence: bool
    calibration: tuple[float, float] = field(repr=False)

    @property
    def confidence(self) -> float:
        """Probability of the predicted label (``score`` or ``1 - score``)."""
        return self.score if self.label == "career" else 1.0 - self.score

    def top_phrases(self, n: int = 5, label: str | None = None) -> list[Phrase]:
        """The ``n`` phrases with the largest absolute weight, optionally of one label."""
        if label not in (None, "career", "job"):
            raise ValueError(f"label must be None, 'career' or 'job', got {label!r}")
        chosen = [p for p in self.phrases if label is None or p.label == label]
        return sorted(chosen, key=lambda p: (-abs(p.weight), p.start))[:n]

    def score_span(self, start: int, end: int) -> float:
        """Calibrated P(career) of the contributions inside ``text[start:end]`` alone.

        Phrases are counted by the share of their characters inside the span, so whole
        sentences give the same figure as :attr:`sentences`.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) is outside the answer of length {len(self.text)}")
        weight = 0.0
        for p in self.phrases:
            overlap = min(end, p.end) - max(start, p.start)
            if overlap > 0:
                weight += p.weight * overlap / (p.end - p.start)
        return _calibrated(self.bias + weight, self.calibration)

    @property
    def summary(self) -> str:
        """One plain sentence about the answer (never about the person)."""
        pct: int | str = round(100 * self.confidence)
        if pct == 100 and self.confidence < 1.0:
            pct = ">99"
        lean = f"{self.label}-oriented"
        if self.low_evidence:
            return (
                f"Too little evidence for a verdict: only {self.evidence} known "
                f"signal{'s' if self.evidence != 1 else ''} in this answer "
                f"(leans {lean}, {pct} %)."
            )
        main = self.top_phrases(3, self.label)
        other = self.top_phrases(2, "job" if self.label == "career" else "career")
        other = [p for p in other if abs(p.weight) >= 0.1 * abs(main[0].weight)] if main else other
        parts = [f"Reads as {lean} ({pct} %)"]
        if main:
            parts.append("strongest signals " + ", ".join(f"'{p.text}'" for p in main))
        text = ": ".join(parts[:2]) if len(parts) > 1 else parts[0]
        if other:
            other_label = "job" if self.label == "career" else "career"
            text += f"; toward {other_label}: " + ", ".join(f"'{p.text}'" for p in other)
        return text + "."

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form; see :func:`jobcareer.render.to_dict` for the schema."""
        from jobcareer.render import to_dict

        return to_dict(self)

    def to_html(self) -> str:
        """A self-contained, escaped HTML fragment with highlighted phrases."""
        from jobcareer.render import to_html

        return to_html(self)

    def to_text(self, color: bool | None = None) -> str:
        """Terminal rendering; colour when ``color`` is True (default: if stdout is a TTY)."""
        from jobcareer.render import to_text

        return to_text(self, color=color)

    def _repr_html_(self) -> str:
        return self.to_html()


class _Tokens:
    """What an explanation needs of one answer's tokens, as plain lists."""

    def __init__(self, analysis: Analysis, k: int):
        lo, hi = int(analysis.bounds[k]), int(analysis.bounds[k + 1])
        self.n = hi - lo
        self.idx, self.end = analysis.offsets(k)
        flags = analysis.flags[lo:hi]
        self.stop = ((flags & F["stop"]) != 0).tolist()
        self.punct = ((flags & F["punct"]) != 0).tolist()
        self.sent_start = analysis.sent_start[lo:hi].tolist()


def _token_weights(
    tokens: _Tokens, features: Sequence[FeatureOccurrences], coef: np.ndarray
) -> tuple[list[Contribution], list[float], float, int]:
    starts, ends, stop = tokens.idx, tokens.end, tokens.stop
    weights = [0.0] * tokens.n  # plain floats: indexing a numpy array one by one is slower
    contributions: list[Contribution] = []
    unattributed = 0.0
    evidence = 0
    for feat in features:
        weight = float(coef[feat.index]) * feat.value
        spans = []
        occurrences = [o for o in feat.occurrences if o]
        for toks in occurrences:
            spans.append((starts[min(toks)], ends[max(toks)]))
            share = weight / len(occurrences) / len(toks)
            for i in toks:
                weights[i] += share
        if not occurrences:
            unattributed += weight
        if feat.name.startswith("c:") or (
            feat.name.startswith("w:") and not all(map(stop.__getitem__, feat.occurrences[0]))
        ):
            evidence += 1
        contributions.append(Contribution(feat.name, feat.value, weight, tuple(spans)))
    contributions.sort(key=lambda c: (-abs(c.weight), c.feature))
    return contributions, weights, unattributed, evidence


def _phrases(
    tokens: _Tokens, text: str, weights: list[float], logit: float, calibration: tuple[float, float]
) -> list[Phrase]:
    sent_start, punct = tokens.sent_start, tokens.punct
    strongest = max(map(abs, weights)) if weights else 0.0
    threshold = SIGNIFICANT_SHARE * strongest
    # 1. Within a clause (sentence and punctuation bound), consecutive weighted tokens of
    #    the same direction form a segment.
    # 2. A weak segment (every token below the threshold) between two segments of the
    #    other direction is bridged: the three become one phrase.
    regions: list[list[list[int]]] = []  # region -> segments -> token indices
    last_sign = 0
    for i in range(len(weights)):
        if sent_start[i] or punct[i] or not regions:
            if not regions or regions[-1]:
                regions.append([])
            last_sign = 0
        w = weights[i]
        if w == 0.0:
            continue  # fillers and unknown words neither join nor break a phrase
        sign = 1 if w > 0 else -1
        if sign == last_sign:
            regions[-1][-1].append(i)
        else:
            regions[-1].append([i])
            last_sign = sign
    runs: list[list[int]] = []
    for segments in regions:
        merged: list[list[int]] = []
        k = 0
        while k < len(segments):
            seg = list(segments[k])
            while (
                k + 2 < len(segments)
                and all(abs(weights[i]) < threshold for i in segments[k + 1])
                and any(abs(weights[i]) >= threshold for i in seg)
            ):
                seg += segments[k + 1] + segments[k + 2]
                k += 2
            merged.append(seg)
            k += 1
        for seg in merged:
            runs.extend(_trim(seg, weights, threshold))
    phrases = []
    for run in runs:
        start, end = tokens.idx[run[0]], tokens.end[run[-1]]
        weight = math.fsum(float(weights[i]) for i in run)
        phrases.append(
            Phrase(
                text=text[start:end],
                start=start,
                end=end,
                weight=weight,
                label="career" if weight > 0 else "job",
                score_without=_calibrated(logit - weight, calibration),
            )
        )
    return phrases


def _trim(run: list[int], weights: Sequence[float], threshold: float) -> list[list[int]]:
    """Split weak tokens off both ends of a run that has significant tokens.

    "to spend the next few years learning how" keeps its strong core as the phrase and
    the weak edges become weak phrases of their own (their weight is not lost).
    """
    strong = [k for k, i in enumerate(run) if abs(weights[i]) >= threshold]
    if not strong or (strong[0] == 0 and strong[-1] == len(run) - 1):
        return [run]
    pieces = [run[: strong[0]], run[strong[0] : strong[-1] + 1], run[strong[-1] + 1 :]]
    return [p for p in pieces if p]


def explain_answer(
    analysis: Analysis,
    k: int,
    features: Sequence[FeatureOccurrences],
    *,
    coef: np.ndarray,
    bias: float,
    calibration: tuple[float, float],
    min_evidence: int,
    text: str | None = None,
) -> Explanation:
    """Build the :class:`Explanation` of one analysed answer.

    Parameters
    ----------
    analysis : Analysis
        The batch the answer was analysed in.
    k : int
        The answer's index in the batch.
    features : sequence of FeatureOccurrences
        Its active features (``Featurizer.occurrences(analysis)[k]``).
    coef : ndarray
        Career-direction coefficients, indexed by feature column.
    bias : float
        Intercept of the career logit.
    calibration : tuple of float
        ``(slope, offset)`` of the sigmoid calibration.
    min_evidence : int
        Below this many content features the explanation is flagged low-evidence.
    """
    tokens = _Tokens(analysis, k)
    contributions, weights, unattributed, evidence = _token_weights(tokens, features, coef)
    logit = bias + math.fsum(c.weight for c in contributions)
    score = _calibrated(logit, calibration)
    if text is None:
        text = analysis.docs[k].text  # built from the tokens on every access: read it once
    phrases = _phrases(tokens, text, weights, logit, calibration)
    sentences = []
    array = np.asarray(weights)
    bounds = [i for i, first in enumerate(tokens.sent_start) if first] + [tokens.n]
    for a, b in itertools.pairwise(bounds):
        start, end = tokens.idx[a], tokens.end[b - 1]
        weight = float(array[a:b].sum())  # numpy's pairwise sum, as before
        sent_score = _calibrated(bias + weight, calibration)
        sentences.append(
            SentenceScore(
                text=text[start:end],
                start=start,
                end=end,
                weight=weight,
                score=sent_score,
                label=_label(sent_score),
            )
        )
    return Explanation(
        text=text,
        label=_label(score),
        score=score,
        logit=logit,
        bias=bias,
        contributions=tuple(contributions),
        phrases=tuple(phrases),
        sentences=tuple(sentences),
        unattributed=unattributed,
        evidence=evidence,
        low_evidence=evidence < min_evidence,
        calibration=calibration,
    )
