"""Specification of reading transcripts (jobcareer/transcripts/readers.py).

The fixtures in tests/data/transcripts/ were written for these tests: one mock interview
(Morgan interviews Priya) in every format, messy files, and files with one known error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jobcareer.transcripts import TranscriptError, Turn, parse, read

DATA = Path(__file__).parent / "data" / "transcripts"
FORMATS = ["interview.vtt", "interview.srt", "interview.txt", "interview.json"]


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_gives_the_same_turns(name):
    turns = read(DATA / name)
    reference = read(DATA / "interview.vtt")
    assert [t.text for t in turns] == [t.text for t in reference]
    assert len(turns) == 15
    assert turns[1].text == "Honestly the hours fit my kids' school run, and the depot is ten minutes from my flat."
    # the same speakers (JSON uses diarisation labels instead of names)
    mapping = dict(zip([t.speaker for t in turns], [t.speaker for t in reference]))
    assert len(mapping) == 2 and [mapping[t.speaker] for t in turns] == [t.speaker for t in reference]


@pytest.mark.parametrize("name", ["interview.vtt", "interview.srt", "interview.json"])
def test_timed_formats_keep_times_in_seconds_and_file_lines(name):
    turns = read(DATA / name)
    assert (turns[1].start, turns[1].end) == (5.0, 11.2)
    assert all(t.line >= 1 for t in turns)


def test_line_of_each_turn_points_at_its_cue():
    lines = (DATA / "interview.vtt").read_text().split("\n")
    for turn in read(DATA / "interview.vtt"):
        assert "-->" in lines[turn.line - 1]
    lines = (DATA / "interview.txt").read_text().split("\n")
    for turn in read(DATA / "interview.txt"):
        assert lines[turn.line - 1].endswith(turn.text)


def test_plain_text_has_no_times():
    assert all(t.start is None and t.end is None for t in read(DATA / "interview.txt"))


def test_messy_webvtt_bom_crlf_prefixes_order_empty_and_missing_speakers():
    raw = (DATA / "messy.vtt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # the fixture really is messy
    turns = read(DATA / "messy.vtt")
    assert [t.start for t in turns] == sorted(t.start for t in turns)  # out-of-order cues sorted
    assert all(t.text for t in turns)  # the empty cue is dropped
    assert [t.speaker for t in turns] == ["Dana", "Sam", "Sam", "Dana", "Lee", "Lee", "Sam"]
    # the cue without a speaker continues Sam's turn, not Dana's overlapping "Mm-hm."
    assert turns[2].text == "you know i just need the paycheck right now"
    assert turns[5].text == "And long term, what are you aiming for?"  # <i> tag removed


def test_messy_subrip_sorted_before_speakers_are_inherited():
    turns = read(DATA / "messy.srt")
    assert [t.speaker for t in turns] == ["Dana", "Sam", "Sam", "Dana", "Sam"]
    assert turns[2].text == "and in five years I'd like to lead a team."


def test_messy_plain_text_continuation_lines_join_the_turn():
    turns = read(DATA / "messy.txt")
    assert turns[1].speaker == "Candidate"
    assert turns[1].text.endswith("which helps with my mum's appointments")
    assert "\r" not in turns[1].text


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_timing.vtt", r"bad_timing.vtt:6: malformed cue timing '00:00:04.000 -> 00:00:06.000'"),
        ("no_header.vtt", r"no_header.vtt:1: a WebVTT file must start with 'WEBVTT'"),
        ("bad.srt", r"bad.srt:6: not a SubRip cue at '00:00:03,000 -> 00:00:04,000'"),
        ("bad.json", r"bad.json:3: invalid JSON \(Expecting ',' delimiter"),
        ("no_text.json", r"no_text.json: segment 2: missing 'text'"),
        ("no_speaker.txt", r"no_speaker.txt:2: expected 'Name: what they said'"),
    ],
)
def test_a_bad_file_gets_one_line_naming_the_line(name, message):
    with pytest.raises(TranscriptError, match=message) as info:
        read(DATA / name)
    assert "\n" not in str(info.value)


def test_unknown_extension_and_format_are_refused(tmp_path):
    path = tmp_path / "talk.docx"
    path.write_text("x")
    with pytest.raises(TranscriptError, match=r"unknown transcript extension '.docx'"):
        read(path)
    with pytest.raises(ValueError, match="format must be one of"):
        parse("A: hi", "pdf")


def test_a_transcript_of_empty_cues_has_no_speech():
    with pytest.raises(TranscriptError, match="no speech"):
        parse("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n", "vtt")


def test_a_cue_ending_before_it_starts_is_an_error():
    with pytest.raises(TranscriptError, match=r"<transcript>:3: the cue ends before it starts"):
        parse("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nA: hi\n", "vtt")
    with pytest.raises(TranscriptError, match="segment 1: ends"):
        parse('[{"start": 3, "end": 1, "text": "hi"}]', "json")


def test_json_needs_numbers_for_times():
    with pytest.raises(TranscriptError, match="'start' must be a number of seconds, got '0:01'"):
        parse('{"segments": [{"start": "0:01", "text": "hi"}]}', "json")


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(b"A: hello\nB: caf\xe9\n")
    with pytest.raises(TranscriptError, match=r"t.txt:2: not UTF-8"):
        read(path)


def test_speaker_prefixes_are_names_not_any_colon():
    turns = parse("Ana Lopez: So here's the thing: I need the pay.\nthe rest: of it\n", "text")
    assert turns == [Turn("Ana Lopez", "So here's the thing: I need the pay. the rest: of it", None, None, 1)]


def test_without_the_optional_parsers_the_error_says_what_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "webvtt", None)  # as if webvtt-py were not installed
    expected = r'needs the \'webvtt-py\' package: pip install "jobcareer\[transcripts\]"'
    with pytest.raises(TranscriptError, match=expected):
        read(DATA / "interview.vtt")
    assert read(DATA / "interview.txt")  # plain text needs nothing more
