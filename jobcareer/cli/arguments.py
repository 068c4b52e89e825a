"""Argument types and the options several subcommands share, declared once.

Each subcommand module registers itself with :func:`add_command` and takes its common
options (``--model``, ``--output FILE``, ``--data``/``--corpus``) from here, so that a
flag means the same thing, with the same help, wherever it appears.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

__all__ = [
    "MODEL_HELP",
    "Handler",
    "add_command",
    "add_data_options",
    "add_model_option",
    "add_output_option",
    "column_list",
    "float_list",
    "fold_count",
    "positive_int",
    "probability",
]

#: A subcommand's handler: takes the parsed arguments, returns the exit status.
Handler = Callable[[argparse.Namespace], int]
#: The help of ``--model`` in most subcommands.
MODEL_HELP = "model directory (default: the model bundled with jobcareer)"


# -- argument types (argparse ``type=`` callables) ---------------------------------------
def probability(value: str) -> float:
    """A number strictly between 0 and 1, e.g. ``--threshold 0.7``."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
    if not 0.0 < number < 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (exclusive), got {value}")
    return number


def positive_int(value: str) -> int:
    """A whole number of at least 1, e.g. ``--batch-size 500``."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return number


def fold_count(value: str) -> int:
    """A number of cross-validation folds: at least 2."""
    number = positive_int(value)
    if number < 2:
        raise argparse.ArgumentTypeError(f"cross-validation needs at least 2 folds, got {value}")
    return number


def float_list(value: str) -> list[float]:
    """Positive numbers separated by commas, e.g. ``--C 1,4,16``."""
    try:
        numbers = [float(v) for v in value.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers separated by commas, got {value!r}") from None
    if not numbers or any(n <= 0 for n in numbers):
        raise argparse.ArgumentTypeError(f"expected positive numbers, got {value!r}")
    return numbers


def column_list(value: str) -> list[str]:
    """Column names separated by commas, e.g. ``--by style,hard_case``."""
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected column names separated by commas")
    return names


# -- shared options ---------------------------------------------------------------------
def add_command(commands: Any, name: str, help: str, description: str, handler: Handler) -> argparse.ArgumentParser:
    """Register subcommand ``name`` on ``commands`` (from ``add_subparsers``).

    Parameters
    ----------
    commands : argparse subparsers action
        What ``ArgumentParser.add_subparsers`` returned.
    name, help, description : str
        The subcommand's name, its line in ``jobcareer --help``, and the text at the top
        of ``jobcareer NAME --help``.
    handler : callable
        Runs the subcommand (``args.handler(args)``).

    Returns
    -------
    argparse.ArgumentParser
        The subcommand's parser, to add its own arguments to.
    """
    parser: argparse.ArgumentParser = commands.add_parser(name, help=help, description=description)
    parser.set_defaults(handler=handler)
    return parser


def add_model_option(parser: argparse.ArgumentParser, help: str = MODEL_HELP) -> None:
    """``--model DIR``: the model directory (``None`` for the bundled model)."""
    parser.add_argument("--model", metavar="DIR", help=help)


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """``--output/-o FILE``: where to write (standard output when not given)."""
    parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")


def add_data_options(parser: argparse.ArgumentParser, verb: str) -> None:
    """``--data FILE`` or ``--corpus`` (one of them is required); ``verb`` says what is done
    with the rows, e.g. ``"train on"``."""
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", metavar="FILE",
                        help=f"labeled .jsonl or .csv to {verb} (text and label columns; optional "
                             "split: rows with split 'test' are held out, see the README)")
    source.add_argument("--corpus", action="store_true",
                        help=f"{verb} the corpus the bundled model was built from (ships with jobcareer)")
