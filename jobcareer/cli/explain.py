"""``jobcareer explain``: one answer's verdict and the phrases behind it.

Text in the terminal (coloured only on a terminal without ``NO_COLOR``; otherwise phrases
are marked like ``[+career: ...]``), the explanation's dict as JSON, or a standalone page.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from jobcareer.cli.arguments import add_command, add_model_option, add_output_option
from jobcareer.cli.errors import CLIError
from jobcareer.cli.inputs import answer_row, load_model, stdin_lines
from jobcareer.data import RowError
from jobcareer.output_files import format_from_suffix, open_output

__all__ = ["DESCRIPTION", "EXPLAIN_SUFFIXES", "HELP", "add_explain_command", "run_explain"]

#: The command's line in ``jobcareer --help``, and the top of ``jobcareer explain --help``.
HELP = "explain one answer: which phrases push it toward job or career"
DESCRIPTION = (
    "Explain one answer. Colour is used only when stdout is a terminal "
    "(and NO_COLOR is not set); otherwise phrases are marked like [+career: ...]."
)

#: Output formats taken from the ``--output`` extension when ``--format`` is not given.
EXPLAIN_SUFFIXES = {".json": "json", ".html": "html", ".htm": "html"}


def _html_page(fragment: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
        "<title>jobcareer explanation</title></head>\n"
        f"<body>\n{fragment}\n</body>\n</html>\n"
    )


def _use_color(output: str | None) -> bool:
    """Colour only when writing to a terminal and ``NO_COLOR`` is not set."""
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def run_explain(args: argparse.Namespace) -> int:
    """Explain ``args.answer`` (or stdin's text for ``-``) in ``args.format``; returns 0."""
    text = "".join(stdin_lines()).rstrip("\r\n") if args.answer == "-" else args.answer
    checked = answer_row(1, {"text": text}, "text", "answer")
    if isinstance(checked, RowError):
        detail = f" ({checked.detail})" if checked.detail else ""
        raise CLIError(f"cannot explain this answer: {checked.reason}{detail}")
    clf, _ = load_model(args.model)
    exp = clf.explain(text)
    output_format = args.format or format_from_suffix(args.output, EXPLAIN_SUFFIXES) or "text"
    if output_format == "json":
        rendered = json.dumps(exp.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif output_format == "html":
        rendered = _html_page(exp.to_html())
    else:
        rendered = exp.to_text(color=_use_color(args.output))
    with open_output(args.output) as out:
        out.write(rendered)
    return 0


def add_explain_command(commands: Any) -> None:
    """Register ``explain`` on the ``jobcareer`` command's subparsers."""
    p = add_command(commands, "explain", HELP, DESCRIPTION, run_explain)
    p.add_argument("answer", help="the answer (quote it), or '-' to read it from stdin")
    p.add_argument("--format", choices=("text", "json", "html"),
                   help="text, json (Explanation.to_dict) or a standalone HTML page (default: from "
                        "the --output extension, .json or .html/.htm, else text)")
    add_output_option(p)
    add_model_option(p)
