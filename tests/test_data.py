"""Specification of labeled-data reading (jobcareer/data.py) and of the corpus itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jobcareer.data import DataFileError, iter_rows, read_labeled

ROOT = Path(__file__).resolve().parent.parent


def test_the_corpus_meets_every_datasheet_requirement():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_data.py"), "--quiet"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_check_fails_on_a_corpus_that_breaks_the_rules(tmp_path):
    broken = tmp_path / "answers.jsonl"
    broken.write_text('{"id": "x", "text": "hi", "label": "maybe"}\n')
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_data.py"), str(broken), "--quiet"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "missing fields" in result.stdout


def test_reads_jsonl_with_extra_columns(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "I need rent", "label": "job", "style": "short"}\n\n'
                    '{"text": "I want to learn", "label": "career", "style": "written"}\n')
    data = read_labeled(path)
    assert data.texts == ["I need rent", "I want to learn"]
    assert data.labels == ["job", "career"]
    assert data.columns["style"] == ["short", "written"]


def test_reads_csv_and_filters_a_split(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("text,label,split\nI need rent,job,train\nI want to learn,career,test\n")
    assert read_labeled(path, split="test").texts == ["I want to learn"]


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ('{"text": "a", "label": "job"}\n{broken\n', ".jsonl", "line 2 is not valid JSON"),
        ('{"text": "a"}\n', ".jsonl", "row 1 has no 'label' field"),
        ('{"text": "  ", "label": "job"}\n', ".jsonl", "row 1 has an empty"),
        ('{"text": "a", "label": "maybe"}\n', ".jsonl", "row 1 has label 'maybe'"),
        ("text,label\n", ".csv", "no labeled rows"),
        ("a", ".xlsx", "unsupported file type"),
    ],
)
def test_bad_files_name_the_problem_and_the_row(tmp_path, content, suffix, message):
    path = tmp_path / f"bad{suffix}"
    path.write_text(content)
    with pytest.raises(DataFileError, match=message):
        read_labeled(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DataFileError, match="no such file"):
        list(iter_rows(tmp_path / "nope.jsonl"))
