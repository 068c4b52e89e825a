"""Turn a written answer into the form of a speech-to-text transcript.

Used to check that form never decides the label (the form-invariance check of the model
card and tests) and available for training-time augmentation. Deterministic for a seed.
"""

from __future__ import annotations

import random
import re

__all__ = ["to_transcript"]

_FILLERS = ("um", "uh", "you know", "like", "i mean", "so yeah", "er")
_PUNCT = re.compile(r"[^\w\s']+")


def to_transcript(text: str, seed: int = 0, filler_rate: float = 0.12) -> str:
    """Lowercase, strip punctuation, and insert fillers and the odd repeated word.

    Parameters
    ----------
    text : str
        A written answer.
    seed : int, default 0
        Seed of the random choices (same text and seed, same output).
    filler_rate : float, default 0.12
        Chance of a filler before each word.

    Returns
    -------
    str
        The answer as a transcript: lowercase, no punctuation, fillers such as "um" and
        "you know", and occasional repeated words ("i i want").

    Examples
    --------
    >>> to_transcript("Honestly, I'd like to LEARN.", seed=1)  # doctest: +SKIP
    'honestly um i'd like to learn'
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text as str, got {type(text).__name__}")
    if not 0.0 <= filler_rate <= 1.0:
        raise ValueError(f"filler_rate must be between 0 and 1, got {filler_rate}")
    rng = random.Random(seed)
    words = _PUNCT.sub(" ", text.lower().replace("’", "'")).split()
    out: list[str] = []
    for i, word in enumerate(words):
        if i > 0 and rng.random() < filler_rate:
            out.append(rng.choice(_FILLERS))
        if rng.random() < 0.03:
            out.append(word)  # a false start: the word said twice
        out.append(word)
    return " ".join(out)
