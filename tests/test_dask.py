"""jobcareer.dask.score: a Dask DataFrame scored on a LocalCluster of 2 worker processes."""

from __future__ import annotations

import json

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

from jobcareer.dask import score  # noqa: E402


@pytest.fixture(scope="module")
def client():
    """A LocalCluster with 2 worker processes (one thread each), for the whole module."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as dask_client:
        yield dask_client


@pytest.fixture(scope="module")
def answers(test_split) -> pd.DataFrame:
    texts = [*test_split.texts[:160], "hello there", "The weather was nice."]
    return pd.DataFrame({"id": range(len(texts)), "text": texts})


def test_scores_equal_predict_proba_on_the_same_rows(client, answers, bundled_model):
    ddf = dd.from_pandas(answers, npartitions=6)
    scored = score(ddf).compute().sort_values("id")
    expected = bundled_model.predict_proba(answers["text"].tolist())[:, 0]
    np.testing.assert_array_equal(scored["career_score"].to_numpy(), expected)
    assert scored["label"].tolist() == bundled_model.predict(answers["text"].tolist()).tolist()
    low = [e.low_evidence for e in bundled_model.explain_many(answers["text"].tolist())]
    assert scored["low_evidence"].tolist() == low
    assert scored["id"].tolist() == answers["id"].tolist()  # every input column kept


def test_each_worker_process_loads_the_model_once(client, answers):
    score(dd.from_pandas(answers, npartitions=8), low_evidence=False).compute()
    cached = client.run(lambda: sorted(map(str, __import__("jobcareer.scoring").scoring._models)))
    assert len(cached) == 2  # two worker processes
    assert all(keys == ["None"] for keys in cached.values())  # one model each, the bundled one


def test_explain_adds_the_top_phrases_as_json(client, bundled_model):
    text = "I want to master this craft and grow into leading a team in five years."
    frame = pd.DataFrame({"text": [text, "The hours fit my kids' school run."]})
    scored = score(dd.from_pandas(frame, npartitions=2), explain=True, top=2).compute()
    phrases = json.loads(scored["top_phrases"].iloc[0])
    expected = bundled_model.explain(text).top_phrases(2)
    assert [(p["text"], p["start"], p["end"]) for p in phrases] == [(p.text, p.start, p.end) for p in expected]
    assert all(text[p["start"] : p["end"]] == p["text"] for p in phrases)


def test_fast_path_has_label_and_score_only(client, answers):
    scored = score(dd.from_pandas(answers, npartitions=2), low_evidence=False)
    assert list(scored.columns) == ["id", "text", "label", "career_score"]


def test_another_model_directory_and_clashing_names(client, tiny_model_dir):
    import jobcareer

    frame = pd.DataFrame({"answer": ["I need the paycheck.", "I want to grow into a lead."], "label": ["x", "y"]})
    scored = score(dd.from_pandas(frame, npartitions=1), column="answer", model=tiny_model_dir).compute()
    assert scored["label"].tolist() == ["x", "y"]  # the input's own column is not replaced
    expected = jobcareer.load(tiny_model_dir).predict_proba(frame["answer"].tolist())[:, 0]
    np.testing.assert_array_equal(scored["career_score"].to_numpy(), expected)
    assert "predicted_label" in scored.columns


def test_a_missing_column_is_named():
    frame = dd.from_pandas(pd.DataFrame({"answer": ["x"]}), npartitions=1)
    with pytest.raises(KeyError, match=r"no column .text.*answer"):
        score(frame)
