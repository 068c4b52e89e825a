"""Tables of evaluation metrics, for the terminal and for Markdown from the same rows.

``jobcareer evaluate`` and ``jobcareer info`` print them as aligned columns;
``scripts/model_card.py`` writes them into ``MODEL_CARD.md`` as Markdown tables. The
``results`` they read is what :func:`jobcareer.evaluation.evaluate_models` returns (and
training stores in ``meta.json`` under ``test_metrics``): for each of ``model``,
``majority`` and ``keywords``, an ``overall`` dict of metrics and ``by`` column and value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BASELINE_ORDER",
    "METRIC_COLUMNS",
    "ReportTable",
    "breakdown_lines",
    "breakdown_table",
    "metrics_lines",
    "metrics_table",
    "number",
]

#: Metrics shown in the evaluation tables: (key in the metrics dict, column title).
METRIC_COLUMNS = (
    ("accuracy", "accuracy"),
    ("macro_f1", "macro-F1"),
    ("roc_auc", "ROC-AUC"),
    ("brier", "Brier"),
    ("ece", "ECE"),
)
#: The order of the models' rows in the terminal.
BASELINE_ORDER = ("model", "majority", "keywords")

Results = Mapping[str, Mapping[str, Any]]


def number(value: float | None) -> str:
    """A metric with three decimals, or ``n/a`` when it is undefined (``None``)."""
    return "n/a" if value is None else f"{value:.3f}"


@dataclass(frozen=True)
class ReportTable:
    """Rows of formatted cells; the first cell of a row names it.

    Attributes
    ----------
    titles : tuple of str
        The column titles in Markdown, where there is room for words.
    short_titles : tuple of str
        The same columns' titles in the terminal's fixed-width columns.
    rows : tuple of tuple of str
        The cells, already formatted.
    """

    titles: tuple[str, ...]
    short_titles: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def text_lines(self, widths: Sequence[int], indent: str = "") -> list[str]:
        """Aligned lines: the first column left-aligned, the others right-aligned.

        Parameters
        ----------
        widths : sequence of int
            Each column's width in characters.
        indent : str, default ""
            Put before the first cell of every row (not of the header).
        """

        def line(cells: Sequence[str], first: str) -> str:
            rest = "".join(f"{cell:>{width}}" for cell, width in zip(cells[1:], widths[1:]))
            return f"{first:<{widths[0]}}{rest}"

        return [line(self.short_titles, self.short_titles[0])] + [line(row, indent + row[0]) for row in self.rows]

    def markdown(self) -> str:
        """A Markdown (GitHub) table: header, separator, one line per row."""
        lines = ["| " + " | ".join(self.titles) + " |", "|" + "---|" * len(self.titles)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


def metrics_table(results: Results, *, title: str = "model", models: Sequence[str] = BASELINE_ORDER) -> ReportTable:
    """One row per model in ``models`` (those ``results`` has) with the headline metrics.

    Parameters
    ----------
    results : mapping
        Metrics per model (see the module's docstring).
    title : str, default "model"
        The first column's title.
    models : sequence of str, default BASELINE_ORDER
        The models, in the order of the rows.
    """
    titles = (title, *(name for _, name in METRIC_COLUMNS))
    rows = tuple(
        (model, *(number(results[model]["overall"].get(key)) for key, _ in METRIC_COLUMNS))
        for model in models
        if model in results
    )
    return ReportTable(titles, titles, rows)


def breakdown_table(results: Results, column: str, *, models: Sequence[str] | None = None) -> ReportTable:
    """Per value of ``column``: its number of answers, each model's macro-F1, the model's accuracy.

    Parameters
    ----------
    results : mapping
        Metrics per model, with ``by[column]`` breakdowns (see the module's docstring).
    column : str
        The column the answers were grouped by, e.g. ``"style"``.
    models : sequence of str, optional
        The models whose macro-F1 is shown (default: those of ``BASELINE_ORDER`` present).
    """
    if models is None:
        models = [m for m in BASELINE_ORDER if m in results]
    groups = results["model"]["by"].get(column, {})
    rows = tuple(
        (
            str(value),
            str(metrics["n"]),
            *(number(results[m]["by"][column][value]["macro_f1"]) for m in models),
            number(metrics["accuracy"]),
        )
        for value, metrics in groups.items()
    )
    titles = (column, "n", *(f"macro-F1 ({m})" for m in models), "accuracy (model)")
    short_titles = (f"by {column}", "n", *(f"{m} F1" for m in models), "model acc")
    return ReportTable(titles, short_titles, rows)


def metrics_lines(results: Results, title: str) -> list[str]:
    """:func:`metrics_table` for the terminal, headed by ``title`` (up to 12 characters)."""
    table = metrics_table(results, title=title)
    return table.text_lines((12, *(10 for _ in METRIC_COLUMNS)))


def breakdown_lines(results: Results, column: str) -> list[str]:
    """:func:`breakdown_table` for the terminal: values indented under ``by COLUMN``."""
    table = breakdown_table(results, column)
    indent = "  "
    first = max([len(table.short_titles[0]), *(len(indent + row[0]) for row in table.rows)])
    models = len(table.short_titles) - 3
    return table.text_lines((first, 6, *(13 for _ in range(models)), 11), indent=indent)
