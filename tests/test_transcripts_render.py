"""Specification of the transcript report renderings (jobcareer/transcripts/render.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from jobcareer.transcripts import Turn, explain_transcript, render

DATA = Path(__file__).parent / "data" / "transcripts"


@pytest.fixture(scope="module")
def report(bundled_model):
    return explain_transcript(bundled_model, DATA / "interview.vtt")


def test_text_has_one_row_per_answer_and_the_profile(report):
    text = render.to_text(report)
    rows = [line for line in text.splitlines() if re.match(r"^\s+\d+  ", line)]
    assert len(rows) == len(report.answers) == 5
    assert "00:05-00:16" in rows[0]
    assert "Share of answering time that reads career-oriented:" in text
    assert f"{round(100 * report.profile.career_share)} %" in text


def test_json_holds_every_answer_with_its_explanation(report):
    data = json.loads(render.to_json(report))
    assert data["candidate"] == "Priya"
    assert data["profile"]["career_share"] == pytest.approx(report.profile.career_share)
    assert [a["explanation"]["score"] for a in data["answers"]] == [a.explanation.score for a in report.answers]
    first = data["answers"][0]
    assert first["question"].startswith("Thanks for coming in") and first["start"] == 5.0
    assert [s["time_start"] for s in first["segments"]] == [5.0, 11.5]


def test_csv_has_one_row_per_answer(report):
    rows = list(csv.DictReader(io.StringIO(render.to_csv(report))))
    assert list(rows[0]) == list(render.CSV_COLUMNS)
    assert [r["label"] for r in rows] == [a.explanation.label for a in report.answers]
    assert rows[1]["text"] == report.answers[1].answer.text
    assert rows[0]["low_evidence"] in ("true", "false")


def test_html_is_one_self_contained_page_with_each_answer_highlighted(report):
    page = render.to_html_report(report)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and "src=" not in page and "http" not in page
    for item in report.answers:
        assert f'id="answer-{item.answer.index + 1}"' in page
    assert page.count("<mark") >= sum(len(a.explanation.highlighted) for a in report.answers)
    assert "not for hiring decisions" in page


def test_html_escapes_transcript_text(bundled_model):
    turns = [Turn("<b>Kim</b>", "Why <script>alert(1)</script>?", None, None, 1),
             Turn("Jo", "I need the pay & the hours <now>.", None, None, 2)]
    page = render.to_html_report(explain_transcript(bundled_model, turns, candidate="Jo"))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;Kim&lt;/b&gt;" in page and "&lt;now&gt;" in page
