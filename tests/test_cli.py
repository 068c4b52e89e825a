"""The ``jobcareer`` command as a whole (jobcareer/cli/__init__.py, errors.py), run as a user runs
it: ``python -m jobcareer ...`` in a subprocess.

Exit status: 0 success, 1 bad data, 2 bad command line; errors are one line on stderr,
``jobcareer: error: ...``, never a traceback.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from cli_runner import CAREER, JOB, assert_one_line_error, jobcareer_cmd


def test_the_jobcareer_console_script_runs_the_same_main():
    (script,) = [e for e in metadata.entry_points(group="console_scripts") if e.name == "jobcareer"]
    assert script.value == "jobcareer.cli:main"


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


def test_escape_sequences_in_answers_are_shown_not_sent_to_the_terminal(model):
    answer = "I want to grow \x1b[2J\x1b]8;;http://example.invalid\x07into a lead\rX"
    for args in (("explain", answer), ("classify", answer), ("classify", "--explain", answer)):
        result = jobcareer_cmd(*args, "--model", model)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\r" not in result.stdout
        assert "\\x1b[2J" in result.stdout
