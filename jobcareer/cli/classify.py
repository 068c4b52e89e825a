"""``jobcareer classify``: score answers from arguments, stdin or a file, streamed in chunks.

Rows are read lazily (:mod:`jobcareer.cli.inputs`), scored a chunk at a time (in worker
processes with ``--n-process``), and written as they are scored (:mod:`jobcareer.cli.outputs`),
so memory does not grow with the file. Parquet input goes to :mod:`jobcareer.parquet`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from spacy.util import minibatch

from jobcareer.cli.arguments import (
    add_command,
    add_model_option,
    add_output_option,
    positive_int,
    probability,
)
from jobcareer.cli.errors import EXIT_USAGE, CLIError
from jobcareer.cli.inputs import (
    MAX_LISTED_SKIPS,
    Row,
    RowFilter,
    Source,
    argument_rows,
    existing_file,
    file_rows,
    line_rows,
    load_model,
    stdin_lines,
)
from jobcareer.cli.outputs import WRITERS, Scored, progress_bar
from jobcareer.data import RowError
from jobcareer.decision import label_of
from jobcareer.explain import Explanation
from jobcareer.model import JobCareerClassifier
from jobcareer.output_files import format_from_suffix, open_output
from jobcareer.parallel import ScoringPool
from jobcareer.render import terminal_safe

__all__ = ["CLASSIFY_SUFFIXES", "DESCRIPTION", "HELP", "add_classify_command", "run_classify", "score_rows"]

#: The command's line in ``jobcareer --help``, and the top of ``jobcareer classify --help``.
HELP = "classify answers from arguments, stdin or a .txt/.jsonl/.csv file"
DESCRIPTION = (
    "Classify answers. Each output row is the input row (every column kept) "
    "plus label, career_score (calibrated P(career)) and low_evidence (too few known "
    "signals for the label to mean much); --explain adds top_phrases, which about doubles "
    "the time per answer. Files are streamed in chunks, so memory does not grow with the file."
)

#: Output formats taken from the ``--output`` extension when ``--format`` is not given.
CLASSIFY_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}


def _classify_source(args: argparse.Namespace) -> tuple[Source, Iterator[Row | RowError]]:
    """Where ``classify`` reads from: arguments, ``-`` (stdin) or ``--input FILE``."""
    if args.input is not None and args.answers:
        raise CLIError("give answers as arguments or --input FILE, not both", EXIT_USAGE)
    if args.input is not None:
        return file_rows(existing_file(args.input, "--input"), args.column)
    if not args.answers:
        raise CLIError("nothing to classify: give answers, '-' for stdin, or --input FILE", EXIT_USAGE)
    if args.column is not None:
        raise CLIError("--column/--field applies to --input .jsonl and .csv files only", EXIT_USAGE)
    if "-" in args.answers:
        if len(args.answers) > 1:
            raise CLIError("'-' (read stdin) cannot be mixed with answers given as arguments", EXIT_USAGE)
        return Source("<stdin>", "line"), line_rows(stdin_lines())
    return Source("arguments", "answer"), argument_rows(args.answers)


def score_rows(
    clf: JobCareerClassifier, rows: list[Row], *, explain: bool, threshold: float, pool: ScoringPool | None
) -> list[Scored]:
    """Score one chunk of rows with the model's batch analysis (in ``pool`` if given).

    Parameters
    ----------
    clf : JobCareerClassifier
        A fitted classifier.
    rows : list of Row
        The chunk.
    explain : bool
        Explain every answer (``--explain``); otherwise only score it.
    threshold : float
        The smallest P(career) labelled career.
    pool : ScoringPool or None
        Worker processes to score in (not used with ``explain``).

    Returns
    -------
    list of Scored
        In the order of ``rows``. The scores equal ``clf.predict_proba(texts)[:, 0]``.
    """
    texts = [row.text for row in rows]
    explanations: list[Explanation | None] = [None] * len(texts)
    if explain:
        explained = clf.explain_many(texts)
        explanations = list(explained)
        scores = [e.score for e in explained]
        low = [e.low_evidence for e in explained]
    else:
        if pool is not None:
            logits, flags = pool.logits_and_low_evidence(texts)
        else:
            logits, flags = clf.career_logit_and_low_evidence(texts)
        scores = [float(s) for s in clf.calibrate(logits)]
        low = [bool(f) for f in flags]
    return [
        Scored(row, label_of(float(score), threshold), float(score), flag, exp)
        for row, score, flag, exp in zip(rows, scores, low, explanations)
    ]


def _nothing_classified(source: Source, row_filter: RowFilter) -> str:
    if row_filter.skipped:
        return f"{source.name}: every row was invalid; nothing was classified"
    return f"{source.name}: no answers to classify"


def run_classify(args: argparse.Namespace) -> int:
    """Classify the answers ``args`` names and write them in ``args.format``; returns 0."""
    if args.input is not None and Path(args.input).suffix.lower() == ".parquet":
        return _classify_parquet(args)
    source, rows = _classify_source(args)
    output_format = args.format or format_from_suffix(args.output, CLASSIFY_SUFFIXES) or "table"
    clf, _ = load_model(args.model)
    row_filter = RowFilter(source, args.skip_invalid)
    clf.batch_size = args.batch_size
    # workers are worth starting for plain scoring only; explanations are built here
    parallel = args.n_process > 1 and not args.explain
    chunk_size = args.batch_size * (8 * args.n_process if parallel else 1)
    total = 0
    bar = progress_bar() if args.input is not None or source.name == "<stdin>" else None
    try:
        with open_output(args.output, inputs=[args.input]) as out, ExitStack() as stack:
            pool = stack.enter_context(ScoringPool(clf, args.n_process)) if parallel else None
            writer = WRITERS[output_format](out, explain=args.explain, top=args.top)
            for chunk in minibatch(row_filter(rows), chunk_size):
                scored = score_rows(clf, chunk, explain=args.explain, threshold=args.threshold, pool=pool)
                writer.write(scored)
                out.flush()
                total += len(scored)
                if bar is not None:
                    bar.update(len(scored))
            if total == 0:
                raise CLIError(_nothing_classified(source, row_filter))
            writer.close()
    except UnicodeDecodeError as err:
        raise CLIError(f"{source.name}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    finally:
        if bar is not None:
            bar.close()
        report = row_filter.report()
        if report:
            print(f"jobcareer: {terminal_safe(report)}", file=sys.stderr)
    return 0


def _classify_parquet(args: argparse.Namespace) -> int:
    """``classify --input X.parquet -o Y.parquet``: row groups streamed (jobcareer.parquet)."""
    if args.answers or args.output is None or Path(args.output).suffix.lower() != ".parquet":
        raise CLIError("Parquet input is written to a Parquet file: --input X.parquet -o Y.parquet", EXIT_USAGE)
    try:
        from jobcareer.parquet import classify_parquet
    except ImportError:
        raise CLIError("reading Parquet needs pyarrow: pip install 'jobcareer[parquet]'", EXIT_USAGE) from None
    clf, _ = load_model(args.model)
    done = classify_parquet(clf, existing_file(args.input, "--input"), args.output, column=args.column or "text",
                            explain=args.explain, top=args.top, batch_size=args.batch_size,
                            skip_invalid=args.skip_invalid)
    if done.skipped:
        listed = ", ".join(str(n) for n in done.skipped[:MAX_LISTED_SKIPS])
        print(f"jobcareer: skipped {len(done.skipped)} rows (0-based): {listed}", file=sys.stderr)
    return 0


def add_classify_command(commands: Any) -> None:
    """Register ``classify`` on the ``jobcareer`` command's subparsers."""
    p = add_command(commands, "classify", HELP, DESCRIPTION, run_classify)
    p.add_argument("answers", nargs="*", metavar="ANSWER",
                   help="answers to classify, or '-' to read stdin (one answer per line)")
    p.add_argument("--input", "-i", metavar="FILE",
                   help=".txt (one answer per line), .jsonl (see --field) or .csv (see --column)")
    p.add_argument("--column", "--field", dest="column", metavar="NAME",
                   help="the answer's column (CSV) or field (JSONL); default: text")
    p.add_argument("--format", choices=tuple(WRITERS),
                   help="table (for people), csv, jsonl or json (default: from the --output "
                        "extension, .csv, .jsonl/.ndjson or .json, else table)")
    add_output_option(p)
    p.add_argument("--explain", action="store_true",
                   help="add the top phrases with their weights")
    p.add_argument("--top", type=positive_int, default=3, metavar="N",
                   help="phrases per answer with --explain (default 3)")
    p.add_argument("--threshold", type=probability, default=0.5, metavar="P",
                   help="label career when P(career) >= P (default 0.5)")
    p.add_argument("--batch-size", type=positive_int, default=1000, metavar="N",
                   help="answers read, scored and written at a time, per process (default 1000)")
    p.add_argument("--n-process", type=positive_int, default=1, metavar="N",
                   help="worker processes for scoring (default 1; pays off from a few thousand "
                        "answers; not used with --explain)")
    p.add_argument("--skip-invalid", action="store_true",
                   help="skip bad rows (malformed, empty, missing field) and list them at the end")
    add_model_option(p)
