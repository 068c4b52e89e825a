"""Specification of pairing questions with answers (jobcareer/transcripts/pairing.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobcareer.transcripts import TranscriptError, Turn, infer_candidate, is_backchannel, pair_answers, read

DATA = Path(__file__).parent / "data" / "transcripts"


def turn(speaker, text, start=None, end=None, line=1):
    return Turn(speaker, text, start, end, line)


def test_the_candidate_is_inferred_as_the_one_who_does_not_ask():
    assert infer_candidate(read(DATA / "interview.vtt")) == "Priya"
    assert infer_candidate(read(DATA / "interview.json")) == "SPEAKER_01"
    assert infer_candidate(read(DATA / "messy.vtt")) == "Sam"  # a panel of two interviewers


def test_each_answer_keeps_its_question_time_span_and_segments():
    answers = pair_answers(read(DATA / "interview.vtt"))
    assert len(answers) == 5
    first = answers[0]
    assert first.question == "Thanks for coming in. What made you apply for this role?"
    assert first.interviewer == "Morgan" and first.speaker == "Priya"
    # Morgan's overlapping "Mm-hm." does not split the answer: two turns joined
    assert first.text == (
        "Honestly the hours fit my kids' school run, and the depot is ten minutes from my flat. "
        "I need something steady for now, and the pay is a bit better than where I am."
    )
    assert (first.start, first.end, first.duration) == (5.0, 16.0, 11.0)
    for answer in answers:
        for segment in answer.segments:
            assert answer.text[segment.start : segment.end].strip() == answer.text[segment.start : segment.end]
    assert [s.time_start for s in first.segments] == [5.0, 11.5]
    assert first.text[first.segments[1].start :].startswith("I need something steady")
    assert first.time_at(first.text.index("steady")) == 11.5


def test_backchannel_inside_an_answer_does_not_split_it_but_a_real_question_does():
    answers = pair_answers(read(DATA / "interview.vtt"))
    assert answers[3].question == "Right. And why leave your current job?"
    assert answers[3].text.endswith("I want to master this craft with people who have done it for years.")  # "I see."
    assert answers[4].question == "Do you have any questions for us?"


def test_consecutive_turns_of_the_candidate_are_joined():
    answers = pair_answers(read(DATA / "interview.srt"))
    assert answers[1].text.startswith("I want to grow into leading a team. I'd like to learn")
    assert len(answers[1].segments) == 2


def test_named_candidate_any_case_and_unknown_names_are_refused():
    turns = read(DATA / "interview.txt")
    assert pair_answers(turns, candidate="priya")[0].speaker == "Priya"
    interviewer_view = pair_answers(turns, candidate="Morgan")
    assert interviewer_view[0].question is None  # Morgan speaks first: an answer with no question
    with pytest.raises(TranscriptError, match="'Alex' does not speak in this transcript; speakers: Morgan, Priya"):
        pair_answers(turns, candidate="Alex")


def test_short_crosstalk_over_an_answer_is_not_a_question():
    turns = [
        turn("I", "Why this job?", 0, 2),
        turn("C", "The hours fit my life and", 2, 6),
        turn("I", "sounds good", 5, 5.5),  # spoken over the answer
        turn("C", "it's close to home.", 6, 8),
        turn("I", "What next?", 9, 10),
        turn("C", "I want to lead a team.", 10, 12),
    ]
    answers = pair_answers(turns, candidate="C")
    assert [a.text for a in answers] == ["The hours fit my life and it's close to home.", "I want to lead a team."]


def test_an_interviewer_turn_after_the_answer_starts_a_new_question_even_if_short():
    turns = [turn("I", "Why?", 0, 1), turn("C", "The pay.", 1, 2)]
    turns += [turn("I", "Long term?", 3, 4), turn("C", "Lead.", 4, 5)]
    assert [a.question for a in pair_answers(turns)] == ["Why?", "Long term?"]


def test_questions_before_an_answer_are_joined():
    turns = [turn("I", "Thanks for coming."), turn("J", "Why us?"), turn("C", "The mission matters to me.")]
    (answer,) = pair_answers(turns, candidate="C")
    assert answer.question == "Thanks for coming. Why us?" and answer.interviewer == "J"
    assert answer.start is None and answer.duration is None


def test_nobody_named_cannot_be_paired():
    with pytest.raises(TranscriptError, match="no speaker is named"):
        pair_answers([turn(None, "hello")])


@pytest.mark.parametrize("text", ["Mm-hm.", "Right, okay.", "uh-huh", "I see. Great.", "Yeah, yeah!"])
def test_backchannel_turns(text):
    assert is_backchannel(text)


@pytest.mark.parametrize("text", ["Right. And why leave?", "Okay, tell me more", "", "Great question, why?"])
def test_turns_that_say_something(text):
    assert not is_backchannel(text)
