"""Metrics tables (jobcareer/cli/reports.py): one set of rows, shown in the terminal by
``jobcareer evaluate``/``info`` and written as Markdown by ``scripts/model_card.py``."""

from __future__ import annotations

from jobcareer.cli.reports import (
    ReportTable,
    breakdown_lines,
    breakdown_table,
    metrics_lines,
    metrics_table,
    number,
)

OVERALL = {"accuracy": 0.9, "macro_f1": 0.8876, "roc_auc": None, "brier": 0.1, "ece": 0.05}
RESULTS = {
    "model": {
        "overall": OVERALL,
        "by": {"style": {"plain": {"n": 12, "accuracy": 0.75, "macro_f1": 0.7},
                         "very long style": {"n": 3, "accuracy": 1.0, "macro_f1": 1.0}}},
    },
    "keywords": {
        "overall": {**OVERALL, "accuracy": 0.6},
        "by": {"style": {"plain": {"n": 12, "macro_f1": 0.5}, "very long style": {"n": 3, "macro_f1": 0.25}}},
    },
}


def test_a_metric_has_three_decimals_and_a_missing_one_reads_n_a():
    assert number(0.88764) == "0.888"
    assert number(None) == "n/a"


def test_the_metrics_table_has_a_row_per_model_present_in_the_order_asked():
    table = metrics_table(RESULTS, models=("keywords", "majority", "model"))
    assert table.titles == ("model", "accuracy", "macro-F1", "ROC-AUC", "Brier", "ECE")
    assert table.rows == (
        ("keywords", "0.600", "0.888", "n/a", "0.100", "0.050"),
        ("model", "0.900", "0.888", "n/a", "0.100", "0.050"),
    )


def test_markdown_and_terminal_show_the_same_cells():
    table = metrics_table(RESULTS, title="test metrics")
    markdown = table.markdown().splitlines()
    assert markdown[0] == "| test metrics | accuracy | macro-F1 | ROC-AUC | Brier | ECE |"
    assert markdown[1] == "|---|---|---|---|---|---|"
    terminal = metrics_lines(RESULTS, "test metrics")
    assert terminal[0].split() == ["test", "metrics", "accuracy", "macro-F1", "ROC-AUC", "Brier", "ECE"]
    for md_line, text_line in zip(markdown[2:], terminal[1:], strict=True):
        assert [cell.strip() for cell in md_line.strip("|").split("|")] == text_line.split()


def test_terminal_columns_are_aligned_in_fixed_widths():
    header, model, keywords = metrics_lines(RESULTS, "")
    assert header == " " * 12 + "".join(f"{title:>10}" for title in ("accuracy", "macro-F1", "ROC-AUC", "Brier", "ECE"))
    assert model.startswith("model       ") and len(model) == len(header) == len(keywords)


def test_a_breakdown_gives_n_each_models_f1_and_the_models_accuracy_per_value():
    table = breakdown_table(RESULTS, "style")
    assert table.titles == ("style", "n", "macro-F1 (model)", "macro-F1 (keywords)", "accuracy (model)")
    assert table.short_titles == ("by style", "n", "model F1", "keywords F1", "model acc")
    assert table.rows == (
        ("plain", "12", "0.700", "0.500", "0.750"),
        ("very long style", "3", "1.000", "0.250", "1.000"),
    )
    only_model = breakdown_table(RESULTS, "style", models=("model",))
    assert only_model.rows[0] == ("plain", "12", "0.700", "0.750")


def test_breakdown_values_are_indented_under_their_column_and_fit_the_longest():
    header, *rows = breakdown_lines(RESULTS, "style")
    assert header.startswith("by style")
    assert rows[0].startswith("  plain ")
    assert rows[1].startswith("  very long style")
    assert len({len(line) for line in [header, *rows]}) == 1


def test_any_table_of_cells_renders_as_markdown():
    table = ReportTable(("a", "b"), ("a", "b"), (("1", "x y"),))
    assert table.markdown() == "| a | b |\n|---|---|\n| 1 | x y |"
