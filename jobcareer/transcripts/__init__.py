"""Interview transcripts: read them, pair questions with answers, explain every answer.

>>> from jobcareer import transcripts
>>> turns = transcripts.read("interview.vtt")                 # doctest: +SKIP
>>> answers = transcripts.pair_answers(turns)                 # doctest: +SKIP
>>> report = clf.explain_transcript("interview.vtt")          # doctest: +SKIP
>>> report.profile.career_share                               # doctest: +SKIP

Reading WebVTT and SubRip needs the optional dependencies ``pip install "jobcareer[transcripts]"``
(``webvtt-py`` and ``srt``); plain text and JSON need nothing more.
"""

from jobcareer.transcripts.pairing import Answer, Segment, infer_candidate, is_backchannel, pair_answers
from jobcareer.transcripts.readers import FORMATS, TranscriptError, Turn, parse, read
from jobcareer.transcripts.report import (
    AnswerExplanation,
    TranscriptExplanation,
    TranscriptProfile,
    explain_transcript,
)

__all__ = [
    "FORMATS",
    "Answer",
    "AnswerExplanation",
    "Segment",
    "TranscriptError",
    "TranscriptExplanation",
    "TranscriptProfile",
    "Turn",
    "explain_transcript",
    "infer_candidate",
    "is_backchannel",
    "pair_answers",
    "parse",
    "read",
]
