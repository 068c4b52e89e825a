"""Specification of explaining a whole interview (jobcareer/transcripts/report.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobcareer.transcripts import Turn, explain_transcript, pair_answers, read

DATA = Path(__file__).parent / "data" / "transcripts"
JOB = "The hours fit my kids' school run, and it's close to home."
CAREER = "I want to master this craft and grow into leading a team in five years."


def interview() -> list[Turn]:
    return [
        Turn("Kim", "Why do you want this job?", 0.0, 2.0, 1),
        Turn("Jo", JOB, 2.0, 12.0, 2),
        Turn("Kim", "Where do you see yourself later?", 12.0, 14.0, 3),
        Turn("Jo", CAREER, 14.0, 44.0, 4),
        Turn("Kim", "What's your favourite colour?", 44.0, 45.0, 5),
        Turn("Jo", "Blue.", 45.0, 46.0, 6),
    ]


def test_each_answer_is_explained_as_explain_would(bundled_model):
    report = bundled_model.explain_transcript(interview())
    assert [a.answer.text for a in report.answers] == [JOB, CAREER, "Blue."]
    for item in report.answers:
        assert item.explanation == bundled_model.explain(item.answer.text)
    assert report.candidate == "Jo"
    assert [a.explanation.label for a in report.answers[:2]] == ["job", "career"]


def test_the_profile_measures_answering_time_by_label(bundled_model):
    report = bundled_model.explain_transcript(interview())
    p = report.profile
    assert p.basis == "seconds" and p.total == 10.0 + 30.0 + 1.0
    durations = {"career": 0.0, "job": 0.0}
    for item in report.answers:
        if not item.explanation.low_evidence:
            durations[item.explanation.label] += item.answer.duration
    assert p.career_share == pytest.approx(durations["career"] / p.total)
    assert p.job_share == pytest.approx(durations["job"] / p.total)
    assert p.career_share > 0.5  # the long answer is the career one
    assert p.most_job_leaning == 0 and p.most_career_leaning == 1
    assert 2 in p.without_orientation  # "Blue." has no orientation
    assert p.without_orientation == tuple(a.answer.index for a in report.answers if a.explanation.low_evidence)


def test_without_times_the_profile_counts_words(bundled_model):
    turns = [Turn(t.speaker, t.text, None, None, t.line) for t in interview()]
    p = bundled_model.explain_transcript(turns).profile
    assert p.basis == "words" and p.total == len(JOB.split()) + len(CAREER.split()) + 1


def test_sources_path_turns_and_answers_agree(bundled_model):
    path = DATA / "interview.srt"
    from_path = explain_transcript(bundled_model, path)
    from_turns = explain_transcript(bundled_model, read(path))
    from_answers = explain_transcript(bundled_model, pair_answers(read(path)))
    assert from_path.answers == from_turns.answers == from_answers.answers
    assert from_path.source == str(path)


def test_sources_that_are_not_transcripts_are_refused(bundled_model):
    from jobcareer.transcripts import TranscriptError

    with pytest.raises(TranscriptError, match="no speaker is named"):
        explain_transcript(bundled_model, [])
    with pytest.raises(TypeError, match="source must be"):
        explain_transcript(bundled_model, ["just a string"])  # type: ignore[list-item]


def test_an_answer_longer_than_the_limit_is_one_clear_error(bundled_model):
    from jobcareer.transcripts import TranscriptError
    from jobcareer.validation import MAX_CHARS

    words = "I need the pay. " * (MAX_CHARS // 16 + 1)
    turns = [Turn("Kim", "Why?", None, None, 1), Turn("Jo", words, None, None, 2)]
    with pytest.raises(TranscriptError, match=r"<turns>:2: answer 1 has [\d,]+ characters; the limit is"):
        explain_transcript(bundled_model, turns)
