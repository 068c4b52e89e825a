"""The phrases of a live answer, keeping those of its finished sentences between updates.

A phrase never crosses a sentence start, and the live answer's finished sentences end at a
plain cut (sentence-final punctuation, one space; see :mod:`jobcareer.live`): so the
phrases of the finished sentences and of the unfinished one can be found apart. Which
tokens of a finished sentence form a phrase, and the phrase's span, depend only on its
text and analysis (unchanged while it stays finished) and on which tokens carry weight,
which way, and whether strongly (at least
:data:`~jobcareer.phrase_segments.SIGNIFICANT_SHARE` of the answer's strongest token):
while those stay the same, the finished sentences' runs and spans are kept, and only
the unfinished sentence's are found again. The phrases' weights are always summed from
the current token weights.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from jobcareer.decision import calibrated_each
from jobcareer.explanation_items import Phrase
from jobcareer.phrase_rules import answer_runs, answer_spans, negation_cues
from jobcareer.phrase_segments import SIGNIFICANT_SHARE

__all__ = ["LivePhrases"]

_FIELDS = ("sent_start", "is_punct", "negated", "is_negation_cue", "idx", "end")


class LivePhrases:
    """The phrases of one live answer, with the runs and spans of its finished sentences kept."""

    def __init__(self) -> None:
        self._frozen: Any = None  # the finished sentences' part the kept runs belong to
        self._key = b""  # which of its tokens carried weight, which way, how strongly
        self._weighted: list[int] = []
        self._runs: list[tuple[int, int]] = []
        self._spans: list[tuple[int, int]] = []

    def phrases(
        self,
        text: str,
        tokens: dict[str, np.ndarray],
        frozen: Any,
        n_frozen: int,
        token_weight: np.ndarray,
        logit: float,
        calibration: tuple[float, float],
    ) -> tuple[Phrase, ...]:
        """The answer's phrases, equal to ``clf.explain(text).phrases``.

        Parameters
        ----------
        text : str
            The answer so far.
        tokens : dict of str to ndarray
            Its tokens' ``sent_start``, ``is_punct``, ``negated``, ``is_negation_cue``,
            ``idx`` and ``end``.
        frozen : object
            What holds the finished sentences (the same object while they stay finished).
        n_frozen : int
            How many of the tokens are theirs.
        token_weight : ndarray of float
            Every token's share of the career logit, ``logit`` the answer's logit, and
            ``calibration`` the model's.
        """
        strongest = float(np.abs(token_weight).max()) if len(token_weight) else 0.0
        head = token_weight[:n_frozen]
        key = np.concatenate([head > 0, head < 0, np.abs(head) >= SIGNIFICANT_SHARE * strongest]).tobytes()
        if frozen is not self._frozen or key != self._key:
            self._frozen, self._key = frozen, key
            self._weighted, self._runs, self._spans = self._find(text, tokens, 0, n_frozen, token_weight, strongest)
        weighted, runs, spans = self._find(text, tokens, n_frozen, len(token_weight), token_weight, strongest)
        shift = len(self._weighted)
        weighted = self._weighted + weighted
        runs = self._runs + [(a + shift, b + shift) for a, b in runs]
        spans = self._spans + spans
        values = token_weight[weighted].tolist()
        weights = [values[a] if b - a == 1 else math.fsum(values[a:b]) for a, b in runs]
        without = calibrated_each([logit - w for w in weights], calibration)
        return Phrase.from_columns(text, [s for s, _ in spans], [e for _, e in spans], weights, without)

    @staticmethod
    def _find(
        text: str, tokens: dict[str, np.ndarray], lo: int, hi: int, token_weight: np.ndarray, strongest: float
    ) -> tuple[list[int], list[tuple[int, int]], list[tuple[int, int]]]:
        """The weighted tokens (from ``lo``), runs and spans of the tokens ``lo:hi``."""
        if lo == hi:
            return [], [], []
        sent_start, is_punct, negated, is_cue, idx, end = (tokens[f][lo:hi].tolist() for f in _FIELDS)
        weighted, _, runs = answer_runs(token_weight[lo:hi].tolist(), sent_start, is_punct, strongest)
        runs, spans = answer_spans(text, runs, weighted, idx, end, negation_cues(negated, is_cue))
        return [t + lo for t in weighted], runs, spans
