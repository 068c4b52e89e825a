"""Reading answers for ``jobcareer classify`` (jobcareer/cli/inputs.py): row numbers, bad rows,
``--skip-invalid``, and inputs that used to crash."""

from __future__ import annotations

import json

import pytest
from cli_runner import CAREER, JOB, assert_one_line_error, jobcareer_cmd

from jobcareer.cli.errors import CLIError
from jobcareer.cli.inputs import MAX_LISTED_SKIPS, Row, RowFilter, Source, answer_row
from jobcareer.data import RowError
from jobcareer.validation import MAX_CHARS


def test_skip_invalid_skips_bad_rows_and_reports_them_with_their_row_numbers(model, tmp_path):
    source = tmp_path / "answers.jsonl"
    source.write_text(
        "\n".join([
            json.dumps({"id": 1, "text": JOB}),
            '{"id": 2, "text": ',
            json.dumps({"id": 3, "text": "  "}),
            json.dumps({"id": 4, "text": CAREER}),
            json.dumps({"id": 5}),
        ]) + "\n",
        encoding="utf-8",
    )
    result = jobcareer_cmd("classify", "--input", source, "--format", "jsonl", "--skip-invalid", "--model", model)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1, 4]
    assert result.stderr == (
        "jobcareer: skipped 3 rows: line 2 (malformed JSON), line 3 (empty answer), "
        "line 5 (no 'text' field)\n"
    )


def test_skip_invalid_skips_csv_rows_the_reader_rejects_and_reports_them_by_data_row(model, tmp_path):
    source = tmp_path / "answers.csv"
    too_big_for_csv = "x" * 1_000_001  # the CLI lets the csv module read fields up to 10 * MAX_CHARS
    source.write_text(
        f'id,text\n1,"{JOB}"\n2\n3,"{CAREER}",extra\n4,{too_big_for_csv}\n5,"{CAREER}"\n', encoding="utf-8"
    )
    result = jobcareer_cmd("classify", "--input", source, "--format", "jsonl", "--skip-invalid", "--model", model)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["1", "5"]
    assert result.stderr == (
        "jobcareer: skipped 3 rows: row 2 (wrong number of fields), row 3 (wrong number of fields), "
        "row 4 (malformed CSV)\n"
    )


def test_unreadable_json_rows_are_skipped_with_skip_invalid(model, tmp_path):
    source = tmp_path / "answers.jsonl"
    source.write_text("[" * 100_000 + "\n" + json.dumps({"text": CAREER}) + "\n", encoding="utf-8")
    result = jobcareer_cmd("classify", "-i", source, "--skip-invalid", "--format", "jsonl", "--model", model)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == [CAREER]
    assert "line 1 (unreadable JSON)" in result.stderr


def test_a_lone_carriage_return_does_not_split_an_answer(model, tmp_path):
    source = tmp_path / "answers.txt"
    source.write_bytes(f"{JOB}\r{CAREER}\r\n{CAREER}\n".encode())
    result = jobcareer_cmd("classify", "-i", source, "--format", "jsonl", "--model", model)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == [f"{JOB}\r{CAREER}", CAREER]


def test_a_lone_surrogate_is_scored_and_written_as_an_escape(model, tmp_path):
    source = tmp_path / "answers.jsonl"
    source.write_text('{"text": "I want \\ud800 to grow into a lead"}\n', encoding="utf-8")
    result = jobcareer_cmd("classify", "-i", source, "--format", "jsonl", "--model", model)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["text"] == "I want \ud800 to grow into a lead"


def test_a_huge_quoted_csv_cell_with_newlines_is_one_skipped_row(model, tmp_path):
    source = tmp_path / "answers.csv"
    cell = ("I need the pay.\n" * 70_000)  # over the reader's 1,000,000-character field limit
    source.write_text(f'id,text\n1,"{JOB}"\n2,"{cell}"\n3,"{CAREER}"\n', encoding="utf-8")
    result = jobcareer_cmd("classify", "-i", source, "--skip-invalid", "--format", "jsonl", "--model", model)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["1", "3"]
    assert "skipped 1 row: row 2 (malformed CSV)" in result.stderr


def test_a_csv_header_that_repeats_a_column_is_refused(model, tmp_path):
    source = tmp_path / "answers.csv"
    source.write_text(f"text,text\n{JOB},{CAREER}\n", encoding="utf-8")
    result = jobcareer_cmd("classify", "-i", source, "--model", model)
    assert_one_line_error(result, 1, "repeats the column name 'text'")


def test_a_line_that_is_not_utf8_is_named_with_its_file_offset(model, tmp_path):
    source = tmp_path / "answers.txt"
    lines = [f"{JOB} number {i}\n".encode() for i in range(3000)]  # past any decoder chunk
    source.write_bytes(b"".join(lines) + b"I want \xff to grow\n")
    offset = sum(map(len, lines)) + len(b"I want ")
    result = jobcareer_cmd("classify", "-i", source, "--format", "jsonl", "-o", tmp_path / "out.jsonl",
                           "--model", model)
    assert_one_line_error(result, 1, "line 3001 is not UTF-8 text", f"at byte {offset:,} of the file")


# -- one row-error type: jobcareer.data.RowError ---------------------------------------------------
def test_a_row_without_a_usable_answer_is_the_data_modules_row_error():
    assert answer_row(3, {"text": "  "}, "text", "line") == RowError(3, "empty answer", "", "line 3: empty answer")
    assert answer_row(2, {"answer": "x"}, "text", "row") == RowError(
        2, "no 'text' field", "fields: answer", "row 2: no 'text' field (fields: answer)"
    )
    assert answer_row(1, {"text": 7}, "text", "item").reason == "answer is not text"
    too_long = answer_row(1, {"text": "a" * (MAX_CHARS + 1)}, "text", "answer")
    assert isinstance(too_long, RowError) and too_long.reason == "answer too long"
    assert answer_row(4, {"text": JOB, "id": 9}, "text", "line") == Row(4, {"text": JOB, "id": 9}, JOB)


def test_the_row_filter_stops_at_a_bad_row_naming_the_source_and_row():
    rows = [Row(1, {"text": JOB}, JOB), RowError(2, "malformed JSON", "Expecting value", "line 2 ...")]
    with pytest.raises(CLIError, match=r"^in\.jsonl: line 2: malformed JSON \(Expecting value\); fix it or pass"):
        list(RowFilter(Source("in.jsonl", "line"), skip_invalid=False)(rows))


def test_the_row_filter_skips_bad_rows_and_lists_them():
    bad = [RowError(n, "empty answer", "", f"row {n}: empty answer") for n in range(2, 2 + MAX_LISTED_SKIPS + 3)]
    row_filter = RowFilter(Source("in.csv", "row"), skip_invalid=True)
    assert [row.number for row in row_filter([Row(1, {"text": JOB}, JOB), *bad])] == [1]
    report = row_filter.report()
    assert report.startswith(f"skipped {len(bad)} rows: row 2 (empty answer), row 3 (empty answer)")
    assert report.endswith(", and 3 more")
    assert RowFilter(Source("in.csv", "row"), skip_invalid=True).report() is None
