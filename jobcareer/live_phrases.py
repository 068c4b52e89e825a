"""The phrases of a live answer, keeping those of its finished sentences between updates.

A phrase never crosses a sentence start, and the parts a live answer keeps (runs of
finished sentences, then the unfinished tail; see :mod:`jobcareer.live`) meet at plain
cuts (sentence-final punctuation, one space): so the phrases of each part can be found
apart. Which tokens of a part form a phrase, and the phrase's span, depend only on the
part's text and analysis (unchanged while the part is kept) and on which of its tokens
carry weight, which way, and whether strongly (at least
:data:`~jobcareer.phrase_segments.SIGNIFICANT_SHARE` of the answer's strongest token):
while those stay the same, a part's runs and spans are kept, so an update finds again
only those of the unfinished sentence (and of a sentence just finished). The phrases'
weights are always summed from the current token weights.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
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
        #: per part of the answer (by id): the part, its tokens' weight code, its weighted
        #: tokens (from the part's first token), runs and spans
        self._kept: dict[int, tuple[Any, bytes, list[int], list[tuple[int, int]], list[tuple[int, int]]]] = {}

    def phrases(
        self,
        text: str,
        tokens: dict[str, np.ndarray],
        parts: Sequence[Any],
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
        parts : sequence
            The parts the answer's tokens are in, in order, each ending where a sentence
            starts (the finished sentences' parts stay the same objects while they stay
            finished); each has ``n_tokens``.
        token_weight : ndarray of float
            Every token's share of the career logit, ``logit`` the answer's logit, and
            ``calibration`` the model's.
        """
        magnitude = np.abs(token_weight)
        strongest = float(magnitude.max()) if len(token_weight) else 0.0
        code = ((token_weight > 0) + 2 * (token_weight < 0) + 4 * (magnitude >= SIGNIFICANT_SHARE * strongest))
        code = code.astype(np.uint8)
        kept: dict[int, tuple[Any, bytes, list[int], list[tuple[int, int]], list[tuple[int, int]]]] = {}
        weighted: list[int] = []
        runs: list[tuple[int, int]] = []
        spans: list[tuple[int, int]] = []
        lo = 0
        for part in parts:
            hi = lo + part.n_tokens
            key = code[lo:hi].tobytes()
            found = self._kept.get(id(part))
            if found is None or found[0] is not part or found[1] != key:
                found = (part, key, *self._find(text, tokens, lo, hi, token_weight, strongest))
            kept[id(part)] = found
            shift = len(weighted)
            weighted += [t + lo for t in found[2]]
            runs += [(a + shift, b + shift) for a, b in found[3]]
            spans += found[4]
            lo = hi
        self._kept = kept
        values = token_weight[weighted].tolist()
        weights = [values[a] if b - a == 1 else math.fsum(values[a:b]) for a, b in runs]
        without = calibrated_each([logit - w for w in weights], calibration)
        return Phrase.from_columns(text, [s for s, _ in spans], [e for _, e in spans], weights, without)

    @staticmethod
    def _find(
        text: str, tokens: dict[str, np.ndarray], lo: int, hi: int, token_weight: np.ndarray, strongest: float
    ) -> tuple[list[int], list[tuple[int, int]], list[tuple[int, int]]]:
        """The weighted tokens (counted from ``lo``), runs and spans of the tokens ``lo:hi``."""
        if lo == hi:
            return [], [], []
        sent_start, is_punct, negated, is_cue, idx, end = (tokens[f][lo:hi].tolist() for f in _FIELDS)
        weighted, _, runs = answer_runs(token_weight[lo:hi].tolist(), sent_start, is_punct, strongest)
        runs, spans = answer_spans(text, runs, weighted, idx, end, negation_cues(negated, is_cue))
        return weighted, runs, spans
