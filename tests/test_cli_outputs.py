"""What ``jobcareer classify`` writes (jobcareer/cli/outputs.py): every column kept, ours added,
in a table, CSV, JSON Lines or JSON."""

from __future__ import annotations

import csv
import io
import json

from cli_runner import CAREER, GIBBERISH, JOB, jobcareer_cmd


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


def test_classify_takes_the_output_format_from_the_extension(model, tmp_path):
    target = tmp_path / "scored.jsonl"
    result = jobcareer_cmd("classify", JOB, CAREER, "-o", target, "--model", model)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["text"] for line in target.read_text(encoding="utf-8").splitlines()] == [JOB, CAREER]


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
