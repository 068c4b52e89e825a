"""Specification of the items of an explanation (jobcareer/explanation_items.py)."""

from __future__ import annotations

import dataclasses

import pytest

from jobcareer.explanation_items import Phrase


def test_phrases_from_columns_equal_phrases_made_one_by_one():
    text = "The pay is fine but I want to grow."
    made = Phrase.from_columns(text, [0, 20], [7, 34], [-1.25, 2.0], [0.8, 0.2])
    assert made == (Phrase("The pay", 0, 7, -1.25, "job", 0.8), Phrase("I want to grow", 20, 34, 2.0, "career", 0.2))
    assert Phrase.from_columns(text, [], [], [], []) == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        made[0].weight = 0.0  # type: ignore[misc]
