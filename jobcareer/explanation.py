"""What an explanation is: the result users see, and reading it back from a dict.

:class:`Explanation` holds the verdict on one answer and why: every active feature's
exact :class:`Contribution`, the :class:`Phrase` objects of the text that push the verdict
one way, and a :class:`SentenceScore` per sentence (those three are in
:mod:`jobcareer.explanation_items`). How they are computed from a batch of
answers is :mod:`jobcareer.explain`; how they are shown is :mod:`jobcareer.render` (free
functions over this data, which :meth:`Explanation.to_html` and friends call).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Protocol

from jobcareer import render
from jobcareer.decision import CLASSES, calibrated
from jobcareer.explanation_items import Contribution, Phrase, SentenceScore

__all__ = [
    "HIGHLIGHT_MIN_WEIGHT",
    "HIGHLIGHT_SHARE",
    "Contribution",
    "Explanation",
    "ExplanationParts",
    "Phrase",
    "SentenceScore",
    "from_dict",
]

#: Phrases of at least this share of the strongest phrase's weight are highlighted by the
#: renderings and may be named by the summary (:attr:`Explanation.highlighted`).
HIGHLIGHT_SHARE = 0.25

#: On the weaker side of an answer, phrases of at least this weight (log-odds) and at least
#: ``HIGHLIGHT_SHARE`` of that side's strongest phrase are highlighted too.
HIGHLIGHT_MIN_WEIGHT = 0.5

#: The fields of an :class:`Explanation` view built when first read.
_PARTS = frozenset({"contributions", "phrases", "sentences"})


class _ViewSlots:
    """Where an :class:`Explanation` made as a view keeps its batch and its place in it."""

    __slots__ = ("_index", "_parts")


@dataclass(frozen=True, slots=True)
class Explanation(_ViewSlots):
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

    Notes
    -----
    The explanations of a batch (:meth:`JobCareerClassifier.explain_many`) are views over
    the batch's arrays, as spaCy's ``Doc`` and ``Token`` are: ``contributions``,
    ``phrases`` and ``sentences`` are built the first time they are read (then kept), so
    reading a label and a score costs nothing more. Equality, hashing, ``repr``,
    :func:`dataclasses.replace`, pickling and copying read every field, and a pickled or
    copied explanation holds its values, not the batch.
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

    @classmethod
    def view(
        cls,
        parts: ExplanationParts,
        index: int,
        *,
        text: str,
        label: str,
        score: float,
        logit: float,
        bias: float,
        unattributed: float,
        evidence: int,
        low_evidence: bool,
        calibration: tuple[float, float],
    ) -> Explanation:
        """An explanation whose contributions, phrases and sentences ``parts`` builds
        for answer ``index`` when they are first read; the other fields are given."""
        self = object.__new__(cls)
        put = object.__setattr__
        put(self, "text", text)
        put(self, "label", label)
        put(self, "score", score)
        put(self, "logit", logit)
        put(self, "bias", bias)
        put(self, "unattributed", unattributed)
        put(self, "evidence", evidence)
        put(self, "low_evidence", low_evidence)
        put(self, "calibration", calibration)
        put(self, "_parts", parts)
        put(self, "_index", index)
        return self

    def __getattr__(self, name: str) -> Any:
        # called only for a field not set yet: one of a view's parts, built on first read
        if name in _PARTS:
            try:
                parts = object.__getattribute__(self, "_parts")
            except AttributeError:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}") from None
            value = getattr(parts, name)(object.__getattribute__(self, "_index"))
            object.__setattr__(self, name, value)
            return value
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        # the values, not the batch: a pickle or a copy is a plain explanation
        return (type(self), tuple(getattr(self, f.name) for f in fields(self)))

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
            for label in CLASSES
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
        if label is not None and label not in CLASSES:
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
        return calibrated(self.bias + weight, self.calibration)

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
        return render.to_dict(self)

    def to_html(self) -> str:
        """A self-contained, escaped HTML fragment with highlighted phrases."""
        return render.to_html(self)

    def to_text(self, color: bool | None = None) -> str:
        """Terminal rendering; colour when ``color`` is True (default: if stdout is a TTY)."""
        return render.to_text(self, color=color)

    def _repr_html_(self) -> str:
        return self.to_html()


class ExplanationParts(Protocol):
    """What builds the parts of :class:`Explanation` views (see :meth:`Explanation.view`)."""

    def contributions(self, index: int) -> tuple[Contribution, ...]:
        """Answer ``index``'s contributions, strongest first."""
        ...

    def phrases(self, index: int) -> tuple[Phrase, ...]:
        """Answer ``index``'s phrases, in text order."""
        ...

    def sentences(self, index: int) -> tuple[SentenceScore, ...]:
        """Answer ``index``'s sentence scores, in text order."""
        ...


def from_dict(data: dict[str, Any], calibration: tuple[float, float]) -> Explanation:
    """The :class:`Explanation` that :func:`jobcareer.render.to_dict` gave ``data``.

    Parameters
    ----------
    data : dict
        :func:`~jobcareer.render.to_dict` output (schema version
        :data:`~jobcareer.render.DICT_SCHEMA_VERSION`).
    calibration : tuple of float
        The model's ``(slope, offset)``, which the dict does not hold.

    Returns
    -------
    Explanation
        Equal to the explanation the dict was made from.
    """
    if data.get("schema") != render.DICT_SCHEMA_VERSION:
        raise ValueError(
            f"expected an explanation dict of schema {render.DICT_SCHEMA_VERSION}, got {data.get('schema')!r}"
        )
    return Explanation(
        text=data["text"],
        label=data["label"],
        score=data["score"],
        logit=data["logit"],
        bias=data["bias"],
        contributions=tuple(
            Contribution(c["feature"], c["value"], c["weight"], tuple(tuple(span) for span in c["spans"]))
            for c in data["contributions"]
        ),
        phrases=tuple(Phrase(**p) for p in data["phrases"]),
        sentences=tuple(SentenceScore(**s) for s in data["sentences"]),
        unattributed=data["unattributed"],
        evidence=data["evidence"],
        low_evidence=data["low_evidence"],
        calibration=(float(calibration[0]), float(calibration[1])),
    )
