"""Where the phrases of a batch of answers lie, from its token weights, with array operations.

A phrase is built from the *weighted* tokens of an answer (those whose weight is not 0),
in text order, in three steps, all done here for a whole batch at once:

1. **segments**: within a clause (bounded by sentence starts and punctuation), consecutive
   weighted tokens of the same direction form a segment; tokens of weight 0 (fillers,
   unknown words) neither join nor break one. A token is *strong* when its weight is at
   least ``SIGNIFICANT_SHARE`` of the strongest token weight of its answer, and a segment
   is strong when it holds a strong token.
2. **runs**: a weak segment after a strong one (or after a segment bridged onto a strong
   one), and before another segment of the same clause, is *bridged*: the three become one
   run, and the bridging goes on two segments at a time.
3. **trimming**: weak tokens at either end of a run with strong tokens are split off as
   runs of their own.

Positions index ``weighted``, the batch's weighted tokens in order, so a run ``(a, b)``
is the tokens ``weighted[a:b]``. :mod:`jobcareer.phrase_spans` turns runs into character
spans on word boundaries.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SIGNIFICANT_SHARE", "PhraseSegments"]

#: Tokens whose weight is below this share of the strongest token's weight do not start
#: or extend a phrase of their own direction; they form weak phrases of their own.
SIGNIFICANT_SHARE = 0.15


def _last_at_or_before_same_parity(marked: np.ndarray) -> np.ndarray:
    """For each position ``i``: the largest ``j <= i`` with ``j % 2 == i % 2`` and
    ``marked[j]``, or -1."""
    out = np.where(marked, np.arange(len(marked)), -1)
    for parity in (0, 1):
        out[parity::2] = np.maximum.accumulate(out[parity::2])
    return out


class PhraseSegments:
    """The phrase segments and runs of a batch of answers (see the module docstring).

    Parameters
    ----------
    bounds : ndarray of int
        Where each answer's tokens start, then the total token count.
    sent_start : ndarray of bool
        Whether each token starts a sentence (the first token of every answer does).
    is_punct : ndarray of bool
        Whether each token is punctuation (a clause boundary).
    token_weight : ndarray of float
        Each token's share of the career logit.

    Attributes
    ----------
    weighted : ndarray of int
        The tokens of weight other than 0, in order.
    values : ndarray of float
        Their weights.
    first : ndarray of int
        Where each segment starts among ``weighted``, then ``len(weighted)``.
    region : ndarray of int
        The clause of each segment.
    has_strong : ndarray of bool
        Whether each segment holds a strong token.
    next_strong, prev_strong : ndarray of int
        For each weighted position, the nearest strong one at or after it
        (``len(weighted)`` if none) and at or before it (-1 if none).
    answer_segments : ndarray of int
        Where each answer's segments start, then the segment count.
    """

    def __init__(self, bounds: np.ndarray, sent_start: np.ndarray, is_punct: np.ndarray, token_weight: np.ndarray):
        n_answers = len(bounds) - 1
        answer = np.repeat(np.arange(n_answers), np.diff(bounds))
        magnitude = np.abs(token_weight)
        strongest = np.zeros(n_answers)
        np.maximum.at(strongest, answer, magnitude)
        strong = magnitude >= SIGNIFICANT_SHARE * strongest[answer]
        region = np.cumsum(sent_start | is_punct)
        weighted = np.flatnonzero(token_weight != 0.0)
        self.weighted = weighted
        self.values = token_weight[weighted]
        positive = self.values > 0
        where = region[weighted]
        new = np.ones(len(weighted), dtype=bool)
        new[1:] = (where[1:] != where[:-1]) | (positive[1:] != positive[:-1])
        first = np.flatnonzero(new)
        self.first = np.append(first, len(weighted))
        self.region = where[first]
        is_strong = strong[weighted]
        self.has_strong = np.logical_or.reduceat(is_strong, first) if len(first) else is_strong
        index = np.arange(len(weighted))
        after = np.where(is_strong, index, len(weighted))
        self.next_strong = np.minimum.accumulate(after[::-1])[::-1]
        self.prev_strong = np.maximum.accumulate(np.where(is_strong, index, -1))
        self.answer_segments = np.searchsorted(weighted[first], bounds) if len(first) else np.zeros_like(bounds)

    def runs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every phrase run of the batch, in text order (steps 2 and 3 of the module docstring).

        Returns
        -------
        lo, hi : ndarray of int
            Run ``r`` is the weighted tokens ``weighted[lo[r]:hi[r]]``.
        answer_runs : ndarray of int
            Where each answer's runs start, then the run count.
        """
        n_segments = len(self.first) - 1
        n_answers = len(self.answer_segments) - 1
        if n_segments == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(n_answers + 1, dtype=np.int64)
        segment = np.arange(n_segments)
        answer = np.searchsorted(self.answer_segments, segment, side="right") - 1
        answer_end = self.answer_segments[answer + 1]
        region, has_strong = self.region, self.has_strong
        # bridge[i]: segment i + 1 is weak and i + 2 is in the same clause of the same answer
        bridge = np.zeros(n_segments, dtype=bool)
        bridge[:-2] = (segment[:-2] + 2 < answer_end[:-2]) & (region[2:] == region[:-2]) & ~has_strong[1:-1]
        # a run goes on from a strong segment, or from one reached by bridging, two
        # segments at a time while bridges hold: segment j + 1 is bridged into a run when
        # bridges hold at j, j - 2, ... back to a strong segment (which always leads a
        # chain, as a run's start or inside one)
        chain = bridge & (_last_at_or_before_same_parity(has_strong) > _last_at_or_before_same_parity(~bridge))
        bridged = np.zeros(n_segments, dtype=bool)
        bridged[1:] = chain[:-1]
        reached = np.zeros(n_segments, dtype=bool)
        reached[1:] = bridged[:-1]
        starts = np.flatnonzero(~(bridged | reached))
        lo = self.first[starts]
        hi = self.first[np.append(starts[1:], n_segments)]
        # weak tokens at either end of a run with strong tokens become runs of their own
        strong_lo = self.next_strong[lo]
        strong_hi = self.prev_strong[hi - 1] + 1
        whole = strong_lo >= hi
        strong_lo = np.where(whole, hi, strong_lo)
        strong_hi = np.where(whole, hi, strong_hi)
        pieces_lo = np.stack([lo, strong_lo, strong_hi], axis=1).ravel()
        pieces_hi = np.stack([np.where(whole, hi, strong_lo), strong_hi, hi], axis=1).ravel()
        keep = pieces_lo < pieces_hi
        run_answer = np.repeat(answer[starts], 3)[keep]
        answer_runs = np.searchsorted(run_answer, np.arange(n_answers + 1))
        return pieces_lo[keep], pieces_hi[keep], answer_runs
