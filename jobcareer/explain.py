"""Explaining a batch: exact feature contributions turned into phrases and sentence scores.

The model's career logit is ``bias + sum(weight)`` over the answer's active features, so
an explanation is bookkeeping, not an approximation. :func:`explain_batch` does it for a
whole analysed batch in named steps, each with array operations over the batch:

1. :func:`contribution_weights`: each active feature's weight (coefficient x value);
2. :func:`token_weights`: each feature's weight split evenly over its occurrences, and each
   occurrence's share evenly over the tokens that produced it;
3. evidence and the low-evidence flag (:mod:`jobcareer.evidence`);
4. :func:`find_phrases`: consecutive tokens of a clause whose weights point the same way
   form a *phrase* (:mod:`jobcareer.phrase_segments`), on word boundaries of the original
   text (:mod:`jobcareer.phrase_spans`); its weight is the sum of its tokens' weights;
5. sentence weights (the sum of their tokens' weights), scored on their own with the bias.

The result is one :class:`~jobcareer.explanation.Explanation` per answer, a *view* over
the batch's arrays (:class:`ExplainedBatch`): its label and score are set, its
contributions, phrases and sentences are built when first read. Phrase weights plus
``unattributed`` (features with no tokens) add up to ``logit - bias``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from jobcareer._gc import cyclic_gc_paused
from jobcareer.decision import calibrated, calibrated_each, label_of
from jobcareer.evidence import evidence_counts, is_low_evidence
from jobcareer.explanation import (
    HIGHLIGHT_MIN_WEIGHT,
    HIGHLIGHT_SHARE,
    Contribution,
    Explanation,
    Phrase,
    SentenceScore,
)
from jobcareer.phrase_rules import answer_phrases
from jobcareer.phrase_segments import SIGNIFICANT_SHARE, PhraseSegments
from jobcareer.phrase_spans import batch_phrase_spans, negation_cue_of

if TYPE_CHECKING:
    from jobcareer.analysis import Analysis
    from jobcareer.features import OccurrenceTable

__all__ = [
    "HIGHLIGHT_MIN_WEIGHT",
    "HIGHLIGHT_SHARE",
    "SIGNIFICANT_SHARE",
    "BatchPhrases",
    "Contribution",
    "ExplainedBatch",
    "Explanation",
    "Phrase",
    "SentenceScore",
    "contribution_weights",
    "evidence_counts",
    "explain_batch",
    "find_phrases",
    "is_low_evidence",
    "token_weights",
]


def contribution_weights(table: OccurrenceTable, coef: np.ndarray) -> np.ndarray:
    """Each active feature's contribution to the career logit: coefficient x value."""
    return coef[table.columns] * table.values


def token_weights(
    weight: np.ndarray, occurrence_entry: np.ndarray, tokens: np.ndarray, token_start: np.ndarray, n_tokens: int
) -> np.ndarray:
    """Each token's share of the career logit.

    Parameters
    ----------
    weight : ndarray of float
        Each active feature's contribution.
    occurrence_entry : ndarray of int
        The feature of each occurrence (occurrences grouped by feature, in text order).
    tokens, token_start : ndarray of int
        The tokens of every occurrence, concatenated, and where each occurrence's start.
    n_tokens : int
        Tokens in the batch.

    Returns
    -------
    ndarray of float
        A feature's weight split evenly over its occurrences, each occurrence's share evenly
        over its tokens, summed per token.
    """
    n_occurrences = np.bincount(occurrence_entry, minlength=len(weight))
    length = token_start[1:] - token_start[:-1]
    share = weight[occurrence_entry] / n_occurrences[occurrence_entry] / length
    return np.bincount(tokens, weights=share.repeat(length), minlength=n_tokens)


class BatchPhrases:
    """The phrases of a batch of answers: character spans and exact weights.

    Attributes
    ----------
    start, end : list of int
        Each phrase's character span in its answer.
    weight : list of float
        Each phrase's weight: the exactly rounded sum of its tokens' weights.
    answer_phrases : list of int
        Where each answer's phrases start, then the phrase count.
    """

    def __init__(self, start: list[int], end: list[int], weight: list[float], answer_phrases: list[int]):
        self.start, self.end, self.weight, self.answer_phrases = start, end, weight, answer_phrases

    def of(self, k: int, text: str, logit: float, calibration: tuple[float, float]) -> tuple[Phrase, ...]:
        """Answer ``k``'s :class:`Phrase` objects, in text order.

        ``text`` is the answer and ``logit`` its career logit (for each phrase's
        ``score_without``).
        """
        a, b = self.answer_phrases[k], self.answer_phrases[k + 1]
        weights = self.weight[a:b]
        without = calibrated_each([logit - w for w in weights], calibration)
        return Phrase.from_columns(text, self.start[a:b], self.end[a:b], weights, without)


def find_phrases(
    texts: Sequence[str],
    bounds: np.ndarray,
    token_weight: np.ndarray,
    *,
    sent_start: np.ndarray,
    is_punct: np.ndarray,
    negated: np.ndarray,
    is_negation_cue: np.ndarray,
    idx: np.ndarray,
    end: np.ndarray,
) -> BatchPhrases:
    """Every answer's phrases, from its token weights (step 4 of the module docstring).

    Parameters
    ----------
    texts : sequence of str
        The answers.
    bounds : ndarray of int
        Where each answer's tokens start, then the token count.
    token_weight : ndarray of float
        Each token's share of the career logit (:func:`token_weights`).
    sent_start, is_punct, negated, is_negation_cue : ndarray of bool
        Per token: starts a sentence, is punctuation, is in a negation scope, is a
        negation cue.
    idx, end : ndarray of int
        Per token: character start and end within its answer.
    """
    if len(texts) == 1:  # one answer: the rules in plain Python cost less than array passes
        start, stop, weight = answer_phrases(
            texts[0], token_weight.tolist(), sent_start=sent_start.tolist(), is_punct=is_punct.tolist(),
            negated=negated.tolist(), is_negation_cue=is_negation_cue.tolist(), idx=idx.tolist(), end=end.tolist(),
        )
        return BatchPhrases(start, stop, weight, [0, len(start)])
    segments = PhraseSegments(bounds, sent_start, is_punct, token_weight)
    lo, hi, answer_runs = segments.runs()
    spans = batch_phrase_spans(
        texts, lo, hi, answer_runs, segments.weighted, idx, end, negation_cue_of(bounds, negated, is_negation_cue)
    )
    return BatchPhrases(spans.start.tolist(), spans.end.tolist(), _run_sums(segments.values, spans.lo, spans.hi),
                        spans.answer_phrases.tolist())


def _run_sums(values: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> list[float]:
    """``math.fsum(values[lo[r]:hi[r]])`` for every run ``r`` (one or two values: plain
    addition, which rounds exactly as ``fsum`` does)."""
    length = hi - lo
    pairs = values[lo] + np.where(length > 1, values[np.minimum(lo + 1, len(values) - 1)], 0.0)
    sums = np.where(length == 1, values[lo], pairs).tolist()
    if (length > 2).any():
        listed = values.tolist()
        for r in np.flatnonzero(length > 2).tolist():
            sums[r] = math.fsum(listed[lo[r] : hi[r]])
    return sums


class ExplainedBatch:
    """The arrays of a batch's explanations, from which each view builds its parts.

    Made by :func:`explain_batch`; every :class:`Explanation` of the batch keeps it and
    reads its contributions, phrases and sentences from it when first asked
    (:class:`~jobcareer.explanation.ExplanationParts`). It holds plain arrays and lists,
    not the batch's Docs.
    """

    def __init__(
        self,
        texts: list[str],
        logits: list[float],
        calibration: tuple[float, float],
        phrases: BatchPhrases,
        contributions: tuple[OccurrenceTable, np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray]],
        sentences: tuple[list[int], list[int], list[int], list[float], list[float]],
    ):
        self.texts, self.logits, self.calibration, self.batch_phrases = texts, logits, calibration, phrases
        self._table, self._weight, self._first_occurrence, self._occurrence_offsets = contributions
        self._contribution_columns: tuple[list[int], list[str], list[float], list[float], list[int]] | None = None
        self._spans: list[tuple[tuple[int, int], ...]] = []
        (self._sentence_bounds, self._sentence_start, self._sentence_end, self._sentence_weight,
         self._sentence_score) = sentences

    def phrases(self, index: int) -> tuple[Phrase, ...]:
        """Answer ``index``'s phrases, in text order."""
        return self.batch_phrases.of(index, self.texts[index], self.logits[index], self.calibration)

    def sentences(self, index: int) -> tuple[SentenceScore, ...]:
        """Answer ``index``'s sentences, each scored on its own with the bias."""
        text = self.texts[index]
        a, b = self._sentence_bounds[index], self._sentence_bounds[index + 1]
        return tuple(
            SentenceScore(text[start:stop], start, stop, weight, score, label_of(score))
            for start, stop, weight, score in zip(
                self._sentence_start[a:b], self._sentence_end[a:b], self._sentence_weight[a:b],
                self._sentence_score[a:b],
            )
        )

    def contributions(self, index: int) -> tuple[Contribution, ...]:
        """Answer ``index``'s contributions, strongest first."""
        row_start, names, values, weights, order = self._contributions_in_order()
        a, b = row_start[index], row_start[index + 1]
        spans = self._spans
        return tuple(map(Contribution, names[a:b], values[a:b], weights[a:b], [spans[e] for e in order[a:b]]))

    def _contributions_in_order(self) -> tuple[list[int], list[str], list[float], list[float], list[int]]:
        """Every contribution of the batch, answer by answer, strongest first (then by
        name: columns are in name order); and each feature's spans (made on first need)."""
        if self._contribution_columns is None:
            table, weight = self._table, self._weight
            order = np.lexsort((table.columns, -np.abs(weight), table.entry_row))
            self._contribution_columns = (
                table.row_start.tolist(), table.entry_name[order].tolist(), table.values[order].tolist(),
                weight[order].tolist(), order.tolist(),
            )
            pairs = list(zip(*(offsets.tolist() for offsets in self._occurrence_offsets)))
            bounds = self._first_occurrence.tolist()
            self._spans = [tuple(pairs[lo:hi]) for lo, hi in itertools.pairwise(bounds)]
        return self._contribution_columns


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

    The bookkeeping (weights per occurrence and token, spans, evidence, phrases) is done
    with array operations over the whole batch (the module docstring's steps); each
    explanation is a view that builds its contributions, phrases and sentences when they
    are first read. An answer's explanation does not depend on the other answers of its
    batch.

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

    Returns
    -------
    list of Explanation
        One per answer, in order.
    """
    texts = [analysis.text(k) for k in range(len(analysis))] if texts is None else list(texts)
    weight = contribution_weights(table, coef)
    bounds = analysis.bounds
    token_weight = token_weights(weight, table.occurrence_entry, table.tokens, table.token_start, int(bounds[-1]))
    idx, end = analysis.char_offsets()
    evidence, cue_counts = evidence_counts(analysis, table)
    low = is_low_evidence(evidence, min_evidence, cues=cue_counts, min_uncued_evidence=min_uncued_evidence)
    n_occurrences = np.bincount(table.occurrence_entry, minlength=len(weight))
    first_occurrence = np.concatenate([[0], np.cumsum(n_occurrences)])  # feature e's: first[e]:first[e + 1]
    has_occurrence = n_occurrences > 0
    unattributed = np.bincount(table.entry_row, weights=np.where(has_occurrence, 0.0, weight), minlength=len(texts))
    phrases = find_phrases(
        texts, bounds, token_weight,
        sent_start=analysis.sent_start, is_punct=analysis.is_punct, negated=analysis.negated,
        is_negation_cue=analysis.is_negation_cue, idx=idx, end=end,
    )
    sentences = _sentence_scores(bounds, analysis.sent_start, token_weight, idx, end, bias, calibration)
    row_start = table.row_start.tolist()
    weights = weight.tolist()
    logits = [bias + math.fsum(weights[a:b]) for a, b in itertools.pairwise(row_start)]
    contributions = (table, weight, first_occurrence, _occurrence_offsets(table, idx, end))
    batch = ExplainedBatch(texts, logits, calibration, phrases, contributions, sentences)
    view = Explanation.view
    return [
        view(batch, k, text=text, label=label_of(score), score=score, logit=logit, bias=bias,
             unattributed=unattributed_k, evidence=evidence_k, low_evidence=low_k, calibration=calibration)
        for k, (text, logit, score, unattributed_k, evidence_k, low_k) in enumerate(
            zip(texts, logits, [calibrated(logit, calibration) for logit in logits], unattributed.tolist(),
                evidence.tolist(), low.tolist())
        )
    ]


def _occurrence_offsets(table: OccurrenceTable, idx: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Character start and end of every feature occurrence (its first and last token's)."""
    return idx[table.tokens[table.token_start[:-1]]], end[table.tokens[table.token_start[1:] - 1]]


def _sentence_scores(
    bounds: np.ndarray,
    sent_start: np.ndarray,
    token_weight: np.ndarray,
    idx: np.ndarray,
    end: np.ndarray,
    bias: float,
    calibration: tuple[float, float],
) -> tuple[list[int], list[int], list[int], list[float], list[float]]:
    """Step 5: per sentence of the batch, its span, weight and score on its own; and
    where each answer's sentences start."""
    first = np.flatnonzero(sent_start)
    weight = np.add.reduceat(token_weight, first) if len(first) else token_weight[:0]
    last = np.append(first[1:], len(token_weight)) - 1
    return (
        np.searchsorted(first, bounds).tolist(),
        idx[first].tolist(),
        end[last].tolist(),
        weight.tolist(),
        calibrated(bias + weight, calibration).tolist(),
    )
