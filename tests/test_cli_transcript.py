"""Specification of ``jobcareer transcript`` (jobcareer/cli/transcript.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jobcareer.cli import main

DATA = Path(__file__).parent / "data" / "transcripts"


@pytest.fixture(scope="module")
def model(tiny_model_dir) -> str:
    return str(tiny_model_dir)


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("jobcareer: error: "), err
    return lines[0]


@pytest.mark.parametrize("name", ["interview.vtt", "interview.srt", "interview.txt", "interview.json"])
def test_every_format_gives_a_table_of_the_five_answers(model, name, capsys):
    assert main(["transcript", str(DATA / name), "--model", model]) == 0
    out = capsys.readouterr().out
    assert "question" in out and "top phrases" in out
    assert "5 answers by" in out


def test_json_output_with_a_named_candidate(model, capsys):
    assert main(["transcript", str(DATA / "messy.vtt"), "--candidate", "sam", "--format", "json",
                 "--model", model]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["candidate"] == "Sam" and len(data["answers"]) == 2


def test_html_and_csv_are_written_to_the_output_file(model, tmp_path, capsys):
    page = tmp_path / "report.html"
    assert main(["transcript", str(DATA / "interview.srt"), "--format", "html", "-o", str(page), "--model", model]) == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    table = tmp_path / "answers.csv"
    assert main(["transcript", str(DATA / "interview.srt"), "--format", "csv", "-o", str(table), "--model", model]) == 0
    assert len(table.read_text(encoding="utf-8").splitlines()) == 6
    assert capsys.readouterr().out == ""


def test_a_bad_transcript_is_one_line_naming_the_line_exit_1(model, capsys):
    assert main(["transcript", str(DATA / "bad_timing.vtt"), "--model", model]) == 1
    assert "bad_timing.vtt:6: malformed cue timing" in one_error_line(capsys)


def test_an_unknown_candidate_is_bad_data(model, capsys):
    assert main(["transcript", str(DATA / "interview.txt"), "--candidate", "Alex", "--model", model]) == 1
    assert "'Alex' does not speak in this transcript; speakers: Morgan, Priya" in one_error_line(capsys)


def test_a_missing_file_is_a_usage_error(capsys, tmp_path):
    assert main(["transcript", str(tmp_path / "nope.vtt")]) == 2
    assert "nope.vtt: no such transcript file" in one_error_line(capsys)


def test_the_installed_command_runs_it():
    result = subprocess.run(
        [sys.executable, "-m", "jobcareer", "transcript", str(DATA / "interview.txt"), "--format", "csv"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("answer,question,start,end")
