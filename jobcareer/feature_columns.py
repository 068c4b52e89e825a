"""Looking up the matrix columns of a batch's feature keys, with arrays.

A fitted :class:`jobcareer.features.Featurizer` names its columns (``"w:want to"``); a
batch identifies its features by integer keys made of the form ids of its analysis's
:class:`~jobcareer.forms.FormTable` (see :mod:`jobcareer.feature_blocks`).
:class:`ColumnLookup` translates the one into the other for one form table and one list
of cue sets, so that a batch's columns are found with array indexing and sorted searches
rather than by building names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from jobcareer.feature_blocks import BLOCK_PREFIXES, PAIR_SHIFT, cue_feature_names
from jobcareer.forms import FormTable

__all__ = ["ColumnLookup", "column_lookup", "with_new_forms"]


@dataclass(frozen=True)
class ColumnLookup:
    """Feature columns by the keys of one form table (column -1: not in the vocabulary).

    Attributes
    ----------
    cue_names : sequence of str
        The cue sets the ``cue`` table was built for.
    forms : FormTable
        The form table whose ids the keys are made of.
    unigram : ndarray of int64
        Unigram key -> column, for the forms the table had when last extended.
    pair_keys, pair_columns : ndarray of int64
        The sorted packed bigram keys of the vocabulary, and their columns.
    pair_first, pair_second : ndarray of bool
        Unigram key -> can it start (end) a vocabulary bigram?
    pairs : dict
        The same bigrams as a dict: packed key -> column (for a few keys at a time).
    tuples : dict
        Longer n-grams: tuple of unigram keys -> column.
    cue : ndarray of int64
        Cue feature key (see ``feature_blocks.cue_occurrences``) -> column.
    block : ndarray of int64
        Column -> block (0 words, 1 cues, 2 characters).
    names : ndarray of object
        Column -> feature name.
    """

    cue_names: Sequence[str]
    forms: FormTable
    unigram: np.ndarray
    pair_keys: np.ndarray
    pair_columns: np.ndarray
    pair_first: np.ndarray
    pair_second: np.ndarray
    pairs: dict[int, int]
    tuples: dict[tuple[int, ...], int]
    cue: np.ndarray
    block: np.ndarray
    names: np.ndarray

    def serves(self, forms: FormTable, cue_names: Sequence[str]) -> bool:
        """Whether this lookup is valid for a batch with these forms and cue sets."""
        return forms is self.forms and (cue_names is self.cue_names or list(cue_names) == list(self.cue_names))

    def word_columns(self, n: int, key: np.ndarray) -> np.ndarray:
        """Columns of word n-grams of size ``n`` given by their keys (see ``feature_blocks.WordNgrams``)."""
        if n == 1:
            return self.unigram[key]
        if n > 2:
            return np.array([self.tuples.get(k, -1) for k in key.tolist()], dtype=np.int64)
        column = np.empty(len(key), dtype=np.int64)
        column[:] = -1
        if len(self.pair_keys):
            # search only the pairs whose both words occur in vocabulary bigrams
            maybe = (self.pair_first[key >> PAIR_SHIFT] & self.pair_second[key & ((1 << PAIR_SHIFT) - 1)]).nonzero()[0]
            where = self.pair_keys.searchsorted(key[maybe])
            where[where == len(self.pair_keys)] = 0
            hit = self.pair_keys[where] == key[maybe]
            column[maybe[hit]] = self.pair_columns[where[hit]]
        return column


def column_lookup(
    vocabulary: dict[str, int], feature_names: Sequence[str], forms: FormTable, cue_names: Sequence[str]
) -> ColumnLookup:
    """The lookup of a vocabulary for one form table and one list of cue sets.

    Its unigram table is empty: :func:`with_new_forms` fills it.
    """
    pairs: dict[int, int] = {}
    tuples: dict[tuple[int, ...], int] = {}
    for name, column in vocabulary.items():
        parts = name[2:].split(" ") if name.startswith("w:") else []
        if len(parts) < 2:
            continue
        # forms never contain a space, so the name splits back into its forms
        keys = [forms.id(p[4:]) * 2 + 1 if p.startswith("not_") else forms.id(p) * 2 for p in parts]
        if len(keys) == 2:
            pairs[(keys[0] << PAIR_SHIFT) | keys[1]] = column
        else:
            tuples[tuple(keys)] = column
    pair_keys = np.array(sorted(pairs), dtype=np.int64)
    return ColumnLookup(
        cue_names=cue_names,
        forms=forms,
        unigram=np.zeros(0, dtype=np.int64),
        pair_keys=pair_keys,
        pair_columns=np.array([pairs[k] for k in pair_keys.tolist()], dtype=np.int64),
        pair_first=np.zeros(0, dtype=bool),
        pair_second=np.zeros(0, dtype=bool),
        pairs=pairs,
        tuples=tuples,
        cue=np.array([vocabulary.get(n, -1) for n in cue_feature_names(cue_names)], dtype=np.int64),
        block=np.array([BLOCK_PREFIXES.index(n[: n.index(":") + 1]) for n in feature_names], dtype=np.int64),
        names=np.asarray(feature_names, dtype=object),
    )


def with_new_forms(lookup: ColumnLookup, vocabulary: dict[str, int]) -> ColumnLookup:
    """``lookup`` covering every form its table has now (itself if nothing was added).

    A new lookup rather than a change in place: another thread may be reading it.
    """
    size = 2 * len(lookup.forms)
    if len(lookup.unigram) >= size:
        return lookup
    names = lookup.forms.names
    extra = [vocabulary.get("w:" + ("not_" if k & 1 else "") + names[k >> 1], -1)
             for k in range(len(lookup.unigram), size)]
    pair_first = np.zeros(size, dtype=bool)
    pair_first[lookup.pair_keys >> PAIR_SHIFT] = True
    pair_second = np.zeros(size, dtype=bool)
    pair_second[lookup.pair_keys & ((1 << PAIR_SHIFT) - 1)] = True
    return dataclasses.replace(
        lookup,
        unigram=np.concatenate([lookup.unigram, np.array(extra, dtype=np.int64)]),
        pair_first=pair_first,
        pair_second=pair_second,
    )
