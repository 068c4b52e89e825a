"""Specification of scoring in several processes (jobcareer/parallel.py)."""

from __future__ import annotations

import numpy as np
import pytest

from jobcareer.parallel import ScoringPool, parallel_logits


def test_gives_the_same_logits_as_one_process_in_order(bundled_model, test_split):
    texts = list(test_split.texts[:600])
    expected = bundled_model.career_logit(texts)
    assert np.array_equal(parallel_logits(bundled_model, texts, 2), expected)


def test_a_pool_serves_several_calls(bundled_model, test_split):
    texts = list(test_split.texts[:300])
    with ScoringPool(bundled_model, 2) as pool:
        first, second = pool.logits(texts[:100]), pool.logits(texts[100:])
    assert np.array_equal(np.concatenate([first, second]), bundled_model.career_logit(texts))


def test_the_classifier_uses_it_when_asked_for_processes(bundled_model, test_split):
    import jobcareer

    texts = list(test_split.texts[:700])
    parallel = jobcareer.load().set_params(n_process=2, batch_size=64)
    assert np.array_equal(parallel.predict_proba(texts), bundled_model.predict_proba(texts))


def test_needs_at_least_two_processes(bundled_model):
    with pytest.raises(ValueError, match="at least 2"):
        ScoringPool(bundled_model, 1)


def test_the_pool_gives_the_same_low_evidence_flags_as_one_process(small_model):
    texts = ["I need the money for rent.", "asdf qwer zxcv", "I want to grow into a lead."] * 200
    with ScoringPool(small_model, 2) as pool:
        logits, low = pool.logits_and_low_evidence(texts)
    assert np.array_equal(low, small_model.low_evidence(texts))
    assert np.allclose(logits, small_model.career_logit(texts), atol=1e-12)


@pytest.mark.parametrize("backend", ["sequential", "loky"])
def test_workers_that_inherit_nothing_score_alike_and_leave_the_callers_model_as_it_was(
    small_model, monkeypatch, backend
):
    """joblib's ``sequential`` backend runs the tasks in the calling process (as joblib does in
    a daemon process); ``loky`` workers are fresh interpreters: both get the model pickled."""
    import pickle

    import jobcareer.parallel

    monkeypatch.setattr(jobcareer.parallel, "BACKEND", backend)
    model = pickle.loads(pickle.dumps(small_model)).set_params(n_process=2)
    texts = ["I need the money for rent.", "I want to grow into a lead."] * 300
    with ScoringPool(model, 2) as pool:
        logits = pool.logits(texts)
        low = pool.logits_and_low_evidence(texts)[1]
    assert model.n_process == 2
    np.testing.assert_array_equal(logits, small_model.career_logit(texts))
    np.testing.assert_array_equal(low, small_model.low_evidence(texts))
