"""``jobcareer evaluate``: a model against the majority and keyword baselines.

With a ``split`` column, the ``--split`` rows are evaluated and the baselines learn from
the ``train`` rows (``--train-data FILE`` overrides the latter). The same function
``scripts/evaluate.py`` runs: :func:`jobcareer.evaluation.evaluate_models`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from jobcareer.cli.arguments import add_command, add_data_options, add_model_option, column_list
from jobcareer.cli.errors import EXIT_USAGE, CLIError, warn
from jobcareer.cli.inputs import data_file, existing_file, load_model
from jobcareer.cli.reports import breakdown_lines, metrics_lines
from jobcareer.data import LabeledData, read_labeled, text_digest
from jobcareer.io import file_sha256
from jobcareer.model import JobCareerClassifier
from jobcareer.output_files import open_output

__all__ = ["add_evaluate_command", "run_evaluate"]

#: The command's line in ``jobcareer --help``, and the top of ``jobcareer evaluate --help``.
HELP = "score a model and the majority/keyword baselines on labeled answers"
DESCRIPTION = (
    "Evaluate a model against two baselines (majority label, keyword counts). "
    "With a 'split' column, the --split rows are evaluated and the baselines learn from "
    "the 'train' rows; --train-data FILE overrides the latter."
)


def _split_rows(data: LabeledData, split: str, path: Path) -> LabeledData:
    """The rows of ``split`` (all rows if there is no ``split`` column or ``split == 'all'``)."""
    if split == "all" or "split" not in data.columns:
        return data
    values = data.columns["split"]
    chosen = data.subset([value == split for value in values])
    if not len(chosen):
        present = ", ".join(sorted({str(v) for v in values}))
        raise CLIError(f"{path}: no rows with split {split!r} (splits: {present}); try --split all")
    return chosen


def _baseline_rows(args: argparse.Namespace, data: LabeledData, evaluated: LabeledData) -> LabeledData:
    """What the baselines learn from: ``--train-data``, else the ``train`` split, else
    the evaluated rows themselves (with a warning)."""
    fields = {"text_field": args.text_field, "label_field": args.label_field}
    if args.train_data is not None:
        return read_labeled(existing_file(args.train_data, "--train-data"), **fields)
    if "split" in data.columns:
        train_rows = data.subset([value == "train" for value in data.columns["split"]])
        if len(train_rows):
            return train_rows
    warn("no --train-data and no 'train' split: the baselines learn from the evaluated rows")
    return evaluated


def _warn_if_training_data(
    clf: JobCareerClassifier, path: Path, data: LabeledData, split: str, evaluated: LabeledData
) -> None:
    """Warn when evaluated answers are answers the model was trained on: by the training
    answers' digests in meta.json (any file), or, for models saved without them, when the
    file is the training file (its SHA-256) and the rows include its 'train' rows."""
    training = getattr(clf, "meta_", {}).get("training_data") or {}
    trained_on = training.get("sha256")
    if trained_on is not None and trained_on == file_sha256(path) and (
        "split" not in data.columns or split in ("all", "train")
    ):
        warn(
            f"{path} is the file this model was trained on and the evaluated rows include its "
            "training rows, so these figures are optimistic; hold rows out with a 'split' "
            "column (train/test) and evaluate the 'test' rows"
        )
        return
    digests = training.get("text_digests")
    if isinstance(digests, list):
        known = set(digests)
        seen = sum(text_digest(t) in known for t in evaluated.texts)
        if seen:
            warn(
                f"{seen} of the {len(evaluated)} evaluated answers are answers this model was trained "
                "on (same words), so these figures are optimistic; evaluate on answers held out "
                "from training"
            )


def run_evaluate(args: argparse.Namespace) -> int:
    """Print the metrics tables (and write ``--json``); returns 0."""
    from jobcareer.evaluation import evaluate_models

    path = data_file(args)
    clf, model_dir = load_model(args.model)
    data = read_labeled(path, text_field=args.text_field, label_field=args.label_field)
    evaluated = _split_rows(data, args.split, path)
    _warn_if_training_data(clf, path, data, args.split, evaluated)
    baseline = _baseline_rows(args, data, evaluated)
    by_columns = args.by or []
    missing = [c for c in by_columns if c not in evaluated.columns]
    if missing:
        present = ", ".join(sorted(evaluated.columns)) or "none"
        raise CLIError(f"--by: {path} has no column {missing[0]!r} (columns: {present})", EXIT_USAGE)
    by = {column: evaluated.columns[column] for column in by_columns}
    results = evaluate_models(
        clf, baseline.texts, baseline.labels, evaluated.texts, evaluated.labels, by=by
    )
    which = "all rows" if args.split == "all" or "split" not in data.columns else f"split {args.split!r}"
    lines = [f"model {model_dir} on {path} ({which}, {len(evaluated)} answers)", ""]
    lines += metrics_lines(results, "")
    for column in by_columns:
        lines += ["", *breakdown_lines(results, column)]
    print("\n".join(lines))
    if args.json is not None:
        with open_output(args.json, option="--json", inputs=[path, args.train_data]) as out:
            json.dump(results, out, indent=2)
            out.write("\n")
    return 0


def add_evaluate_command(commands: Any) -> None:
    """Register ``evaluate`` on the ``jobcareer`` command's subparsers."""
    p = add_command(commands, "evaluate", HELP, DESCRIPTION, run_evaluate)
    add_data_options(p, "evaluate on")
    p.add_argument("--split", default="test",
                   help="rows to evaluate when there is a split column (default test; 'all' for every row)")
    p.add_argument("--train-data", metavar="FILE",
                   help="labeled file the baselines learn from (default: the 'train' split)")
    p.add_argument("--by", type=column_list, metavar="COLS",
                   help="breakdowns by these columns, e.g. style,hard_case")
    p.add_argument("--json", metavar="FILE", help="write every metric as JSON to FILE")
    p.add_argument("--text-field", default="text", metavar="NAME",
                   help="answer column, in --data and --train-data (default text)")
    p.add_argument("--label-field", default="label", metavar="NAME",
                   help="label column, in --data and --train-data (default label)")
    add_model_option(p)
