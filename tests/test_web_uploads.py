"""Specification of what a request may carry and how uploads are read (jobcareer/web/uploads.py)."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")

from fastapi import HTTPException

from jobcareer.web.uploads import Limits, read_upload, safe_name, transcript_format, write_scored


def test_a_csv_upload_gives_its_header_and_rows():
    header, rows = read_upload(b"id,text\n1,I need the pay\n2,I want to grow\n", "csv", "text", Limits())
    assert header == ["id", "text"]
    assert [r["text"] for r in rows] == ["I need the pay", "I want to grow"]


@pytest.mark.parametrize(
    ("body", "fmt", "message"),
    [
        (b"\xff\xfe", "csv", "not UTF-8"),
        (b"id,answer\n1,hello\n", "csv", "no text in column 'text'"),
        (b'{"text": "   "}\n', "jsonl", "empty or blank"),
        (b"", "jsonl", "no answers"),
    ],
)
def test_a_bad_upload_is_refused_with_what_was_wrong(body, fmt, message):
    with pytest.raises(HTTPException) as err:
        read_upload(body, fmt, "text", Limits())
    assert err.value.status_code == 422 and message in err.value.detail


def test_too_many_answers_are_refused():
    body = "".join(f'{{"text": "answer {i}"}}\n' for i in range(4)).encode()
    with pytest.raises(HTTPException) as err:
        read_upload(body, "jsonl", "text", Limits(max_answers=3))
    assert "more than 3 answers" in err.value.detail


def test_scored_rows_are_written_back_in_the_uploaded_format():
    rows = [{"text": "a", "label": "job", "career_score": 0.2, "low_evidence": False}]
    written = write_scored(["text"], rows, "csv").splitlines()
    assert written == ["text,label,career_score,low_evidence", "a,job,0.2,False"]
    assert write_scored([], rows, "jsonl").count("\n") == 1


def test_the_transcript_format_comes_from_the_name_unless_given():
    assert transcript_format("interview.vtt", None) == "vtt"
    assert transcript_format("whatever.txt", "srt") == "srt"
    with pytest.raises(HTTPException, match=r"cannot tell the transcript's format"):
        transcript_format("notes.docx", None)


def test_a_file_name_stem_is_made_safe_for_a_header():
    assert safe_name('my "interview"\r\n') == "my_interview_"
    assert safe_name("") == "transcript"
