"""Argument types and shared options of the ``jobcareer`` command (jobcareer/cli/arguments.py)."""

from __future__ import annotations

import argparse
import re

import pytest

from jobcareer.cli import main
from jobcareer.cli.arguments import column_list, float_list, fold_count, positive_int, probability


@pytest.mark.parametrize(("parse", "good", "value"), [
    (probability, "0.25", 0.25),
    (positive_int, "7", 7),
    (fold_count, "2", 2),
    (float_list, "1, 4,16", [1.0, 4.0, 16.0]),
    (column_list, "style, hard_case,", ["style", "hard_case"]),
])
def test_argument_types_read_good_values(parse, good, value):
    assert parse(good) == value


@pytest.mark.parametrize(("parse", "bad", "message"), [
    (probability, "1", "must be between 0 and 1 (exclusive), got 1"),
    (probability, "half", "expected a number, got 'half'"),
    (positive_int, "0", "must be at least 1, got 0"),
    (positive_int, "2.5", "expected a whole number, got '2.5'"),
    (fold_count, "1", "cross-validation needs at least 2 folds, got 1"),
    (float_list, "1,-4", "expected positive numbers, got '1,-4'"),
    (float_list, "1,x", "expected numbers separated by commas, got '1,x'"),
    (column_list, " , ", "expected column names separated by commas"),
])
def test_argument_types_say_what_was_wrong(parse, bad, message):
    with pytest.raises(argparse.ArgumentTypeError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        parse(bad)


def _help(command: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main([command, "--help"]) == 0
    return capsys.readouterr().out


def test_shared_options_read_the_same_wherever_they_appear(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "200")
    for command in ("explain", "classify", "transcript"):
        assert re.search(r"^  --output FILE, -o FILE\s+write to FILE instead of stdout$", _help(command, capsys), re.M)
    for command in ("explain", "classify", "evaluate", "info", "serve"):
        assert re.search(r"^  --model DIR +model directory \(default: the model bundled with jobcareer\)$",
                         _help(command, capsys), re.M)
