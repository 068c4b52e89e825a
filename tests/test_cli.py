"""The ``jobcareer`` command, run as a user runs it: ``python -m jobcareer ...`` in a subprocess.

Exit status: 0 success, 1 bad data, 2 bad command line; errors are one line on stderr,
``jobcareer: error: ...``, never a traceback.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest

import jobcareer

TINY_TRAIN = Path(__file__).parent / "data" / "tiny_train.jsonl"
JOB = "Honestly I need the paycheck, rent is due and my savings are gone."
CAREER = "In five years I want to lead a team and keep learning."
MIXED = "I need the money for rent. I want to grow into a lead."  # P(career) about 0.8
GIBBERISH = "asdf qwer zxcv"


def jobcareer_cmd(*args: str | Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``python -m jobcareer ARGS`` with ``stdin`` and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "jobcareer", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, *parts: str) -> None:
    """Exit status ``code`` and a single ``jobcareer: error:`` line containing ``parts``."""
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("jobcareer: error: ")
    for part in parts:
        assert part in lines[0]


@pytest.fixture(scope="module")
def model(tiny_model_dir) -> str:
    return str(tiny_model_dir)


@pytest.fixture(scope="module")
def clf(tiny_model_dir) -> jobcareer.JobCareerClassifier:
    return jobcareer.load(tiny_model_dir)


@pytest.fixture(scope="module")
def tiny_rows() -> list[dict]:
    return [json.loads(line) for line in TINY_TRAIN.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def split_file(tiny_rows, tmp_path_factory) -> Path:
    """The tiny set with a ``split`` column: every fourth answer is ``test``."""
    path = tmp_path_factory.mktemp("data") / "split.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i, row in enumerate(tiny_rows):
            handle.write(json.dumps({**row, "split": "test" if i % 4 == 0 else "train"}) + "\n")
    return path


# -- explain ----------------------------------------------------------------------------------
def test_explain_prints_the_text_rendering_without_colour_when_piped(model, clf):
    result = jobcareer_cmd("explain", MIXED, "--model", model)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == clf.explain(MIXED).to_text(color=False)
    assert result.stdout.startswith(("Reads as ", "Too little evidence"))
    assert "[+career: " in result.stdout or "[-job: " in result.stdout  # phrases are marked
    assert "\x1b[" not in result.stdout


def test_explain_reads_stdin_and_prints_the_explanation_dict_as_json(model, clf):
    result = jobcareer_cmd("explain", "-", "--format", "json", "--model", model, stdin=MIXED + "\n")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["text"] == MIXED
    assert out["score"] == pytest.approx(clf.predict_proba([MIXED])[0, 0], abs=1e-12)
    assert out == json.loads(json.dumps(clf.explain(MIXED).to_dict()))


def test_explain_writes_an_escaped_html_page_to_the_output_file(model, tmp_path):
    answer = "I want to grow into a lead <script>alert(1)</script> and keep learning."
    page = tmp_path / "explained.html"
    result = jobcareer_cmd("explain", answer, "--format", "html", "--output", page, "--model", model)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in html
    assert "<mark" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


# -- classify -----------------------------------------------------------------------------------
def test_classify_answers_given_as_arguments_prints_a_table(model, clf):
    result = jobcareer_cmd("classify", JOB, CAREER, "--model", model)
    assert result.returncode == 0, result.stderr
    header, *lines = result.stdout.splitlines()
    assert header.split() == ["label", "P(career)", "answer"]
    scores = clf.predict_proba([JOB, CAREER])[:, 0]
    for line, text, label, score in zip(lines, [JOB, CAREER], clf.predict([JOB, CAREER]), scores):
        assert line == f"{label:<8}{score:>9.2f}  {text}"


def test_classify_reads_stdin_one_answer_per_line_and_writes_jsonl(model, clf):
    result = jobcareer_cmd("classify", "-", "--format", "jsonl", "--model", model, stdin=f"{JOB}\n{CAREER}\n")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in records] == [JOB, CAREER]
    assert [r["label"] for r in records] == list(clf.predict([JOB, CAREER]))
    expected = clf.predict_proba([JOB, CAREER])[:, 0]
    assert [r["career_score"] for r in records] == pytest.approx(expected, abs=1e-12)
    assert [r["low_evidence"] for r in records] == [e.low_evidence for e in clf.explain_many([JOB, CAREER])]


def test_classify_csv_keeps_every_column_and_explain_adds_evidence_and_phrases(model, clf, tmp_path):
    source = tmp_path / "answers.csv"
    source.write_text(
        'id,answer,team\n1,"' + JOB + '",north\n2,"' + CAREER + '","south, east"\n3,' + GIBBERISH + ",west\n",
        encoding="utf-8",
    )
    target = tmp_path / "scored.csv"
    result = jobcareer_cmd(
        "classify", "--input", source, "--column", "answer", "--format", "csv", "--explain",
        "--output", target, "--model", model,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["id", "answer", "team", "label", "career_score", "low_evidence", "top_phrases"]
    assert [(r["id"], r["team"]) for r in rows] == [("1", "north"), ("2", "south, east"), ("3", "west")]
    explanations = [clf.explain(text) for text in (JOB, CAREER, GIBBERISH)]
    assert [r["label"] for r in rows] == [e.label for e in explanations]
    assert [r["low_evidence"] for r in rows] == [str(e.low_evidence) for e in explanations]
    assert rows[2]["low_evidence"] == "True"  # no known words at all
    for row, exp in zip(rows, explanations):
        top = exp.top_phrases(3)
        assert row["top_phrases"] == "; ".join(f"{p.text} ({p.weight:+.2f})" for p in top)
    assert rows[0]["top_phrases"]


def test_classify_jsonl_with_field_writes_a_json_array_and_never_overwrites_input_columns(
    model, clf, tmp_path
):
    source = tmp_path / "answers.jsonl"
    rows = [
        {"id": "a", "answer": JOB, "label": "gold-job", "meta": {"k": 1}},
        {"id": "b", "answer": CAREER, "label": "gold-career", "meta": None},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = jobcareer_cmd(
        "classify", "--input", source, "--field", "answer", "--format", "json", "--explain",
        "--top", "1", "--model", model,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert [r["id"] for r in out] == ["a", "b"]
    assert [r["label"] for r in out] == ["gold-job", "gold-career"]  # the input's own column
    assert [r["predicted_label"] for r in out] == list(clf.predict([JOB, CAREER]))
    assert out[0]["meta"] == {"k": 1}
    phrase = out[0]["top_phrases"][0]
    assert len(out[0]["top_phrases"]) == 1
    assert set(phrase) == {"text", "start", "end", "weight", "label"}
    assert JOB[phrase["start"] : phrase["end"]] == phrase["text"]
    assert out[0]["low_evidence"] is clf.explain(JOB).low_evidence


def test_classify_streams_a_txt_file_in_chunks_and_keeps_the_order(model, clf, tiny_rows, tmp_path):
    texts = [r["text"] for r in tiny_rows]
    source = tmp_path / "answers.txt"
    source.write_text("\n".join(texts) + "\n", encoding="utf-8")
    result = jobcareer_cmd(
        "classify", "--input", source, "--batch-size", "7", "--n-process", "2", "--format", "csv",
        "--model", model,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["text"] for r in rows] == texts
    expected = clf.predict_proba(texts)[:, 0]
    assert [float(r["career_score"]) for r in rows] == pytest.approx(expected, abs=1e-12)


def test_classify_threshold_moves_the_label_not_the_score(model, clf):
    score = clf.predict_proba([MIXED])[0, 0]
    default_label = clf.predict([MIXED])[0]
    # a threshold on the other side of the score flips the label
    threshold, flipped = ((1 + score) / 2, "job") if default_label == "career" else (score / 2, "career")
    result = jobcareer_cmd(
        "classify", MIXED, "--threshold", f"{threshold:.12f}", "--format", "jsonl", "--model", model
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["career_score"] == pytest.approx(score, abs=1e-12)
    assert record["label"] == flipped


# -- train, evaluate, info -------------------------------------------------------------------
@pytest.fixture(scope="module")
def trained(split_file, tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``jobcareer train`` on the tiny split file, with a small search to stay quick."""
    output = tmp_path_factory.mktemp("trained") / "model"
    result = jobcareer_cmd(
        "train", "--data", split_file, "--output", output, "--C", "4", "--cv-folds", "2", "--quiet"
    )
    return result, output


def test_train_writes_a_model_directory_and_prints_its_path(trained):
    result, output = trained
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(output)
    trained_model = jobcareer.load(output)
    assert set(trained_model.predict([JOB, CAREER])) <= {"job", "career"}
    assert trained_model.meta_["training_data"]["n_test"] == 15


def test_info_shows_version_path_training_data_hash_and_test_metrics(trained, split_file):
    _, output = trained
    result = jobcareer_cmd("info", "--model", output)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert str(output) in text
    assert f"jobcareer {jobcareer.__version__}" in text
    assert hashlib.sha256(split_file.read_bytes()).hexdigest() in text
    assert "45 train rows, 15 test rows" in text
    metrics = text[text.index("test metrics") :].splitlines()
    assert metrics[0].split() == ["test", "metrics", "accuracy", "macro-F1", "ROC-AUC", "Brier", "ECE"]
    assert [line.split()[0] for line in metrics[1:]] == ["model", "majority", "keywords"]


def test_evaluate_compares_the_model_with_baselines_by_column_and_writes_json(model, split_file, tmp_path):
    report = tmp_path / "metrics.json"
    result = jobcareer_cmd(
        "evaluate", "--data", split_file, "--model", model, "--by", "style,hard_case", "--json", report
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "(split 'test', 15 answers)" in lines[0]
    assert lines[2].split() == ["accuracy", "macro-F1", "ROC-AUC", "Brier", "ECE"]
    assert [line.split()[0] for line in lines[3:6]] == ["model", "majority", "keywords"]
    assert all(len(line.split()) == 6 for line in lines[3:6])
    assert any(line.startswith("by style") for line in lines)
    assert any(line.startswith("by hard_case") for line in lines)
    results = json.loads(report.read_text(encoding="utf-8"))
    assert set(results) == {"model", "majority", "keywords"}
    assert results["model"]["overall"]["n"] == 15
    assert set(results["model"]["by"]) == {"style", "hard_case"}


def test_the_jobcareer_console_script_runs_the_same_main():
    (script,) = [e for e in metadata.entry_points(group="console_scripts") if e.name == "jobcareer"]
    assert script.value == "jobcareer.cli:main"


# -- errors ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ErrorCase:
    """A command that must fail with ``code`` and one stderr line containing ``message``.

    ``{dir}`` in an argument is the directory holding the input files below (and
    ``{model}`` the test model); ``stdin`` is fed to the command.
    """

    args: tuple[str, ...]
    code: int
    message: str
    stdin: str = ""


ERROR_CASES = {
    # usage errors (2): the command line names something wrong
    "missing-input-file": ErrorCase(
        ("classify", "--input", "{dir}/nope.csv"), 2, "--input {dir}/nope.csv: no such file"
    ),
    "missing-csv-column": ErrorCase(
        ("classify", "--input", "{dir}/answers.csv", "--column", "answer"), 2,
        "{dir}/answers.csv: no column 'answer' (columns: id, text)",
    ),
    "model-dir-does-not-exist": ErrorCase(
        ("classify", CAREER, "--model", "{dir}/nowhere"), 2, "--model {dir}/nowhere: no such directory"
    ),
    "bad-option-value": ErrorCase(
        ("classify", CAREER, "--threshold", "1.5"), 2, "argument --threshold: must be between 0 and 1"
    ),
    "no-answers": ErrorCase(("classify",), 2, "nothing to classify"),
    "unknown-option": ErrorCase(("classify", CAREER, "--colour"), 2, "unrecognized arguments: --colour"),
    # data errors (1): the data or the model files are bad
    "malformed-json-line": ErrorCase(
        ("classify", "--input", "{dir}/broken.jsonl", "--output", "{dir}/out/scored.jsonl"), 1,
        "{dir}/broken.jsonl: line 2: malformed JSON",
    ),
    "non-object-json-line": ErrorCase(
        ("classify", "--input", "{dir}/list.jsonl"), 1, "{dir}/list.jsonl: line 2: not a JSON object (got a list)"
    ),
    "csv-row-with-the-wrong-number-of-fields": ErrorCase(
        ("classify", "--input", "{dir}/ragged.csv"), 1,
        "{dir}/ragged.csv: row 2: wrong number of fields (the header has 2)",
    ),
    "jsonl-row-without-field": ErrorCase(
        ("classify", "--input", "{dir}/fields.jsonl"), 1,
        "{dir}/fields.jsonl: line 2: no 'text' field (fields: answer)",
    ),
    "empty-answer-on-stdin": ErrorCase(
        ("classify", "-"), 1, "<stdin>: line 2: empty answer", stdin=f"{JOB}\n\n{CAREER}\n"
    ),
    "blank-answer-to-explain": ErrorCase(("explain", "   "), 1, "cannot explain this answer: empty answer"),
    "not-a-model-dir": ErrorCase(("info", "--model", "{dir}"), 1, "{dir} has no meta.json"),
}


@pytest.fixture(scope="module")
def error_dir(tmp_path_factory) -> Path:
    """The input files of the error cases."""
    directory = tmp_path_factory.mktemp("errors")
    (directory / "answers.csv").write_text(f"id,text\n1,{CAREER}\n", encoding="utf-8")
    (directory / "broken.jsonl").write_text(json.dumps({"text": JOB}) + '\n{"text": "unterminated\n')
    (directory / "list.jsonl").write_text(json.dumps({"text": JOB}) + "\n[1, 2]\n")
    (directory / "ragged.csv").write_text(f"id,text\n1,{CAREER}\n2,{CAREER},extra\n", encoding="utf-8")
    (directory / "fields.jsonl").write_text(json.dumps({"text": JOB}) + "\n" + json.dumps({"answer": CAREER}) + "\n")
    (directory / "out").mkdir()
    return directory


@pytest.fixture(scope="module")
def error_results(model, error_dir) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every error case, run side by side (each is its own process) to keep the suite quick."""

    def run(case: ErrorCase) -> subprocess.CompletedProcess[str]:
        args = [a.format(dir=error_dir, model=model) for a in case.args]
        if "--model" not in args:
            args += ["--model", model]
        return jobcareer_cmd(*args, stdin=case.stdin)

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {name: pool.submit(run, case) for name, case in ERROR_CASES.items()}
    return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("name", ERROR_CASES)
def test_errors_print_one_line_and_exit_1_for_data_2_for_usage(name, error_results, error_dir):
    case = ERROR_CASES[name]
    assert_one_line_error(error_results[name], case.code, case.message.format(dir=error_dir))


def test_data_errors_point_to_skip_invalid(error_results):
    assert "pass --skip-invalid" in error_results["malformed-json-line"].stderr


def test_a_failed_run_leaves_no_output_file(error_results, error_dir):
    assert error_results["malformed-json-line"].returncode == 1
    assert list((error_dir / "out").iterdir()) == []


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


# -- output files (see jobcareer/output_files.py) ---------------------------------------------
@pytest.mark.parametrize("command", [("classify", CAREER), ("explain", CAREER)])
def test_output_to_a_special_file_writes_through_it(model, tmp_path, command):
    """``-o /dev/null`` must not turn the device into a regular file (a FIFO stands in)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = jobcareer_cmd(*command, "-o", fifo, "--model", model)
        assert result.returncode == 0, result.stderr
        assert b"career" in os.read(reader, 65536)
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_classify_refuses_to_write_over_its_input(model, tmp_path, suffix):
    source = tmp_path / f"a{suffix}"
    content = json.dumps({"text": JOB}) + "\n" if suffix == ".jsonl" else f'text\n"{JOB}"\n'
    source.write_text(content, encoding="utf-8")
    result = jobcareer_cmd("classify", "-i", source, "--skip-invalid", "-o", source, "--model", model)
    assert_one_line_error(result, 2, "is the input file")
    assert source.read_text(encoding="utf-8") == content


def test_classify_takes_the_output_format_from_the_extension(model, tmp_path):
    target = tmp_path / "scored.jsonl"
    result = jobcareer_cmd("classify", JOB, CAREER, "-o", target, "--model", model)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["text"] for line in target.read_text(encoding="utf-8").splitlines()] == [JOB, CAREER]


def test_evaluate_json_keeps_the_mode_of_an_existing_file(model, split_file, tmp_path):
    target = tmp_path / "metrics.json"
    target.write_text("{}\n")
    target.chmod(0o600)
    result = jobcareer_cmd("evaluate", "--data", split_file, "--json", target, "--model", model)
    assert result.returncode == 0, result.stderr
    assert "model" in json.loads(target.read_text())
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_train_requires_output_and_data(split_file):
    assert_one_line_error(jobcareer_cmd("train", "--data", split_file), 2, "--output")
    assert_one_line_error(jobcareer_cmd("train", "--output", "somewhere"), 2, "--data")


def test_train_refuses_to_replace_a_model_without_overwrite(trained, split_file):
    _, output = trained
    result = jobcareer_cmd("train", "--data", split_file, "--output", output, "--quiet")
    assert_one_line_error(result, 2, "already holds a model", "--overwrite")


# -- inputs that used to crash ----------------------------------------------------------------
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


def test_train_on_one_label_fails_in_one_line(tmp_path):
    data = tmp_path / "one.jsonl"
    data.write_text("".join(json.dumps({"text": f"I need the pay {i}", "label": "job"}) + "\n" for i in range(30)))
    result = jobcareer_cmd("train", "--data", data, "--output", tmp_path / "model", "--quiet")
    assert_one_line_error(result, 1, "training failed: the training rows have one label only")


def test_csv_output_neutralises_cells_a_spreadsheet_would_run(model, tmp_path):
    source = tmp_path / "answers.csv"
    source.write_text(f'id,text\n=1+1,"{JOB}"\n"@cmd","-{CAREER}"\n', encoding="utf-8")
    target = tmp_path / "scored.csv"
    result = jobcareer_cmd("classify", "-i", source, "--explain", "-o", target, "--model", model)
    assert result.returncode == 0, result.stderr
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == ["'=1+1", "'@cmd"]
    assert rows[1]["text"] == f"'-{CAREER}"
    cells = [cell for row in rows for cell in row.values()]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


# -- terminal output and interrupts --------------------------------------------------------------
def test_escape_sequences_in_answers_are_shown_not_sent_to_the_terminal(model):
    answer = "I want to grow \x1b[2J\x1b]8;;http://example.invalid\x07into a lead\rX"
    for args in (("explain", answer), ("classify", answer), ("classify", "--explain", answer)):
        result = jobcareer_cmd(*args, "--model", model)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\r" not in result.stdout
        assert "\\x1b[2J" in result.stdout


def test_a_line_that_is_not_utf8_is_named_with_its_file_offset(model, tmp_path):
    source = tmp_path / "answers.txt"
    lines = [f"{JOB} number {i}\n".encode() for i in range(3000)]  # past any decoder chunk
    source.write_bytes(b"".join(lines) + b"I want \xff to grow\n")
    offset = sum(map(len, lines)) + len(b"I want ")
    result = jobcareer_cmd("classify", "-i", source, "--format", "jsonl", "-o", tmp_path / "out.jsonl",
                           "--model", model)
    assert_one_line_error(result, 1, "line 3001 is not UTF-8 text", f"at byte {offset:,} of the file")


def test_ctrl_c_with_worker_processes_exits_130_without_tracebacks(model):
    import signal
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "jobcareer", "classify", "-", "--n-process", "2", "--model", model],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    process.stdin.write(f"{JOB}\n")
    process.stdin.flush()  # stdin stays open: the command waits for more, its pool started
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 120
    while len(children.read_text().split()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert len(stderr.splitlines()) <= 1, stderr


# -- what a new user meets ------------------------------------------------------------------------
def test_evaluate_warns_when_it_scores_the_models_own_training_rows(trained, split_file, tmp_path):
    _, output = trained
    own = jobcareer_cmd("evaluate", "--data", split_file, "--split", "all", "--model", output)
    assert own.returncode == 0, own.stderr
    assert "the file this model was trained on" in own.stderr
    held_out = jobcareer_cmd("evaluate", "--data", split_file, "--model", output)  # --split test
    assert held_out.returncode == 0, held_out.stderr
    assert "trained on" not in held_out.stderr


def test_evaluate_warns_when_another_file_holds_answers_the_model_was_trained_on(trained, split_file, tmp_path):
    _, output = trained
    rows = [json.loads(line) for line in split_file.read_text(encoding="utf-8").splitlines()]
    training_rows = [r for r in rows if r["split"] == "train"][:5]
    # the same answers, re-cased and re-spaced, in another file without a split column
    copied = tmp_path / "copied.jsonl"
    copied.write_text("".join(
        json.dumps({"text": "  " + r["text"].upper(), "label": r["label"]}) + "\n" for r in training_rows
    ), encoding="utf-8")
    result = jobcareer_cmd("evaluate", "--data", copied, "--model", output)
    assert result.returncode == 0, result.stderr
    assert "5 of the 5 evaluated answers are answers this model was trained on" in result.stderr
    fresh = tmp_path / "fresh.jsonl"
    fresh.write_text("".join(
        json.dumps({"text": t, "label": y}) + "\n"
        for t, y in (("The bus gets me there in ten minutes.", "job"),
                     ("I want to run my own clinic one day.", "career"))
    ), encoding="utf-8")
    held_out = jobcareer_cmd("evaluate", "--data", fresh, "--model", output)
    assert held_out.returncode == 0, held_out.stderr
    assert "trained on" not in held_out.stderr


def test_train_and_evaluate_read_the_bundled_corpus_from_any_directory(tmp_path):
    """``--corpus`` needs no checkout: the corpus ships with the package."""
    result = subprocess.run(
        [sys.executable, "-m", "jobcareer", "evaluate", "--corpus", "--by", "style"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "split 'test'" in result.stdout and "by style" in result.stdout
    assert "warning" not in result.stderr


def test_plain_classify_flags_low_evidence_in_every_format(model, clf):
    """Without --explain too: a column in CSV/JSON, a line in the table (item 15 of #15)."""
    answers = [JOB, GIBBERISH]
    expected = [e.low_evidence for e in clf.explain_many(answers)]
    assert expected == [False, True]
    assert list(clf.low_evidence(answers)) == expected
    jsonl = jobcareer_cmd("classify", *answers, "--format", "jsonl", "--model", model)
    assert [json.loads(line)["low_evidence"] for line in jsonl.stdout.splitlines()] == expected
    table = jobcareer_cmd("classify", *answers, "--model", model)
    assert table.stdout.splitlines()[3].strip().startswith("(low evidence")
    csv_out = jobcareer_cmd("classify", *answers, "--format", "csv", "--model", model)
    assert [r["low_evidence"] for r in csv.DictReader(io.StringIO(csv_out.stdout))] == ["False", "True"]
