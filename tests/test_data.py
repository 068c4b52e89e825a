"""Specification of labeled-data reading (jobcareer/data.py) and of the corpus itself."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from jobcareer.data import DataFileError, RowError, csv_rows, iter_rows, jsonl_rows, read_labeled

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


def test_the_check_refuses_a_test_answer_with_a_training_answer_s_words(tmp_path):
    rows = [json.loads(line) for line in (ROOT / "data" / "answers.jsonl").read_text(encoding="utf-8").splitlines()]
    train = next(r for r in rows if r["split"] == "train" and r["style"] == "short")
    test = next(r for r in rows if r["split"] == "test" and r["label"] == train["label"] and r["style"] == "short")
    test["text"] = train["text"].upper() + "!"  # the same words, in another case and punctuation
    copy = tmp_path / "answers.jsonl"
    copy.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_data.py"), str(copy), "--quiet"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"test answer {test['id']} has the same words as a training answer" in result.stdout


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
        ('{"text": "a", "label": "job"}\n[1, 2]\n', ".jsonl", "line 2 is not a JSON object"),
        ("text,label\n", ".csv", "no labeled rows"),
        ("text,label\na,job\nb,career,extra\n", ".csv", r"row 2 has the wrong number of fields \(the header has 2\)"),
        ("text,label,style\na,job\n", ".csv", r"row 1 has the wrong number of fields \(the header has 3\)"),
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


# -- one reader for the library and the command line ---------------------------------------------
# jsonl_rows and csv_rows report a row they cannot read as a RowError and read on (the
# command line skips and lists such rows with --skip-invalid); iter_rows raises the first.
def test_a_bad_jsonl_line_is_reported_by_number_and_reading_goes_on():
    lines = io.StringIO('{"text": "a"}\n{"text" "x"}\n\n[1, 2]\n{"text": "b"}\n')
    assert list(jsonl_rows(lines)) == [
        (1, {"text": "a"}),
        RowError(2, "malformed JSON", "Expecting ':' delimiter at column 9",
                 "line 2 is not valid JSON (Expecting ':' delimiter)"),
        RowError(4, "not a JSON object", "got a list", "line 4 is not a JSON object"),
        (5, {"text": "b"}),
    ]


def test_the_library_yields_the_rows_before_a_malformed_line_then_raises_naming_it(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "a"}\n\n{"text": \n{"text": "b"}\n')
    rows = iter_rows(path)
    assert next(rows) == (1, {"text": "a"})
    with pytest.raises(DataFileError) as raised:
        next(rows)
    assert str(raised.value) == f"{path}: line 3 is not valid JSON (Expecting value)"


@pytest.fixture
def csv_field_limit_20():
    """The csv module rejects fields longer than 20 characters (restored afterwards)."""
    previous = csv.field_size_limit(20)
    yield
    csv.field_size_limit(previous)


def test_csv_rows_give_the_header_and_report_bad_rows_by_number_and_read_on(csv_field_limit_20):
    handle = io.StringIO('id,text\n1,short\n2,"' + "x" * 30 + '"\n3,a,b\n4\n5,ok\n', newline="")
    header, rows = csv_rows(handle)
    assert header == ["id", "text"]
    ragged = "wrong number of fields", "the header has 2"
    assert list(rows) == [
        (1, {"id": "1", "text": "short"}),
        RowError(2, "malformed CSV", "field larger than field limit (20)",
                 "row 2 is not valid CSV (field larger than field limit (20))"),
        RowError(3, *ragged, "row 3 has the wrong number of fields (the header has 2)"),
        RowError(4, *ragged, "row 4 has the wrong number of fields (the header has 2)"),
        (5, {"id": "5", "text": "ok"}),
    ]


def test_an_empty_csv_file_has_no_header_and_no_rows():
    header, rows = csv_rows(io.StringIO("", newline=""))
    assert header is None
    assert list(rows) == []


def test_the_library_raises_naming_a_csv_row_the_csv_module_rejects(tmp_path, csv_field_limit_20):
    path = tmp_path / "a.csv"
    path.write_text("text,label\nshort,job\n" + "x" * 30 + ",career\n")
    with pytest.raises(DataFileError, match=r"a\.csv: row 2 is not valid CSV \(field larger than field limit"):
        read_labeled(path)


@pytest.mark.parametrize(
    ("line", "detail"),
    [("[" * 100_000, "nested too deeply"), ('{"text": "a", "id": ' + "9" * 5000 + "}", "digits")],
)
def test_json_a_parser_cannot_hold_is_a_bad_row_not_a_crash(line, detail):
    (first, second) = jsonl_rows([line + "\n", '{"text": "fine"}\n'])
    assert isinstance(first, RowError) and first.reason == "unreadable JSON" and detail in first.detail
    assert second == (2, {"text": "fine"})


def test_a_lone_carriage_return_does_not_split_a_jsonl_row(tmp_path):
    path = tmp_path / "answers.jsonl"
    path.write_bytes(b'{"text": "I need the pay",\r "label": "job"}\r\n{"text": "I want to grow", "label": "career"}\n')
    assert read_labeled(path).texts == ["I need the pay", "I want to grow"]


def test_a_quoted_field_over_the_limit_with_newlines_is_one_bad_row_not_many(csv_field_limit_20):
    inside = "a line of the cell\n" * 50 + 'with "" quotes\n' + "x,y\n" * 20
    handle = io.StringIO(f'id,text\n1,short\n2,"{inside}"\n3,ok\n', newline="")
    _, rows = csv_rows(handle)
    rows = list(rows)
    assert [r if isinstance(r, tuple) else (r.number, r.reason) for r in rows] == [
        (1, {"id": "1", "text": "short"}),
        (2, "malformed CSV"),
        (3, {"id": "3", "text": "ok"}),
    ]


def test_a_header_that_repeats_a_column_name_is_refused(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("text,label,text\nI need the pay,job,I want to grow\n")
    with pytest.raises(DataFileError, match=r"a\.csv: the header repeats the column name 'text'"):
        read_labeled(path)


def test_the_blind_labeling_samples_are_the_agreement_script_s_reproducible_draws(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import agreement

    monkeypatch.setattr(agreement, "FOLDER", tmp_path)
    agreement.sample(range(1, 7), 400, "")
    agreement.sample(range(18, 33), 300, "round4")
    agreement.sample(range(33, 39), 150, "round5")

    def ids(path: Path) -> list[str]:
        return [line.split('"id": "')[1].split('"')[0] for line in path.read_text(encoding="utf-8").splitlines()]

    recorded = ROOT / "data" / "agreement"
    assert ids(tmp_path / "sample.jsonl") == ids(recorded / "sample.jsonl")  # the first round's 400, w1-w6
    for tag in ("round4", "round5"):
        assert (tmp_path / f"{tag}_sample.jsonl").read_text() == (recorded / f"{tag}_sample.jsonl").read_text()
