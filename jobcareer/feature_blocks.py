"""The three feature blocks: where each feature occurs in a batch, and its name.

``w:``  word n-grams over the content words (:mod:`jobcareer.content_words`);
``c:``  cue phrases of the lexicons, by cue set (``c:motive:pay``), with ``:neg`` and
        ``:conc`` variants, and per-side aggregates (``c:side:job``);
``ch:`` character n-grams inside content words.

Occurrences are found with array operations and identified by integer *keys*; names are
made from keys only for the features a model learns (``Featurizer.fit``) or looks up.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from jobcareer.analysis import Analysis
from jobcareer.content_words import ContentWords, unigram_name
from jobcareer.forms import OCCUPATION
from jobcareer.lexicons import FRAME_LABELS, MOTIVE_LABELS, load_list

__all__ = [
    "BLOCK_PREFIXES",
    "FUNCTION_WORDS",
    "PAIR_SHIFT",
    "WordNgrams",
    "char_ngrams",
    "cue_feature_names",
    "cue_key",
    "cue_occurrences",
    "cue_set_sides",
    "is_function_ngram",
    "side_key",
    "word_feature_name",
    "word_ngrams",
]

#: Name prefix of each block, by block number (0 words, 1 cues, 2 characters).
BLOCK_PREFIXES = ("w:", "c:", "ch:")
#: A bigram's key is ``first unigram key << PAIR_SHIFT | second unigram key``.
PAIR_SHIFT = 31
#: cue set name -> the label its motive argues for (aggregated "side" cue features)
_SIDE_OF_CUE_SET = {
    **{f"motive:{motive}": label for motive, label in MOTIVE_LABELS.items()},
    **{f"frame:{frame}": label for frame, label in FRAME_LABELS.items()},
}
_SIDE_NAMES = ("job", "career")
#: cue feature variants, by ``negated + 2 * conceded``
_VARIANT_SUFFIXES = ("", ":neg", ":conc", ":neg:conc")
_N_VARIANTS = len(_VARIANT_SUFFIXES)
#: Words that are function words for :func:`is_function_ngram`: stop words, and discourse
#: and stance words (``resources/discourse.txt``).
FUNCTION_WORDS = frozenset(STOP_WORDS) | frozenset(load_list("discourse.txt"))


class WordNgrams(NamedTuple):
    """The word n-grams of one size in a batch.

    Attributes
    ----------
    n : int
        Their size.
    row : ndarray of int64
        Answer of each.
    first : ndarray of int64
        Index of its first word in the batch's :class:`ContentWords`.
    key : ndarray
        The unigram key for n = 1, the packed pair for n = 2 (int64), and for larger n an
        object array of key tuples.
    """

    n: int
    row: np.ndarray
    first: np.ndarray
    key: np.ndarray


def word_ngrams(words: ContentWords, ngram_range: tuple[int, int], *, occupation_unigram: bool) -> list[WordNgrams]:
    """The word n-grams of a batch, one group per size; n-grams never cross sentences.

    ``occupation_unigram`` False leaves out the bare ``<occ>`` unigram.
    """
    lo, hi = ngram_range
    out = []
    for n in range(lo, hi + 1):
        m = len(words.key) - n + 1
        if m <= 0:
            continue
        first = np.arange(m)
        if n > 1:
            first = first[words.sentence[:m] == words.sentence[n - 1 :]]
        if n == 1:
            key = words.key
            if not occupation_unigram:
                first = first[(key >> 1) != OCCUPATION]
            key = key[first]
        elif n == 2:
            key = (words.key[first] << PAIR_SHIFT) | words.key[first + 1]
        else:
            parts = [words.key[first + k].tolist() for k in range(n)]
            key = np.empty(len(first), dtype=object)
            key[:] = list(zip(*parts)) if len(first) else []
        out.append(WordNgrams(n, words.row[first], first, key))
    return out


def word_feature_name(analysis: Analysis, n: int, key: object) -> str:
    """The name of a word n-gram of size ``n`` from its key (see :class:`WordNgrams`)."""
    if n == 1:
        return "w:" + unigram_name(analysis, int(key))  # type: ignore[call-overload]
    if n == 2:
        k = int(key)  # type: ignore[call-overload]
        first, second = k >> PAIR_SHIFT, k & ((1 << PAIR_SHIFT) - 1)
        return "w:" + unigram_name(analysis, first) + " " + unigram_name(analysis, second)
    return "w:" + " ".join(unigram_name(analysis, k) for k in key)  # type: ignore[union-attr]


def cue_occurrences(
    analysis: Analysis, *, concession: bool, cue_sides: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cue features of a batch: ``(row, cue match index, key)``.

    The key indexes :func:`cue_feature_names` of the batch's cue sets. A cue is negated
    when a token of it, or the token before it, is in a negation scope, and conceded (only
    if ``concession``) when a token of it is in a conceded clause. With ``cue_sides``,
    every cue of a motive with a side also counts for its side's feature.
    """
    starts, ends, sets = analysis.cue_start, analysis.cue_end, analysis.cue_set
    index = np.arange(len(starts))
    if not len(starts):
        return index, index, index
    one_answer = len(analysis.bounds) == 2
    row = np.zeros(len(starts), dtype=np.int64) if one_answer else analysis.bounds.searchsorted(starts, "right") - 1
    if np.count_nonzero(analysis.negated):
        before = starts > 0 if one_answer else starts > analysis.bounds[row]  # a token before it, in its answer
        negated = _counts_before(analysis.negated)
        is_negated = ((negated[ends] - negated[starts]) > 0) | (before & analysis.negated[np.maximum(starts - 1, 0)])
        variant = is_negated.astype(np.int64)
    else:  # no negation scope in the batch (most single sentences)
        variant = np.zeros(len(starts), dtype=np.int64)
    if concession and np.count_nonzero(analysis.conceded):
        conceded = _counts_before(analysis.conceded)
        variant += 2 * ((conceded[ends] - conceded[starts]) > 0)
    key = cue_key(sets, variant)
    if cue_sides:
        side = cue_set_sides(tuple(analysis.cue_names))[sets]
        has_side = side >= 0
        row = np.concatenate([row, row[has_side]])
        index = np.concatenate([index, index[has_side]])
        key = np.concatenate([key, side_key(side[has_side], variant[has_side], len(analysis.cue_names))])
    return row, index, key


def cue_key(cue_set: Any, variant: Any) -> Any:
    """Key of the cue feature of set ``cue_set`` in ``variant`` (negated + 2 * conceded);
    ints or int arrays."""
    return cue_set * _N_VARIANTS + variant


def side_key(side: Any, variant: Any, n_sets: int) -> Any:
    """Key of the side feature ``side`` (an index into the sides, see :func:`cue_set_sides`)
    in ``variant``, with ``n_sets`` cue sets; ints or int arrays."""
    return _N_VARIANTS * (n_sets + side) + variant


def _counts_before(flags: np.ndarray) -> np.ndarray:
    """How many of ``flags`` are set before each position (one more value: the total)."""
    out = np.zeros(len(flags) + 1, dtype=np.int64)
    flags.cumsum(out=out[1:])
    return out


@cache
def cue_set_sides(cue_names: tuple[str, ...]) -> np.ndarray:
    """Each cue set's side, as an index into the sides (``"job"``, ``"career"``), -1 for
    none; cached, read-only."""
    sides = np.array(
        [_SIDE_NAMES.index(_SIDE_OF_CUE_SET[n]) if n in _SIDE_OF_CUE_SET else -1 for n in cue_names], dtype=np.int64
    )
    sides.flags.writeable = False
    return sides


def cue_feature_names(cue_names: Sequence[str]) -> list[str]:
    """Names of every cue feature, indexed by the keys of :func:`cue_occurrences`."""
    bases = [f"c:{name}" for name in cue_names] + [f"c:side:{side}" for side in _SIDE_NAMES]
    return [base + suffix for base in bases for suffix in _VARIANT_SUFFIXES]


def char_ngrams(
    analysis: Analysis, words: ContentWords, char_range: tuple[int, int]
) -> tuple[list[int], list[int], list[str]]:
    """Character n-grams: ``(row, content word index, name)`` lists (Python; off by default).

    Taken inside each content word padded with spaces; placeholders have none.
    """
    rows, firsts, names = [], [], []
    lo, hi = char_range
    cache: dict[int, list[str]] = {}
    for j, (key, row) in enumerate(zip(words.key.tolist(), words.row.tolist())):
        grams = cache.get(key)
        if grams is None:
            form = unigram_name(analysis, key)
            grams = []
            if not (form.startswith("<") or form.startswith("not_<")):
                padded = f" {form} "
                grams = ["ch:" + padded[i : i + n] for n in range(lo, hi + 1) for i in range(len(padded) - n + 1)]
            cache[key] = grams
        rows.extend([row] * len(grams))
        firsts.extend([j] * len(grams))
        names.extend(grams)
    return rows, firsts, names


def is_function_ngram(name: str) -> bool:
    """Whether a feature name is a word n-gram of function words only.

    Function words are spaCy's English stop words and the discourse and stance words of
    ``resources/discourse.txt`` (``"w:the"``, ``"w:be do"``, ``"w:honestly"``,
    ``"w:just really"``). Negation marks are ignored (``"w:not_the"`` is one too).
    """
    if not name.startswith("w:"):
        return False
    return all(part.removeprefix("not_") in FUNCTION_WORDS for part in name[2:].split(" "))
