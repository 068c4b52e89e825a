"""The items an explanation lists: feature contributions, phrases and sentence scores.

Frozen dataclasses of plain values (see :class:`jobcareer.explanation.Explanation`, which
holds them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

from jobcareer.features import FUNCTION_WORDS

__all__ = ["Contribution", "Phrase", "SentenceScore"]

_WORDS = re.compile(r"[^\W_]+")
#: what is left of a contraction split at its apostrophe ("I'm", "don't", "we'll")
_CONTRACTION_PARTS = frozenset({"m", "s", "d", "ll", "re", "ve", "t"})


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

    @classmethod
    def from_columns(
        cls,
        text: str,
        starts: Sequence[int],
        ends: Sequence[int],
        weights: Sequence[float],
        scores_without: Sequence[float],
    ) -> tuple[Phrase, ...]:
        """The phrases of ``text`` given as parallel columns, in their order.

        Each phrase's ``label`` is ``"career"`` when its weight is positive, else
        ``"job"``. Equal to calling the constructor for each, about twice as fast (the
        fields are set directly, as the frozen constructor would set them): explanations
        build a dozen phrases each when read.
        """
        new = object.__new__
        set_text, set_start, set_end, set_weight, set_label, set_without = _PHRASE_FIELD_SETTERS
        out = []
        for start, end, weight, without in zip(starts, ends, weights, scores_without):
            phrase = new(cls)
            set_text(phrase, text[start:end])
            set_start(phrase, start)
            set_end(phrase, end)
            set_weight(phrase, weight)
            set_label(phrase, "career" if weight > 0 else "job")
            set_without(phrase, without)
            out.append(phrase)
        return tuple(out)

    @property
    def is_function_words(self) -> bool:
        """Whether the phrase is only function words ("on", "the", "I was"): part of the
        arithmetic, but never named as a reason (not highlighted, not a top phrase)."""
        words = _WORDS.findall(self.text.casefold())
        return all(w in FUNCTION_WORDS or w in _CONTRACTION_PARTS for w in words)


#: How :meth:`Phrase.from_columns` sets each field of a new phrase (its slots' setters).
_PHRASE_FIELD_SETTERS = tuple(Phrase.__dict__[f.name].__set__ for f in fields(Phrase))


@dataclass(frozen=True, slots=True)
class SentenceScore:
    """One sentence of the answer scored on its own.

    Attributes
    ----------
    text, start, end
        As for :class:`Phrase`: the sentence's text and its offsets into the answer.
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
