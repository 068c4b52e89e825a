"""jobcareer.parquet and ``jobcareer classify --input X.parquet -o Y.parquet``."""

from __future__ import annotations

import json

import numpy as np
import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from jobcareer.cli import main  # noqa: E402
from jobcareer.data import DataFileError  # noqa: E402
from jobcareer.parquet import classify_parquet  # noqa: E402


def _write(path, texts, row_group_size=7, **extra):
    table = pa.table({"id": list(range(len(texts))), "text": texts, **extra})
    pq.write_table(table, path, row_group_size=row_group_size)
    return path


def test_row_groups_are_streamed_and_scores_equal_predict_proba(tmp_path, bundled_model, test_split):
    texts = test_split.texts[:40]
    source = _write(tmp_path / "a.parquet", texts)
    assert pq.ParquetFile(source).metadata.num_row_groups == 6
    seen: list[int] = []
    result = classify_parquet(bundled_model, source, tmp_path / "b.parquet", batch_size=7, progress=seen.append)
    assert result.rows == 40 and seen == [7, 7, 7, 7, 7, 5]
    out = pq.read_table(tmp_path / "b.parquet")
    assert out.column_names == ["id", "text", "label", "career_score"]
    np.testing.assert_array_equal(out["career_score"].to_numpy(), bundled_model.predict_proba(texts)[:, 0])
    assert out["id"].to_pylist() == list(range(40))


def test_explain_adds_low_evidence_and_top_phrases(tmp_path, bundled_model):
    texts = ["I want to master this craft and grow into leading a team in five years.", "hello there"]
    source = _write(tmp_path / "a.parquet", texts)
    classify_parquet(bundled_model, source, tmp_path / "b.parquet", explain=True, top=2)
    out = pq.read_table(tmp_path / "b.parquet").to_pylist()
    exps = bundled_model.explain_many(texts)
    assert [r["low_evidence"] for r in out] == [e.low_evidence for e in exps]
    assert [p["text"] for p in json.loads(out[0]["top_phrases"])] == [p.text for p in exps[0].top_phrases(2)]


def test_invalid_rows_stop_or_are_skipped(tmp_path, bundled_model):
    source = _write(tmp_path / "a.parquet", ["I need the paycheck.", "  ", None, "I want to lead a team."])
    with pytest.raises(DataFileError, match=r"row 1 \('text'\): empty answer; .*--skip-invalid"):
        classify_parquet(bundled_model, source, tmp_path / "b.parquet")
    result = classify_parquet(bundled_model, source, tmp_path / "b.parquet", skip_invalid=True, batch_size=2)
    assert result.rows == 2 and result.skipped == [1, 2]
    assert pq.read_table(tmp_path / "b.parquet")["id"].to_pylist() == [0, 3]


def test_a_missing_column_or_file_is_named(tmp_path, bundled_model):
    source = _write(tmp_path / "a.parquet", ["I need the paycheck."])
    with pytest.raises(DataFileError, match="no column 'answer'"):
        classify_parquet(bundled_model, source, tmp_path / "b.parquet", column="answer")
    with pytest.raises(DataFileError, match="no such file"):
        classify_parquet(bundled_model, tmp_path / "nope.parquet", tmp_path / "b.parquet")
    (tmp_path / "bad.parquet").write_text("not parquet")
    with pytest.raises(DataFileError, match="not a readable Parquet file"):
        classify_parquet(bundled_model, tmp_path / "bad.parquet", tmp_path / "b.parquet")


def test_the_command_line_reads_and_writes_parquet(tmp_path, tiny_model_dir, capsys):
    source = _write(tmp_path / "a.parquet", ["I need the paycheck.", "I want to grow into a lead."], label=["x", "y"])
    code = main(["classify", "--input", str(source), "-o", str(tmp_path / "b.parquet"), "--model",
                 str(tiny_model_dir), "--explain"])
    assert code == 0
    out = pq.read_table(tmp_path / "b.parquet")
    assert out.column_names == ["id", "text", "label", "predicted_label", "career_score", "low_evidence",
                                "top_phrases"]
    assert out["label"].to_pylist() == ["x", "y"]


def test_the_command_line_wants_a_parquet_output(tmp_path, capsys):
    source = _write(tmp_path / "a.parquet", ["I need the paycheck."])
    assert main(["classify", "--input", str(source), "-o", str(tmp_path / "b.csv")]) == 2
    assert "-o Y.parquet" in capsys.readouterr().err
