"""The ``jobcareer`` command (also ``python -m jobcareer``).

Subcommands, one module each (its parser beside its handler)
------------------------------------------------------------
``explain`` (:mod:`~jobcareer.cli.explain`)
    Explain one answer: highlighted text in the terminal, or JSON, or an HTML page.
``classify`` (:mod:`~jobcareer.cli.classify`)
    Score answers given as arguments, on stdin (one per line) or in a ``.txt``/``.jsonl``/
    ``.csv`` file, streamed in chunks so memory does not grow with the file.
``train``, ``evaluate`` (:mod:`~jobcareer.cli.train`, :mod:`~jobcareer.cli.evaluate`)
    The same functions ``scripts/train.py`` and ``scripts/evaluate.py`` call.
``info`` (:mod:`~jobcareer.cli.info`)
    The model's version, path, training data hash and test metrics.
``transcript`` (:mod:`~jobcareer.cli.transcript`)
    Every answer of an interview transcript, explained.
``serve`` (:mod:`~jobcareer.cli.serve`)
    The practice page and JSON API.

What they share: :mod:`~jobcareer.cli.arguments` (argument types, common options),
:mod:`~jobcareer.cli.inputs` (rows and models read), :mod:`~jobcareer.cli.outputs`
(``classify``'s formats), :mod:`~jobcareer.cli.reports` (metrics tables) and
:mod:`~jobcareer.cli.errors` (one-line errors and exit statuses). To add a command, write
a module with ``add_NAME_command(commands)`` and its handler, and list it in
:data:`COMMANDS`.

Every subcommand only calls the library. Problems the user can fix are printed as one
line, ``jobcareer: error: ...``, never as a traceback.

Exit status
-----------
0
    Success (also when ``--skip-invalid`` skipped rows; they are listed on stderr).
1
    The data is bad: a malformed JSON line, an empty answer, a row without the answer
    field, a corrupt or incompatible model directory, nothing to classify.
2
    The command line is wrong: an unknown option or bad value, an input file or
    ``--model`` directory that does not exist, a CSV column or ``--by`` column the data
    does not have, an output directory that does not exist.

Row numbers
-----------
Errors and the ``--skip-invalid`` report name the line of a ``.txt``/``.jsonl`` file or
of stdin, the data row of a ``.csv`` file (the header is not counted), the position of an
answer given as an argument, or the item of a ``.json`` array, all counted from 1.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from jobcareer._version import __version__
from jobcareer.cli.classify import add_classify_command
from jobcareer.cli.errors import EXIT_DATA, EXIT_USAGE, CLIError, OneLineErrorParser, exit_status_of
from jobcareer.cli.evaluate import add_evaluate_command
from jobcareer.cli.explain import add_explain_command
from jobcareer.cli.info import add_info_command
from jobcareer.cli.serve import add_serve_command
from jobcareer.cli.train import add_train_command
from jobcareer.cli.transcript import add_transcript_command

__all__ = ["COMMANDS", "EXIT_DATA", "EXIT_USAGE", "CLIError", "build_parser", "main"]

#: The subcommands, in the order ``jobcareer --help`` lists them.
COMMANDS: tuple[Callable[[Any], None], ...] = (
    add_explain_command,
    add_classify_command,
    add_train_command,
    add_evaluate_command,
    add_info_command,
    add_transcript_command,
    add_serve_command,
)


def build_parser() -> argparse.ArgumentParser:
    """The ``jobcareer`` argument parser with its subcommands."""
    parser = OneLineErrorParser(
        prog="jobcareer",
        description="Is an interview answer job-oriented or career-oriented, and why?",
        epilog="Exit status: 0 success, 1 bad data, 2 bad command line.",
    )
    parser.add_argument("--version", action="version", version=f"jobcareer {__version__}")
    commands = parser.add_subparsers(title="commands", dest="command", required=True, metavar="COMMAND")
    for register in COMMANDS:
        register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``jobcareer`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name (default ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status: 0 success, 1 bad data, 2 bad command line.

    Examples
    --------
    >>> main(["classify", "--format", "csv", "The hours fit my kids' school run."])  # doctest: +SKIP
    """

    def run() -> int:
        args = build_parser().parse_args(argv)
        return int(args.handler(args))

    return exit_status_of(run)
