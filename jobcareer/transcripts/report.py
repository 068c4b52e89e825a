"""Explaining every answer of an interview, and an overall profile of the answers.

The profile describes the answers, never the person: the share of answering time that
reads career-oriented, the most job-leaning answer, and the answers with too little
evidence for a verdict (no orientation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jobcareer.transcripts.pairing import Answer, pair_answers
from jobcareer.transcripts.readers import TranscriptError, Turn, read
from jobcareer.validation import MAX_CHARS

if TYPE_CHECKING:
    from jobcareer.explain import Explanation
    from jobcareer.model import JobCareerClassifier

__all__ = ["AnswerExplanation", "TranscriptExplanation", "TranscriptProfile", "explain_transcript"]


@dataclass(frozen=True, slots=True)
class AnswerExplanation:
    """One answer and its explanation."""

    answer: Answer
    explanation: Explanation

    def time_span(self) -> str:
        """``"mm:ss-mm:ss"``, or ``"line N"`` when the transcript has no times."""
        a = self.answer
        if a.start is None or a.end is None:
            return f"line {a.line}"
        return f"{_clock(a.start)}-{_clock(a.end)}"


@dataclass(frozen=True, slots=True)
class TranscriptProfile:
    """An overview of an interview's answers.

    Attributes
    ----------
    n_answers : int
        Answers found.
    basis : str
        ``"seconds"`` when the shares are of answering time, ``"words"`` when the
        transcript has no times and they are of words instead.
    total : float
        Answering time in seconds (or words).
    career_share : float
        Share of ``total`` in answers that read career-oriented (low-evidence answers
        count as neither).
    job_share : float
        The same for job-oriented answers.
    most_job_leaning : int or None
        Index of the answer with the lowest P(career) among those with enough evidence.
    most_career_leaning : int or None
        The same for the highest P(career).
    without_orientation : tuple of int
        Indices of low-evidence answers.
    """

    n_answers: int
    basis: str
    total: float
    career_share: float
    job_share: float
    most_job_leaning: int | None
    most_career_leaning: int | None
    without_orientation: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class TranscriptExplanation:
    """Every answer of an interview explained, and the profile."""

    source: str
    candidate: str | None
    answers: tuple[AnswerExplanation, ...]
    profile: TranscriptProfile


def _clock(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{rest:02d}" if hours else f"{minutes:02d}:{rest:02d}"


def _profile(items: Sequence[AnswerExplanation]) -> TranscriptProfile:
    timed = bool(items) and all(i.answer.duration is not None for i in items)
    size = [(i.answer.duration if timed else i.answer.n_words) or 0.0 for i in items]
    total = float(sum(size))
    career = sum(s for s, i in zip(size, items) if not i.explanation.low_evidence and i.explanation.label == "career")
    job = sum(s for s, i in zip(size, items) if not i.explanation.low_evidence and i.explanation.label == "job")
    oriented = [i for i in items if not i.explanation.low_evidence]
    return TranscriptProfile(
        n_answers=len(items),
        basis="seconds" if timed else "words",
        total=total,
        career_share=career / total if total else 0.0,
        job_share=job / total if total else 0.0,
        most_job_leaning=min(oriented, key=lambda i: i.explanation.score).answer.index if oriented else None,
        most_career_leaning=max(oriented, key=lambda i: i.explanation.score).answer.index if oriented else None,
        without_orientation=tuple(i.answer.index for i in items if i.explanation.low_evidence),
    )


def explain_transcript(
    clf: JobCareerClassifier,
    source: str | Path | Sequence[Turn] | Sequence[Answer],
    candidate: str | None = None,
) -> TranscriptExplanation:
    """Explain every answer of an interview transcript.

    Parameters
    ----------
    clf : JobCareerClassifier
        A fitted classifier (also available as ``clf.explain_transcript(source)``).
    source : path, list of Turn or list of Answer
        A transcript file (see :func:`jobcareer.transcripts.read`), its turns, or answers
        already paired.
    candidate : str, optional
        The candidate's name; inferred if omitted (see :func:`pair_answers`).

    Returns
    -------
    TranscriptExplanation
        Each answer with its :class:`~jobcareer.Explanation`, and the profile.
    """
    name = "<turns>"
    if isinstance(source, str | Path):
        name = str(source)
        source = read(source)
    items = list(source)
    answers: list[Answer]
    if items and all(isinstance(i, Answer) for i in items):
        answers = [i for i in items if isinstance(i, Answer)]
    elif all(isinstance(i, Turn) for i in items):
        answers = pair_answers([i for i in items if isinstance(i, Turn)], candidate)
    else:
        raise TypeError("source must be a transcript path, a list of Turn or a list of Answer")
    for a in answers:
        if len(a.text) > MAX_CHARS:
            raise TranscriptError(
                f"{name}:{a.line}: answer {a.index + 1} has {len(a.text):,} characters; the limit is "
                f"{MAX_CHARS:,}. Check the speaker names: one speaker seems to say everything."
            )
    explanations = clf.explain_many([a.text for a in answers])
    pairs = tuple(AnswerExplanation(a, e) for a, e in zip(answers, explanations))
    who = answers[0].speaker
    return TranscriptExplanation(name, who, pairs, _profile(pairs))
