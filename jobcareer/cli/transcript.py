"""``jobcareer transcript``: explain every answer of an interview transcript.

The library half is :mod:`jobcareer.transcripts` (reading, pairing, the report and its
renderings); this module only parses the command line and writes the rendering.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from jobcareer.cli.arguments import add_command, add_model_option, add_output_option
from jobcareer.cli.errors import EXIT_USAGE, CLIError
from jobcareer.cli.inputs import model_directory
from jobcareer.io import load

__all__ = ["TRANSCRIPT_FORMATS", "add_transcript_command", "run_transcript"]

#: The command's line in ``jobcareer --help``, and the top of ``jobcareer transcript --help``.
HELP = "explain every answer of an interview transcript (.vtt, .srt, .txt, .json)"
DESCRIPTION = (
    "Pair the candidate's answers with the interviewer's questions and explain "
    "each: a table (question, time span, label, P(career), low evidence, top phrases) and a "
    "profile of the answers (share of answering time that reads career-oriented, the most "
    "job-leaning answer, answers without orientation). Formats: WebVTT (<v Name> tags or "
    "'Name:' prefixes), SubRip, plain 'Name: text' lines, JSON segments (start, end, text, "
    "speaker)."
)

#: ``--format`` values.
TRANSCRIPT_FORMATS = ("text", "json", "html", "csv")


def run_transcript(args: argparse.Namespace) -> int:
    """Explain the transcript's answers and write the report in ``args.format``; returns 0."""
    from jobcareer.transcripts import render
    from jobcareer.transcripts.report import explain_transcript

    path = Path(args.transcript)
    if not path.is_file():
        raise CLIError(f"{args.transcript}: no such transcript file", EXIT_USAGE)
    model = model_directory(args.model or None)  # an empty --model means the bundled model here
    if args.output and Path(args.output).is_dir():
        raise CLIError(f"--output {args.output}: is a directory", EXIT_USAGE)
    clf = load(model)
    report = explain_transcript(clf, path, candidate=args.candidate)
    writers = {"text": render.to_text, "json": render.to_json, "html": render.to_html_report, "csv": render.to_csv}
    rendered = writers[args.format](report)
    if args.output:
        Path(args.output).write_text(rendered, encoding="utf-8")
    else:
        sys.stdout.write(rendered)
    return 0


def add_transcript_command(commands: Any) -> None:
    """Register ``transcript`` on the ``jobcareer`` command's subparsers."""
    p = add_command(commands, "transcript", HELP, DESCRIPTION, run_transcript)
    p.add_argument("transcript", help="the transcript file")
    p.add_argument("--candidate", metavar="NAME",
                   help="the candidate's name as the transcript gives it (default: the speaker who asks "
                        "the fewest questions)")
    p.add_argument("--format", choices=TRANSCRIPT_FORMATS, default="text",
                   help="text (default), json, html (one self-contained report) or csv")
    add_output_option(p)
    add_model_option(p, help="model directory (default: the bundled model)")
