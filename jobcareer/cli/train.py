"""``jobcareer train``: train, evaluate on the held-out split and write a model directory.

The same function ``scripts/train.py`` runs: :func:`jobcareer.training.train`.
"""

from __future__ import annotations

import argparse
from typing import Any

from jobcareer.cli.arguments import add_command, add_data_options, float_list, fold_count
from jobcareer.cli.errors import EXIT_USAGE, CLIError, warnings_as_lines
from jobcareer.cli.inputs import data_file, existing_file
from jobcareer.data import DataFileError
from jobcareer.io import ModelFileError, check_model_target

__all__ = ["add_train_command", "run_train"]

#: The command's line in ``jobcareer --help``, and the top of ``jobcareer train --help``.
HELP = "train a model directory from a labeled file"
DESCRIPTION = (
    "Train, evaluate on the held-out split and write a model directory "
    "(jobcareer.training.train). Prints the directory on success."
)


def run_train(args: argparse.Namespace) -> int:
    """Train on ``--data``/``--corpus`` and write ``--output``; prints the directory, returns 0."""
    from jobcareer.training import train

    data = data_file(args)
    try:
        check_model_target(args.output, overwrite=args.overwrite)
    except ModelFileError as err:
        raise CLIError(f"--output {err}", EXIT_USAGE) from None
    real_data = None if args.real_data is None else existing_file(args.real_data, "--real-data")
    try:
        with warnings_as_lines():
            train(
                data,
                args.output,
                seed=args.seed,
                n_jobs=args.n_jobs,
                cv_folds=args.cv_folds,
                grid=None if args.C is None else {"C": args.C},
                **({} if args.hard_case_weight is None else {"hard_case_weight": args.hard_case_weight}),
                real_path=real_data,
                verbose=not args.quiet,
                overwrite=args.overwrite,
            )
    except DataFileError:
        raise
    except ValueError as err:
        raise CLIError(f"training failed: {err}") from None
    print(args.output)
    return 0


def add_train_command(commands: Any) -> None:
    """Register ``train`` on the ``jobcareer`` command's subparsers."""
    p = add_command(commands, "train", HELP, DESCRIPTION, run_train)
    add_data_options(p, "train on")
    p.add_argument("--output", "-o", required=True, metavar="DIR",
                   help="model directory to write: a new or empty directory, or an existing model "
                        "directory with --overwrite")
    p.add_argument("--overwrite", action="store_true",
                   help="replace the model already in --output (the new one is built beside it and "
                        "renamed into place when complete)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--n-jobs", type=int, default=1, metavar="N",
                   help="parallel fits during model selection (default 1)")
    p.add_argument("--cv-folds", type=fold_count, default=5, metavar="N",
                   help="cross-validation folds of the model selection (default 5)")
    p.add_argument("--C", type=float_list, metavar="VALUES",
                   help="regularisation values to search, e.g. 1,4,16 (default: the library's grid)")
    p.add_argument("--hard-case-weight", type=float, metavar="W",
                   help="sample weight of rows whose hard_case is not 'none' "
                   "(default: jobcareer.training.HARD_CASE_WEIGHT)")
    p.add_argument("--real-data", metavar="FILE",
                   help="labeled real answers (text, label, optional clarity and source) to calibrate "
                   "on and report; never used to fit the classifier")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress messages")
