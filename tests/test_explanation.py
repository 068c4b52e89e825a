"""Specification of the explanation types (jobcareer/explanation.py): data users can keep.

Explanations of a batch are views over the batch's arrays; whatever is done with one
(compared, hashed, copied, pickled, replaced, turned into a dict and back) it behaves as
the plain frozen dataclass of its values.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle

import pytest

from jobcareer.explanation import Explanation, from_dict

ANSWERS = [
    "The salary is fine, and the office is close to my flat. But I want to grow into a lead role.",
    "I'm not here for the money, I want to learn the craft.",
    "Honestly the hours fit my kids' school run.",
]


@pytest.fixture(scope="module")
def views(bundled_model):
    return bundled_model.explain_many(ANSWERS)


def plain(exp: Explanation) -> Explanation:
    """The same explanation built from its values (not a view)."""
    return Explanation(**{f.name: getattr(exp, f.name) for f in dataclasses.fields(exp)})


def test_a_view_equals_the_explanation_of_its_values_and_hashes_alike(views):
    for exp in views:
        assert exp == plain(exp)
        assert hash(exp) == hash(plain(exp))
        assert repr(exp) == repr(plain(exp))


def test_parts_are_built_once_and_kept(views):
    exp = views[0]
    assert exp.phrases is exp.phrases
    assert exp.contributions is exp.contributions
    assert exp.sentences is exp.sentences
    assert isinstance(exp.phrases, tuple) and isinstance(exp.contributions, tuple)


def test_parts_read_in_any_order_are_those_of_a_single_explain(bundled_model):
    fresh = bundled_model.explain_many(ANSWERS)
    # read the last answer's parts first, then the others, in another order
    for exp in reversed(fresh):
        assert exp.sentences == bundled_model.explain(exp.text).sentences
    for exp in fresh:
        assert exp.contributions == bundled_model.explain(exp.text).contributions
        assert exp.phrases == bundled_model.explain(exp.text).phrases


def test_a_pickled_or_copied_view_holds_its_values_not_the_batch(bundled_model):
    one = bundled_model.explain_many(ANSWERS)[1]
    alone = bundled_model.explain_many(ANSWERS[1:2])[0]
    data = pickle.dumps(one)
    assert pickle.loads(data) == one
    assert len(data) == len(pickle.dumps(alone))  # the same bytes whatever the batch held
    assert copy.copy(one) == one and copy.deepcopy(one) == one


def test_views_are_frozen_and_replace_gives_a_plain_explanation(views):
    exp = views[2]
    with pytest.raises(dataclasses.FrozenInstanceError):
        exp.phrases = ()  # type: ignore[misc]
    with pytest.raises(AttributeError, match="no attribute 'weight'"):
        exp.weight  # noqa: B018 - an unknown name is refused as usual
    shorter = dataclasses.replace(exp, phrases=exp.phrases[:1])
    assert shorter.phrases == exp.phrases[:1] and shorter.contributions == exp.contributions


def test_a_dict_round_trip_through_json_gives_the_explanation_back(views, bundled_model):
    for exp in views:
        data = json.loads(json.dumps(exp.to_dict()))
        assert from_dict(data, bundled_model.calibration_) == exp


def test_a_dict_of_another_schema_is_refused_with_what_was_expected():
    with pytest.raises(ValueError, match="schema 1, got 7"):
        from_dict({"schema": 7}, (1.0, 0.0))

