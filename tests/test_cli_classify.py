"""``jobcareer classify`` (jobcareer/cli/classify.py): where answers come from, how they are
scored and labelled, run as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import CAREER, JOB, MIXED, assert_one_line_error, jobcareer_cmd


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


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_classify_refuses_to_write_over_its_input(model, tmp_path, suffix):
    source = tmp_path / f"a{suffix}"
    content = json.dumps({"text": JOB}) + "\n" if suffix == ".jsonl" else f'text\n"{JOB}"\n'
    source.write_text(content, encoding="utf-8")
    result = jobcareer_cmd("classify", "-i", source, "--skip-invalid", "-o", source, "--model", model)
    assert_one_line_error(result, 2, "is the input file")
    assert source.read_text(encoding="utf-8") == content


def test_ctrl_c_with_worker_processes_exits_130_without_tracebacks(model):
    import signal
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "jobcareer", "classify", "-", "--n-process", "2", "--model", model],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        # as in a terminal, Ctrl-C is not ignored: a shell's background job (such as a CI
        # script started with '&') would otherwise hand down SIGINT ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
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
