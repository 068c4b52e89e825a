"""jobcareer.spark.score_udf: a pandas UDF on PySpark local[2].

Needs a Java runtime: skipped where there is none, except under CI (``CI`` set), where
``.ci/run`` installs Debian's default-jre-headless and a missing Java is a failure.
"""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pytest

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    if os.environ.get("CI"):
        raise RuntimeError("CI needs a Java runtime for the Spark tests (apt-get install default-jre-headless); "
                           ".ci/run installs it")
    pytest.skip("no Java runtime (apt-get install default-jre-headless)", allow_module_level=True)

from jobcareer.spark import result_schema, score_udf  # noqa: E402

# PySpark warns that it does not fully support pandas 3 yet; the results are checked here
pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support",
    "ignore::FutureWarning:pyspark",
    "ignore:The copy keyword is deprecated",
)


@pytest.fixture(scope="module")
def spark():
    """One small local[2] session for the module (no UI, few shuffle partitions)."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", __import__("sys").executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("jobcareer-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _scored(spark, texts, **kwargs):
    frame = spark.createDataFrame([(i, t) for i, t in enumerate(texts)], "id long, text string").repartition(2)
    out = frame.withColumn("jc", score_udf(**kwargs)("text")).select("id", "text", "jc.*")
    return out.toPandas().sort_values("id")


def test_scores_equal_predict_proba_on_the_same_rows(spark, test_split, bundled_model):
    texts = [*test_split.texts[:120], "hello there"]
    scored = _scored(spark, texts)
    np.testing.assert_array_equal(scored["career_score"].to_numpy(), bundled_model.predict_proba(texts)[:, 0])
    assert scored["label"].tolist() == bundled_model.predict(texts).tolist()
    assert scored["low_evidence"].tolist() == [e.low_evidence for e in bundled_model.explain_many(texts)]


def test_explain_returns_the_top_phrases(spark, bundled_model):
    text = "I want to master this craft and grow into leading a team in five years."
    scored = _scored(spark, [text], explain=True, top=2)
    phrases = json.loads(scored["top_phrases"].iloc[0])
    assert [p["text"] for p in phrases] == [p.text for p in bundled_model.explain(text).top_phrases(2)]


def test_a_model_directory_shipped_with_the_job(spark, tiny_model_dir):
    import jobcareer

    spark.sparkContext.addFile(str(tiny_model_dir), recursive=True)
    texts = ["I need the paycheck.", "I want to grow into a lead."]
    scored = _scored(spark, texts, model_from_spark_files=tiny_model_dir.name, low_evidence=False)
    expected = jobcareer.load(tiny_model_dir).predict_proba(texts)[:, 0]
    np.testing.assert_array_equal(scored["career_score"].to_numpy(), expected)
    assert list(scored.columns) == ["id", "text", "label", "career_score"]


def test_the_result_schema_follows_the_options():
    assert result_schema() == "label string, career_score double, low_evidence boolean"
    assert result_schema(explain=True, low_evidence=False) == "label string, career_score double, top_phrases string"
    with pytest.raises(ValueError, match="not both"):
        score_udf(model="a", model_from_spark_files="b")
