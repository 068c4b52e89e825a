"""``jobcareer info``: a model directory's version, path, training data and test metrics."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from jobcareer._version import __version__
from jobcareer.cli.arguments import add_command, add_model_option
from jobcareer.cli.inputs import load_model
from jobcareer.cli.reports import metrics_lines, number

__all__ = ["add_info_command", "model_description", "run_info"]

#: The command's line in ``jobcareer --help``, and the top of ``jobcareer info --help``.
HELP = "show a model's version, path, training data and test metrics"
DESCRIPTION = "Describe a model directory (its meta.json)."


def model_description(path: Path, meta: dict[str, Any]) -> list[str]:
    """The readable form of a model directory's ``meta.json``, one line per fact.

    Parameters
    ----------
    path : Path
        The model directory.
    meta : dict
        Its metadata (``clf.meta_``).
    """
    versions = meta.get("versions", {})
    data = meta.get("training_data") or {}
    lines = [
        f"model          {path}",
        f"made with      jobcareer {versions.get('jobcareer', 'unknown')} "
        f"(installed: {__version__}), spaCy {versions.get('spacy', 'unknown')}, "
        f"scikit-learn {versions.get('scikit-learn', 'unknown')}",
        f"created        {meta.get('created', 'unknown')}",
        f"features       {meta.get('n_features', 'unknown')}",
        f"artifact       {meta.get('artifact', 'unknown')} (sha256 {meta.get('artifact_sha256', '?')})",
    ]
    if data:
        lines.append(
            f"training data  {data.get('file', '?')} (sha256 {data.get('sha256', '?')}), "
            f"{data.get('n_train', '?')} train rows, {data.get('n_test', '?')} test rows"
        )
    else:
        lines.append("training data  not recorded (model saved without jobcareer train)")
    selection = meta.get("selection")
    if selection:
        lines.append(
            f"selection      {selection.get('cv')}: best {selection.get('best_params')}, "
            f"CV macro-F1 {number(selection.get('best_cv_macro_f1'))}"
        )
    metrics = meta.get("test_metrics") or {}
    if metrics.get("model"):
        lines += ["", *metrics_lines(metrics, "test metrics")]
    else:
        lines.append("test metrics   none recorded")
    return lines


def run_info(args: argparse.Namespace) -> int:
    """Print the model's description (or its metadata as JSON); returns 0."""
    clf, path = load_model(args.model)
    meta = getattr(clf, "meta_", {})
    if args.json:
        print(json.dumps({"path": str(path), **meta}, indent=2))
    else:
        print("\n".join(model_description(path, meta)))
    return 0


def add_info_command(commands: Any) -> None:
    """Register ``info`` on the ``jobcareer`` command's subparsers."""
    p = add_command(commands, "info", HELP, DESCRIPTION, run_info)
    p.add_argument("--json", action="store_true", help="print the metadata as JSON")
    add_model_option(p)
