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
#: What is found of a part or of the finished sentences: the tokens of each phrase (answer
#: positions, phrase after phrase), each phrase's token count, and each one's span (start
#: and end).
_Found = tuple[list[int], list[int], list[int], list[int]]


class LivePhrases:
    """The phrases of one live answer, with those of its finished sentences kept."""

    def __init__(self) -> None:
        self._parts: list[Any] = []  # the finished sentences' parts whose phrases are kept
        self._found: list[_Found] = []  # what was found of each
        self._starts: list[int] = []  # the first token of each
        self._code = np.zeros(0, dtype=np.int64)  # their tokens' weight code when found
        self._joined: _Found = ([], [], [], [])  # all of them, concatenated
        self._joined_tokens = np.zeros(0, dtype=np.int64)  # their phrases' tokens, as an array
        #: the unfinished sentence at the last update: its first token, the text, its tokens'
        #: fields and weight code, and its phrases (a sentence finished since is among them)
        self._last_tail: tuple[int, str, dict[str, np.ndarray], np.ndarray, _Found] | None = None

    def phrases(
        self,
        text: str,
        frozen_parts: Sequence[Any],
        tail: Any,
        token_weight: np.ndarray,
        logit: float,
        calibration: tuple[float, float],
    ) -> tuple[Phrase, ...]:
        """The answer's phrases, equal to ``clf.explain(text).phrases``.

        Parameters
        ----------
        text : str
            The answer so far.
        frozen_parts : sequence
            The finished sentences' parts, in order, each ending where a sentence
            starts (they stay the same objects while they stay finished).
        tail : object or None
            The part of the unfinished sentence. Each part has ``n_tokens`` and
            ``tokens``, the ``sent_start``, ``is_punct``, ``negated``,
            ``is_negation_cue``, ``idx`` and ``end`` of its tokens.
        token_weight : ndarray of float
            Every token's share of the career logit, ``logit`` the answer's logit, and
            ``calibration`` the model's.
        """
        magnitude = np.abs(token_weight)
        strongest = float(magnitude.max()) if len(token_weight) else 0.0
        code = ((token_weight > 0) + 2 * (token_weight < 0) + 4 * (magnitude >= SIGNIFICANT_SHARE * strongest))
        _, lengths, starts, ends = self._finished(text, frozen_parts, code, token_weight, strongest)
        values = token_weight[self._joined_tokens].tolist()
        n_frozen = len(self._code)
        if tail is not None and tail.n_tokens:
            more = _find(text, tail.tokens, token_weight[n_frozen:], strongest, n_frozen)
            self._last_tail = (n_frozen, text, tail.tokens, code[n_frozen:], more)
            values += token_weight[more[0]].tolist()
            lengths, starts, ends = lengths + more[1], starts + more[2], ends + more[3]
        fsum = math.fsum
        weights = []
        at = 0
        for n in lengths:
            weights.append(values[at] if n == 1 else fsum(values[at : at + n]))
            at += n
        without = calibrated_each([logit - w for w in weights], calibration)
        return Phrase.from_columns(text, starts, ends, weights, without)

    def _finished(
        self, text: str, parts: Sequence[Any], code: np.ndarray, token_weight: np.ndarray, strongest: float
    ) -> _Found:
        """The phrases of the finished sentences' ``parts``: those kept from the last update
        for the same parts whose tokens' weight code is the same, the others found again."""
        kept = 0
        for old, new in zip(self._parts, parts):
            if old is not new:
                break
            kept += 1
        rebuild = kept < len(self._parts)
        if rebuild:  # a revision reached back into finished sentences
            self._code = self._code[: self._starts[kept]]
            del self._parts[kept:], self._found[kept:], self._starts[kept:]
        n_kept = len(self._code)
        differ = (code[:n_kept] != self._code).nonzero()[0]
        if len(differ):
            rebuild = True
            for k in sorted(set((np.searchsorted(self._starts, differ, side="right") - 1).tolist())):
                lo = self._starts[k]
                self._found[k] = _find(text, self._parts[k].tokens, token_weight[lo : lo + self._parts[k].n_tokens],
                                       strongest, lo)
        lo = n_kept
        for part in parts[kept:]:
            hi = lo + part.n_tokens
            found = self._from_last_tail(text, part, lo, code[lo:hi])
            if found is None:
                found = _find(text, part.tokens, token_weight[lo:hi], strongest, lo)
            self._parts.append(part)
            self._starts.append(lo)
            self._found.append(found)
            lo = hi
        if rebuild:
            self._joined = ([], [], [], [])
            added = self._found
        else:  # the same parts and codes, perhaps sentences finished since: add theirs
            added = self._found[kept:]
        if rebuild or added:
            self._code = code[:lo].copy()
            tokens: list[int] = []
            for found in added:
                tokens += found[0]
                for joined, more in zip(self._joined[1:], found[1:]):
                    joined += more
            self._joined[0].extend(tokens)
            self._joined_tokens = np.concatenate([self._joined_tokens[: len(self._joined[0]) - len(tokens)],
                                                  np.array(tokens, dtype=np.int64)])
        return self._joined

    def _from_last_tail(self, text: str, part: Any, lo: int, code: np.ndarray) -> _Found | None:
        """The phrases of a newly finished ``part`` (first token: the answer's ``lo``) read
        from the last update's unfinished sentence, if the part was its start and its text,
        tokens and weight code are the same (None otherwise). No phrase crosses the
        sentence start at the part's end, so the sentence's phrases are the first ones."""
        last = self._last_tail
        n = part.n_tokens
        if last is None or last[0] != lo or len(last[3]) < n or not np.array_equal(last[3][:n], code):
            return None
        last_text, tokens = last[1], last[2]
        end = int(part.tokens["end"][-1])
        if last_text[:end] != text[:end] or not all(np.array_equal(tokens[f][:n], part.tokens[f]) for f in _FIELDS):
            return None
        phrase_tokens, lengths, starts, ends = last[4]
        k = at = 0
        while k < len(lengths) and phrase_tokens[at] < lo + n:
            at += lengths[k]
            k += 1
        return phrase_tokens[:at], lengths[:k], starts[:k], ends[:k]


def _find(text: str, tokens: dict[str, np.ndarray], token_weight: np.ndarray, strongest: float, lo: int) -> _Found:
    """The phrases of a part whose first token is the answer's token ``lo``."""
    if not len(token_weight):
        return [], [], [], []
    sent_start, is_punct, negated, is_cue, idx, end = (tokens[f].tolist() for f in _FIELDS)
    weighted, _, runs = answer_runs(token_weight.tolist(), sent_start, is_punct, strongest)
    runs, spans = answer_spans(text, runs, weighted, idx, end, negation_cues(negated, is_cue))
    return ([weighted[i] + lo for a, b in runs for i in range(a, b)], [b - a for a, b in runs],
            [start for start, _ in spans], [end for _, end in spans])
