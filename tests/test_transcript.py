"""Specification of the transcript-form transformation (jobcareer/transcript.py)."""

from __future__ import annotations

import re

import pytest

from jobcareer.transcript import to_transcript

TEXT = "Honestly, I'd like to LEARN how a kitchen runs. In five years? I'll run one!"


def test_output_is_lowercase_without_punctuation():
    out = to_transcript(TEXT, seed=3)
    assert out == out.lower()
    assert not re.search(r"[.,!?]", out)


def test_keeps_every_word_in_order():
    out = to_transcript(TEXT, seed=3, filler_rate=0.0).split()
    words = re.sub(r"[^\w\s']", " ", TEXT.lower()).split()
    it = iter(out)
    assert all(any(w == o for o in it) for w in words)


def test_inserts_fillers():
    assert any(f in to_transcript(TEXT * 5, seed=1).split() for f in ("um", "uh", "like", "er"))


def test_is_deterministic_for_a_seed():
    assert to_transcript(TEXT, seed=5) == to_transcript(TEXT, seed=5)


def test_rejects_bad_input():
    with pytest.raises(TypeError, match="NoneType"):
        to_transcript(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="filler_rate"):
        to_transcript(TEXT, filler_rate=2.0)
