"""Turning speaker turns into question/answer pairs.

The candidate is the speaker named by the caller or, if none is named, inferred: the
interviewer asks the questions, so the candidate is the speaker whose turns least often
end with a question mark (ties: the one who says most). Every other speaker is an
interviewer.

An answer is what the candidate says between two interviewer turns, joined across
consecutive turns. Interviewer back-channel does not end an answer: a turn made only of
listening noises ("mm-hm", "right", "okay, sure") or a short interjection of at most
three words spoken over the candidate (its time span overlaps the answer) and not asking
anything. The question of an answer is the interviewer speech since the previous answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jobcareer.transcripts.backchannel import BACKCHANNEL, is_backchannel
from jobcareer.transcripts.readers import TranscriptError, Turn

__all__ = ["BACKCHANNEL", "Answer", "Segment", "infer_candidate", "pair_answers"]

@dataclass(frozen=True, slots=True)
class Segment:
    """One transcript turn inside an answer.

    Attributes
    ----------
    start, end : int
        Character offsets of the turn in the answer's ``text``.
    time_start, time_end : float or None
        Its time span in seconds.
    line : int
        Where the turn starts in the file.
    """

    start: int
    end: int
    time_start: float | None
    time_end: float | None
    line: int


@dataclass(frozen=True, slots=True)
class Answer:
    """The candidate's answer to one question.

    Attributes
    ----------
    index : int
        Position among the interview's answers (from 0).
    question : str or None
        What the interviewer said before it (None for an answer before any question).
    interviewer : str or None
        Who asked (the last interviewer who spoke before the answer).
    speaker : str or None
        The candidate.
    text : str
        The answer: the candidate's turns joined by a space.
    start, end : float or None
        Time span in seconds (None without times).
    segments : tuple of Segment
        The turns it joins, with their offsets into ``text``.
    line : int
        Line of the file where it starts.
    """

    index: int
    question: str | None
    interviewer: str | None
    speaker: str | None
    text: str
    start: float | None
    end: float | None
    segments: tuple[Segment, ...]
    line: int

    @property
    def duration(self) -> float | None:
        """Seconds from the first to the last of its turns (None without times)."""
        if self.start is None or self.end is None:
            return None
        return max(0.0, self.end - self.start)

    @property
    def n_words(self) -> int:
        """Words in the answer."""
        return len(self.text.split())

    def time_at(self, offset: int) -> float | None:
        """The start time of the turn holding character ``offset`` of ``text``."""
        for segment in self.segments:
            if segment.start <= offset < segment.end + 1:
                return segment.time_start
        return None


def infer_candidate(turns: Sequence[Turn]) -> str | None:
    """The speaker who asks the fewest questions (ties: who says most); None if nobody is named."""
    stats: dict[str, list[int]] = {}
    for turn in turns:
        if turn.speaker is None:
            continue
        s = stats.setdefault(turn.speaker, [0, 0, 0])
        s[0] += 1
        s[1] += turn.text.rstrip().endswith("?")
        s[2] += len(turn.text.split())
    if not stats:
        return None
    return min(stats, key=lambda name: (stats[name][1] / stats[name][0], -stats[name][2]))


def _find_speaker(turns: Sequence[Turn], candidate: str) -> str:
    names = sorted({t.speaker for t in turns if t.speaker is not None})
    for name in names:
        if name.casefold() == candidate.strip().casefold():
            return name
    raise TranscriptError(
        f"candidate {candidate!r} does not speak in this transcript; speakers: {', '.join(names) or 'none named'}"
    )


def _overlaps(turn: Turn, start: float | None, end: float | None) -> bool:
    if turn.start is None or start is None or end is None:
        return False
    return turn.start < end


def pair_answers(turns: Sequence[Turn], candidate: str | None = None) -> list[Answer]:
    """Pair the candidate's answers with the questions before them.

    Parameters
    ----------
    turns : sequence of Turn
        From :func:`jobcareer.transcripts.read`.
    candidate : str, optional
        The candidate's name as the transcript gives it (any case); inferred if omitted.

    Returns
    -------
    list of Answer
        In order; each with its question, time span and segment offsets.

    Raises
    ------
    TranscriptError
        If the named candidate does not speak, or nobody is named and nobody can be inferred.
    """
    if candidate is not None:
        who = _find_speaker(turns, candidate)
    else:
        inferred = infer_candidate(turns)
        if inferred is None:
            raise TranscriptError("no speaker is named in this transcript; cannot tell the candidate's answers apart")
        who = inferred
    answers: list[Answer] = []
    question: list[str] = []
    asker: str | None = None
    current: list[Turn] = []

    def close() -> None:
        if not current:
            return
        segments, parts, at = [], [], 0
        for turn in current:
            segments.append(Segment(at, at + len(turn.text), turn.start, turn.end, turn.line))
            parts.append(turn.text)
            at += len(turn.text) + 1
        starts = [t.start for t in current if t.start is not None]
        ends = [t.end for t in current if t.end is not None]
        answers.append(
            Answer(
                index=len(answers),
                question=" ".join(question) or None,
                interviewer=asker,
                speaker=who,
                text=" ".join(parts),
                start=min(starts) if starts else None,
                end=max(ends) if ends else None,
                segments=tuple(segments),
                line=current[0].line,
            )
        )
        current.clear()
        question.clear()

    for turn in turns:
        if turn.speaker == who:
            current.append(turn)
            continue
        if current:
            span_end = max((t.end for t in current if t.end is not None), default=None)
            span_start = current[0].start
            short_overlap = (
                len(turn.text.split()) <= 3 and not turn.text.rstrip().endswith("?")
                and _overlaps(turn, span_start, span_end)
            )
            if is_backchannel(turn.text) or short_overlap:
                continue  # listening, not a new question
            close()
        elif is_backchannel(turn.text) and question:
            continue
        question.append(turn.text)
        asker = turn.speaker
    close()
    return answers
