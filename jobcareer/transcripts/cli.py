"""The ``jobcareer transcript`` subcommand (registered by :mod:`jobcareer.cli`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_transcript_parser"]

_FORMATS = ("text", "json", "html", "csv")


def _run(args: argparse.Namespace) -> int:
    from jobcareer.cli import EXIT_USAGE, CLIError
    from jobcareer.io import load
    from jobcareer.transcripts import render
    from jobcareer.transcripts.report import explain_transcript

    path = Path(args.transcript)
    if not path.is_file():
        raise CLIError(f"{args.transcript}: no such transcript file", EXIT_USAGE)
    if args.model is not None and not Path(args.model).exists():
        raise CLIError(f"--model {args.model}: no such directory", EXIT_USAGE)
    if args.output and Path(args.output).is_dir():
        raise CLIError(f"--output {args.output}: is a directory", EXIT_USAGE)
    clf = load(args.model) if args.model else load()
    report = explain_transcript(clf, path, candidate=args.candidate)
    writers = {"text": render.to_text, "json": render.to_json, "html": render.to_html_report, "csv": render.to_csv}
    rendered = writers[args.format](report)
    if args.output:
        Path(args.output).write_text(rendered, encoding="utf-8")
    else:
        sys.stdout.write(rendered)
    return 0


def add_transcript_parser(commands: Any) -> None:
    """Register ``transcript`` on the ``jobcareer`` command's subparsers."""
    p = commands.add_parser(
        "transcript",
        help="explain every answer of an interview transcript (.vtt, .srt, .txt, .json)",
        description="Pair the candidate's answers with the interviewer's questions and explain "
        "each: a table (question, time span, label, P(career), low evidence, top phrases) and a "
        "profile of the answers (share of answering time that reads career-oriented, the most "
        "job-leaning answer, answers without orientation). Formats: WebVTT (<v Name> tags or "
        "'Name:' prefixes), SubRip, plain 'Name: text' lines, JSON segments (start, end, text, "
        "speaker).",
    )
    p.add_argument("transcript", help="the transcript file")
    p.add_argument("--candidate", metavar="NAME",
                   help="the candidate's name as the transcript gives it (default: the speaker who asks "
                        "the fewest questions)")
    p.add_argument("--format", choices=_FORMATS, default="text",
                   help="text (default), json, html (one self-contained report) or csv")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--model", metavar="DIR", help="model directory (default: the bundled model)")
    p.set_defaults(handler=_run)
