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

import bisect
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from jobcareer._gc import cyclic_gc_paused
from jobcareer.analysis import F
from jobcareer.features import FUNCTION_WORDS

_WORDS = re.compile(r"[^\W_]+")
#: what is left of a contraction split at its apostrophe ("I'm", "don't", "we'll")
_CONTRACTION_PARTS = frozenset({"m", "s", "d", "ll", "re", "ve", "t"})

if TYPE_CHECKING:
    from jobcareer.analysis import Analysis
    from jobcareer.features import OccurrenceTable

__all__ = [
    "Contribution",
    "Explanation",
    "Phrase",
    "SentenceScore",
    "build_phrases",
    "evidence_counts",
    "explain_batch",
    "is_low_evidence",
]

#: Phrases of at least this share of the strongest phrase's weight are highlighted by the
#: renderings and may be named by the summary (:attr:`Explanation.highlighted`).
HIGHLIGHT_SHARE = 0.25

#: On the weaker side of an answer, phrases of at least this weight (log-odds) and at least
#: ``HIGHLIGHT_SHARE`` of that side's strongest phrase are highlighted too.
HIGHLIGHT_MIN_WEIGHT = 0.5

#: Tokens whose weight is below this share of the strongest token's weight do not start
#: or extend a phrase of their own direction; they form weak phrases of their own.
SIGNIFICANT_SHARE = 0.15


def _calibrated(logit: float, calibration: tuple[float, float]) -> float:
    slope, offset = calibration
    x = slope * logit + offset
    return 0.5 * (1.0 + math.tanh(0.5 * x))


def _label(score: float) -> str:
    return "career" if score >= 0.5 else "job"


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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

    @property
    def is_function_words(self) -> bool:
        """Whether the phrase is only function words ("on", "the", "I was"): part of the
        arithmetic, but never named as a reason (not highlighted, not a top phrase)."""
        words = _WORDS.findall(self.text.casefold())
        return all(w in FUNCTION_WORDS or w in _CONTRACTION_PARTS for w in words)


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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
        True when ``evidence`` is below the model's ``min_evidence``, or no lexicon cue
        fires and it is below ``min_uncued_evidence`` (:func:`is_low_evidence`): the answer
        has too few known signals for a confident verdict (off-topic text, another
        language, a bare "Yes.").
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
    def highlighted(self) -> tuple[Phrase, ...]:
        """The phrases the renderings highlight and the summary may name, in text order.

        Never a phrase of function words only (:attr:`Phrase.is_function_words`); of the
        others, those whose weight is at least ``HIGHLIGHT_SHARE`` (a quarter) of the strongest
        phrase's, and, on each side, those at least a quarter of the strongest phrase of
        that side and of at least ``HIGHLIGHT_MIN_WEIGHT`` in log-odds, so that the job-side
        phrases of a strongly career answer (and the reverse) are shown too. The rest are
        real but minor contributions.
        """
        strongest = max((abs(p.weight) for p in self.phrases), default=0.0)
        if strongest == 0.0:
            return ()
        side = {
            label: max((abs(p.weight) for p in self.phrases if p.label == label), default=0.0)
            for label in ("career", "job")
        }
        return tuple(
            p for p in self.phrases
            if (
                abs(p.weight) >= HIGHLIGHT_SHARE * strongest
                or (abs(p.weight) >= HIGHLIGHT_SHARE * side[p.label] and abs(p.weight) >= HIGHLIGHT_MIN_WEIGHT)
            )
            and not p.is_function_words
        )

    @property
    def confidence(self) -> float:
        """Probability of the predicted label (``score`` or ``1 - score``)."""
        return self.score if self.label == "career" else 1.0 - self.score

    def top_phrases(self, n: int = 5, label: str | None = None) -> list[Phrase]:
        """The ``n`` phrases with the largest absolute weight, optionally of one label.

        Phrases of function words only (:attr:`Phrase.is_function_words`) are left out.
        """
        if label not in (None, "career", "job"):
            raise ValueError(f"label must be None, 'career' or 'job', got {label!r}")
        chosen = [p for p in self.phrases if (label is None or p.label == label) and not p.is_function_words]
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
        # only phrases the renderings highlight, so the summary and the highlights agree
        shown = set(self.highlighted)
        main = [p for p in self.top_phrases(len(self.phrases), self.label) if p in shown][:3]
        other_label = "job" if self.label == "career" else "career"
        other = [p for p in self.top_phrases(len(self.phrases), other_label) if p in shown][:2]
        parts = [f"Reads as {lean} ({pct} %)"]
        if main:
            parts.append("strongest signals " + ", ".join(f"'{p.text}'" for p in main))
        text = ": ".join(parts[:2]) if len(parts) > 1 else parts[0]
        if other:
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


class _Segments:
    """The phrase segments of a whole batch, from its token weights (array operations).

    Within a clause (bounded by sentence starts and punctuation), consecutive weighted
    tokens of the same direction form a *segment*; tokens of weight 0 (fillers, unknown
    words) neither join nor break one. A token is *strong* when its weight is at least
    ``SIGNIFICANT_SHARE`` of the strongest token weight of its answer. Positions below
    index ``weighted``, the batch's weighted tokens in order.
    """

    def __init__(self, analysis: Analysis, token_weight: np.ndarray, punct: np.ndarray):
        bounds = analysis.bounds
        answer = np.repeat(np.arange(len(analysis)), np.diff(bounds))
        magnitude = np.abs(token_weight)
        strongest = np.zeros(len(analysis))
        np.maximum.at(strongest, answer, magnitude)
        strong = magnitude >= SIGNIFICANT_SHARE * strongest[answer]
        region = np.cumsum(analysis.sent_start | punct)
        weighted = np.flatnonzero(token_weight != 0.0)
        self.weighted = weighted.tolist()
        self.values = token_weight[weighted].tolist()
        positive = token_weight[weighted] > 0
        where = region[weighted]
        new = np.ones(len(weighted), dtype=bool)
        new[1:] = (where[1:] != where[:-1]) | (positive[1:] != positive[:-1])
        first = np.flatnonzero(new)
        self.first = [*first.tolist(), len(weighted)]  # segment s: weighted[first[s]:first[s + 1]]
        self.region = where[first].tolist()
        is_strong = strong[weighted]
        self.has_strong = (np.logical_or.reduceat(is_strong, first) if len(first) else is_strong).tolist()
        # nearest strong weighted token at or after / at or before each one (for trimming)
        index = np.arange(len(weighted))
        after = np.where(is_strong, index, len(weighted))
        self.next_strong = np.minimum.accumulate(after[::-1])[::-1].tolist()
        self.prev_strong = np.maximum.accumulate(np.where(is_strong, index, -1)).tolist()
        # the segments of each answer
        self.answer_segments = np.searchsorted(weighted[first], bounds).tolist() if len(first) else [0] * len(bounds)

    def runs(self, k: int) -> list[tuple[int, int]]:
        """Answer ``k``'s phrases as ranges of weighted-token positions, in text order.

        A weak segment (no strong token) after a segment with a strong token, and before
        another segment of the same clause, is bridged: the three become one run. Weak
        tokens at either end of a run with strong tokens are split off as runs of their own.
        """
        first, region, has_strong = self.first, self.region, self.has_strong
        out: list[tuple[int, int]] = []
        s, end = self.answer_segments[k], self.answer_segments[k + 1]
        while s < end:
            last = s
            if has_strong[s]:
                while last + 2 < end and region[last + 2] == region[s] and not has_strong[last + 1]:
                    last += 2
            lo, hi = first[s], first[last + 1]
            strong_lo, strong_hi = self.next_strong[lo], self.prev_strong[hi - 1]
            if strong_lo >= hi:  # no strong token: the run stays whole
                out.append((lo, hi))
            else:
                out += [r for r in ((lo, strong_lo), (strong_lo, strong_hi + 1), (strong_hi + 1, hi)) if r[0] < r[1]]
            s = last + 1
        return out


def _joins(text: str, i: int) -> bool:
    """Whether ``text[i]`` belongs to the word around it (a letter or digit, or an
    apostrophe or hyphen between two of them: "I'm", "four-day")."""
    char = text[i]
    if char.isalnum():
        return True
    return char in "'’-" and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


_WORD_MARKS = "'’-"


def _word_start(text: str, i: int) -> int:
    if i == 0 or not (text[i - 1].isalnum() or text[i - 1] in _WORD_MARKS):  # the usual case
        return i
    while i > 0 and _joins(text, i - 1) and (i >= len(text) or _joins(text, i)):
        i -= 1
    return i


def _word_end(text: str, i: int) -> int:
    if i >= len(text) or not (text[i].isalnum() or text[i] in _WORD_MARKS):  # the usual case
        return i
    while 0 < i < len(text) and _joins(text, i) and _joins(text, i - 1):
        i += 1
    return i


def _phrase_bounds(text: str, raw: list[tuple[int, int]], cues: list[int]) -> list[tuple[int, int]]:
    """Phrase offsets on word boundaries, without overlaps, in text order.

    Each phrase from its tokens' offsets ``raw`` starts at its negation cue when it has one
    (``cues``, unless the cue is inside the phrase before), and is widened to whole words
    ("'m not" -> "I'm not", "-day week" -> "four-day week"). A word split between two
    phrases goes to the later one, unless the earlier one would keep nothing else.
    """
    spans = []
    for n, (start, end) in enumerate(raw):
        previous_end = raw[n - 1][1] if n else 0
        if cues[n] >= previous_end:
            start = min(start, cues[n])
        spans.append([_word_start(text, start), _word_end(text, end)])
    for n in range(1, len(spans)):
        before, after = spans[n - 1], spans[n]
        if before[1] <= after[0]:
            continue
        word_start = _word_start(text, after[0] + 1 if after[0] < len(text) else after[0])
        if before[0] < word_start:
            before[1] = word_start  # the shared word goes to the later phrase
        else:
            after[0] = before[1]
        if after[0] >= after[1] or before[0] >= before[1]:  # a word cannot be shared out: keep tokens
            before[:], after[:] = list(raw[n - 1]), list(raw[n])
    out = []
    for start, end in spans:
        if text[start].isspace() or text[end - 1].isspace():
            piece = text[start:end]
            start += len(piece) - len(piece.lstrip())
            end -= len(piece) - len(piece.rstrip())
        out.append((start, end))
    return out


def _cue_token(first: int, lo: int, negated: list[bool], neg_cue: list[bool]) -> int | None:
    """The negation cue whose scope holds token ``first`` (tokens from ``lo``), or None."""
    if not negated[first]:
        return None
    t = first
    while t > lo and negated[t - 1]:
        t -= 1
    return t - 1 if t > lo and neg_cue[t - 1] else None


def _cues_join_their_scope(
    runs: list[tuple[int, int]], weighted: list[int], lo: int, negated: list[bool], neg_cue: list[bool]
) -> list[tuple[int, int]]:
    """Runs (ranges of weighted-token positions) where the negation cue of a negated run,
    when it is in the run before, moves into it with the tokens after it ("It's | not
    about the money"), so a negated phrase shows its cue; a cue without weight brings the
    weighted tokens of its scope in the run before ("not about the | money"). The weights
    still add up, as every token stays in exactly one run."""
    out = list(runs)
    for n in range(1, len(out)):
        (a1, b1), (a2, b2) = out[n - 1], out[n]
        if not negated[weighted[a2]]:  # the usual case
            continue
        cue = _cue_token(weighted[a2], lo, negated, neg_cue)
        if b1 != a2 or cue is None:
            continue
        at = bisect.bisect_left(weighted, cue, a1, b1)  # the cue's position among the weighted tokens
        # the cue itself, or (when the cue carries no weight) the first weighted token of the
        # same negation scope: from there on, the run before joins this one
        if at < b1 and (weighted[at] == cue or _cue_token(weighted[at], lo, negated, neg_cue) == cue):
            out[n - 1], out[n] = (a1, at), (at, b2)
    return [(a, b) for a, b in out if a < b]


def _merge_word_pieces(runs: list[tuple[int, int]], spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join consecutive runs that split one word when one of them lies inside that word
    ("I" + "'m" -> "I'm"): a phrase shows whole words, and its weight is the sum."""
    out: list[tuple[int, int]] = []
    out_spans: list[tuple[int, int]] = []
    for run, span in zip(runs, spans):
        if out:
            (start1, end1), (start2, end2) = out_spans[-1], span
            split = _word_end(text, end1) > start2  # the word at end1 goes on into this run
            if split and (_word_start(text, end1) <= start1 or _word_end(text, start2) >= end2):
                out[-1] = (out[-1][0], run[1])
                out_spans[-1] = (start1, end2)
                continue
        out.append(run)
        out_spans.append(span)
    return out


def _cue_start(first: int, lo: int, negated: list[bool], neg_cue: list[bool], idx: list[int]) -> int:
    """Start of a phrase whose first token is ``first``: where its negation cue starts when
    the token is in a negation scope ("not about the money"), else the token's start."""
    if not negated[first]:
        return idx[first]
    t = first
    while t > lo and negated[t - 1]:
        t -= 1
    if t > lo and neg_cue[t - 1]:
        return idx[t - 1]
    return idx[first]


def is_low_evidence(
    evidence: np.ndarray | int,
    min_evidence: int,
    *,
    cues: np.ndarray | int | None = None,
    min_uncued_evidence: int = 0,
) -> np.ndarray | bool:
    """The one rule that flags an answer as low-evidence (everywhere a label is shown).

    Parameters
    ----------
    evidence : int or ndarray of int
        Active features that carry content (:func:`evidence_counts`), per answer.
    min_evidence : int
        The model's ``min_evidence``: fewer is low evidence.
    cues : int or ndarray of int, optional
        Active cue features per answer (:func:`evidence_counts`). With none at all, fewer
        than ``min_uncued_evidence`` content features is low evidence too: word n-grams
        alone say little about off-topic text ("The weather was nice yesterday.").
    min_uncued_evidence : int, default 0
        The model's ``min_uncued_evidence``.

    Returns
    -------
    bool or ndarray of bool
        True where the answer has too few known signals for its label to mean much.
    """
    low = np.asarray(evidence) < min_evidence
    if cues is not None:
        low = low | ((np.asarray(cues) == 0) & (np.asarray(evidence) < min_uncued_evidence))
    return low if low.ndim else bool(low)


def evidence_counts(analysis: Analysis, table: OccurrenceTable) -> tuple[np.ndarray, np.ndarray]:
    """Per answer of the batch: ``(evidence, cues)``, as arrays.

    ``evidence`` counts active cue features plus word features whose first occurrence is
    not all stop words; ``cues`` counts the active cue features alone.
    """
    entry = table.occurrence_entry
    n_entries = len(table.values)
    first_occurrence = np.searchsorted(entry, np.arange(n_entries + 1))
    stop = (analysis.flags & F["stop"]) != 0
    all_stop = np.minimum.reduceat(stop[table.tokens], table.token_start[:-1]) if len(entry) else stop[:0]
    is_word, is_cue = table.entry_block == 0, table.entry_block == 1
    has_occurrence = first_occurrence[:-1] < first_occurrence[1:]
    content = np.zeros(n_entries, dtype=bool)
    content[has_occurrence] = ~all_stop[first_occurrence[:-1][has_occurrence]]
    counts = np.bincount(table.entry_row, weights=is_cue | (is_word & content), minlength=len(analysis))
    cues = np.bincount(table.entry_row, weights=is_cue, minlength=len(analysis))
    return counts.astype(np.int64), cues.astype(np.int64)


def build_phrases(
    text: str,
    segments: _Segments,
    k: int,
    idx: list[int],
    end: list[int],
    logit: float,
    calibration: tuple[float, float],
    negated: list[bool],
    neg_cue: list[bool],
    lo: int,
) -> list[Phrase]:
    """Answer ``k``'s :class:`Phrase` objects from its segments, in text order.

    ``idx`` and ``end`` are the character start and end of every token of the batch,
    ``negated`` and ``neg_cue`` whether each is in a negation scope or is a negation cue,
    and ``lo`` the answer's first token; ``logit`` is the answer's career logit (for each
    phrase's ``score_without``). A negated phrase takes its negation cue, and phrases
    start and end on word boundaries.
    """
    weighted, values = segments.weighted, segments.values
    runs = _cues_join_their_scope(segments.runs(k), weighted, lo, negated, neg_cue)
    runs = _merge_word_pieces(runs, [(idx[weighted[a]], end[weighted[b - 1]]) for a, b in runs], text)
    raw = [(idx[weighted[a]], end[weighted[b - 1]]) for a, b in runs]
    cues = [_cue_start(weighted[a], lo, negated, neg_cue, idx) for a, _ in runs]
    phrases = []
    for (a, b), (start, stop) in zip(runs, _phrase_bounds(text, raw, cues)):
        phrase_weight = math.fsum(values[a:b])
        phrases.append(
            Phrase(
                text=text[start:stop],
                start=start,
                end=stop,
                weight=phrase_weight,
                label="career" if phrase_weight > 0 else "job",
                score_without=_calibrated(logit - phrase_weight, calibration),
            )
        )
    return phrases


@cyclic_gc_paused()  # see jobcareer._gc: many small objects, no cycles
def explain_batch(
    analysis: Analysis,
    table: OccurrenceTable,
    *,
    coef: np.ndarray,
    bias: float,
    calibration: tuple[float, float],
    min_evidence: int,
    min_uncued_evidence: int = 0,
    texts: Sequence[str] | None = None,
) -> list[Explanation]:
    """Build the :class:`Explanation` of every answer of an analysed batch.

    The bookkeeping (weights per occurrence and token, spans, evidence) is done with array
    operations over the whole batch; only the result objects are built one by one. An
    answer's explanation does not depend on the other answers of its batch.

    Parameters
    ----------
    analysis : Analysis
        The batch.
    table : OccurrenceTable
        Its feature occurrences (``Featurizer.occurrence_table(analysis)``).
    coef : ndarray
        Career-direction coefficients, indexed by feature column.
    bias : float
        Intercept of the career logit.
    calibration : tuple of float
        ``(slope, offset)`` of the sigmoid calibration.
    min_evidence : int
        Below this many content features the explanation is flagged low-evidence.
    min_uncued_evidence : int, default 0
        Below this many content features, an answer in which no lexicon cue fires is
        flagged low-evidence too (see :func:`is_low_evidence`).
    texts : sequence of str, optional
        The answers' texts (read from the Docs if not given).
    """
    n_entries = len(table.values)
    columns = table.columns
    weight = coef[columns] * table.values  # each active feature's contribution
    entry = table.occurrence_entry
    n_occurrences = np.bincount(entry, minlength=n_entries)
    length = np.diff(table.token_start)
    share = weight[entry] / n_occurrences[entry] / length  # per token of each occurrence
    n_tokens = int(analysis.bounds[-1])
    token_weight = np.bincount(table.tokens, weights=np.repeat(share, length), minlength=n_tokens)

    # character offsets of every token, and of every occurrence
    idx, end = analysis.char_offsets()
    first = table.tokens[table.token_start[:-1]]
    last = table.tokens[table.token_start[1:] - 1]
    span_start, span_end = idx[first].tolist(), end[last].tolist()

    first_occurrence = np.searchsorted(entry, np.arange(n_entries + 1))
    has_occurrence = first_occurrence[:-1] < first_occurrence[1:]
    evidence, cue_counts = evidence_counts(analysis, table)
    low = is_low_evidence(evidence, min_evidence, cues=cue_counts, min_uncued_evidence=min_uncued_evidence)
    unattributed = np.bincount(table.entry_row, weights=np.where(has_occurrence, 0.0, weight), minlength=len(analysis))

    # every contribution of the batch, answer by answer, strongest first (then by name:
    # columns are in name order)
    order = np.lexsort((columns, -np.abs(weight), table.entry_row))
    pairs = list(zip(span_start, span_end))  # (start, end) of every occurrence
    occurrence_bounds = first_occurrence.tolist()
    spans_of = [
        (pairs[lo],) if hi - lo == 1 else tuple(pairs[lo:hi])
        for lo, hi in itertools.pairwise(occurrence_bounds)
    ]
    names = table.entry_name[order].tolist()
    spans = [spans_of[e] for e in order.tolist()]
    all_contributions = list(map(Contribution, names, table.values[order].tolist(), weight[order].tolist(), spans))
    weights_list = weight.tolist()
    idx_list, end_list = idx.tolist(), end.tolist()
    punct_flags = (analysis.flags & F["punct"]) != 0
    negated = analysis.negated.tolist()
    neg_cue = ((analysis.flags & F["neg_cue"]) != 0).tolist()
    segments = _Segments(analysis, token_weight, punct_flags)
    bounds = analysis.bounds.tolist()
    indptr = table.row_start.tolist()
    # sentences: token weights summed per sentence, scored with the bias alone
    sentence_first = np.flatnonzero(analysis.sent_start)
    sentence_weight = np.add.reduceat(token_weight, sentence_first) if len(sentence_first) else token_weight[:0]
    slope, offset = calibration
    sentence_score = (0.5 * (1.0 + np.tanh(0.5 * (slope * (bias + sentence_weight) + offset)))).tolist()
    sentence_weights = sentence_weight.tolist()
    sentence_bounds = np.searchsorted(sentence_first, analysis.bounds).tolist()  # sentences of answer k
    sentence_first_list = [*sentence_first.tolist(), len(token_weight)]
    evidence_list, unattributed_list = evidence.tolist(), unattributed.tolist()
    low_list = low.tolist()
    explanations = []
    for k in range(len(analysis)):
        contributions = all_contributions[indptr[k] : indptr[k + 1]]
        logit = bias + math.fsum(weights_list[indptr[k] : indptr[k + 1]])
        score = _calibrated(logit, calibration)
        text = analysis.docs[k].text if texts is None else texts[k]
        lo, hi = bounds[k], bounds[k + 1]
        starts, ends = idx_list[lo:hi], end_list[lo:hi]
        phrases = build_phrases(text, segments, k, idx_list, end_list, logit, calibration, negated, neg_cue, lo)
        sentences = []
        for j in range(sentence_bounds[k], sentence_bounds[k + 1]):
            a, b = sentence_first_list[j] - lo, sentence_first_list[j + 1] - lo
            sentences.append(
                SentenceScore(
                    text=text[starts[a] : ends[b - 1]],
                    start=starts[a],
                    end=ends[b - 1],
                    weight=sentence_weights[j],
                    score=sentence_score[j],
                    label=_label(sentence_score[j]),
                )
            )
        n_evidence = evidence_list[k]
        explanations.append(
            Explanation(
                text=text,
                label=_label(score),
                score=score,
                logit=logit,
                bias=bias,
                contributions=tuple(contributions),
                phrases=tuple(phrases),
                sentences=tuple(sentences),
                unattributed=unattributed_list[k],
                evidence=n_evidence,
                low_evidence=low_list[k],
                calibration=calibration,
            )
        )
    return explanations
