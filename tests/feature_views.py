"""Readable views of a batch's analysis and features, for the tests' specifications.

The library works on flat arrays; these read them back answer by answer as lists and named
tuples, so that a test can say what an answer's content words or feature occurrences are.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from jobcareer.analysis import Analysis
from jobcareer.content_words import content_words, token_covers, unigram_name
from jobcareer.features import Featurizer
from jobcareer.occurrence_table import OccurrenceTable


def content_tokens(analysis: Analysis, k: int) -> list[list[tuple[str, tuple[int, ...]]]]:
    """Answer ``k``'s feature tokens, sentence by sentence.

    Returns
    -------
    list of list of (str, tuple of int)
        Per sentence, each content token's form (lowercased lemma or placeholder,
        possibly ``not_``-prefixed) with the answer's token indices it covers (several for
        a masked multi-word occupation or a normalised time expression).
    """
    lo, hi = analysis.token_range(k)
    words = content_words(analysis)
    start, positions = token_covers(analysis, words.position)
    a, b = np.searchsorted(words.position, [lo, hi])
    sentences: list[list[tuple[str, tuple[int, ...]]]] = []
    last = None
    for j in range(a, b):
        sentence = int(words.sentence[j])
        if sentence != last:
            sentences.append([])
            last = sentence
        covered = tuple(int(p) - lo for p in positions[start[j] : start[j + 1]])
        sentences[-1].append((unigram_name(analysis, int(words.key[j])), covered))
    return sentences


class FeatureOccurrences(NamedTuple):
    """One active feature of one answer.

    Attributes
    ----------
    index : int
        Column of the feature in the matrix.
    name : str
        The feature's name (e.g. ``"w:close to"``, ``"c:motive:pay"``).
    value : float
        Its value in the matrix row.
    occurrences : tuple of tuple of int
        For each occurrence, the indices of the answer's tokens that produced it.
    """

    index: int
    name: str
    value: float
    occurrences: tuple[tuple[int, ...], ...]


def occurrences_per_answer(analysis: Analysis, table: OccurrenceTable) -> list[list[FeatureOccurrences]]:
    """The table's occurrences per answer, features in column order, tokens as the answer's indices."""
    bounds = analysis.bounds.tolist()
    tokens, token_start = table.tokens.tolist(), table.token_start.tolist()
    entry_occurrences = np.searchsorted(table.occurrence_entry, np.arange(len(table.values) + 1)).tolist()
    names, indices, data = table.entry_name.tolist(), table.columns.tolist(), table.values.tolist()
    row_start = table.row_start.tolist()
    out: list[list[FeatureOccurrences]] = []
    for r in range(len(analysis)):
        lo = bounds[r]
        found = []
        for e in range(row_start[r], row_start[r + 1]):
            spans = tuple(
                tuple(t - lo for t in tokens[token_start[o] : token_start[o + 1]])
                for o in range(entry_occurrences[e], entry_occurrences[e + 1])
            )
            found.append(FeatureOccurrences(indices[e], names[e], data[e], spans))
        out.append(found)
    return out


def occurrences(featurizer: Featurizer, analysis: Analysis) -> list[list[FeatureOccurrences]]:
    """Per answer of the batch, every in-vocabulary feature with its value and occurrences.

    The values are exactly those of the answer's row in ``featurizer.transform``; features are
    in column order, occurrences in text order, as token indices of the answer.
    """
    return occurrences_per_answer(analysis, featurizer.occurrence_table(analysis))
