"""``jobcareer explain`` (jobcareer/cli/explain.py), run as a user runs it."""

from __future__ import annotations

import json

import pytest
from cli_runner import MIXED, jobcareer_cmd


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
