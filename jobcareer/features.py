"""Features from analysed answers, each remembering the tokens that produced it.

:class:`Featurizer` is a scikit-learn transformer from :class:`jobcareer.analysis.Analysis`
batches to a sparse matrix, one row per answer. It has three blocks:

``w:``  lemma n-grams over the answer's content tokens: fillers and punctuation skipped,
        occupation spans replaced by ``<occ>``, numbers and time expressions normalised,
        and tokens inside a negation scope prefixed with ``not_``;
``c:``  motive, time-horizon and framing cues from the lexicons (``c:motive:pay``), with a
        ``:neg`` suffix when the cue sits inside a negation scope and a ``:conc`` suffix
        when it sits in a conceded clause ("the pay's fine, but ...");
``ch:`` character n-grams inside content words, which carry typos and unseen inflections.

By default each block is weighted by sublinear term frequency and normalised to unit
length on its own, then scaled by a block weight; ``weighting="binary"`` uses presence
(1.0) without normalisation instead, so that a long answer's evidence adds up rather than
being divided by its length. Word unigrams, bigrams and cues are found for a whole
batch with array operations. :meth:`Featurizer.occurrence_table` gives every
in-vocabulary feature occurrence of a batch with the tokens that produced it (and
:meth:`Featurizer.occurrences` the same per answer, as named tuples): that is what makes
explanations exact and tied to the original text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted
from spacy.lang.en.stop_words import STOP_WORDS

from jobcareer.analysis import Analysis
from jobcareer.forms import OCCUPATION, FormTable
from jobcareer.lexicons import FRAME_LABELS, MOTIVE_LABELS, load_list

__all__ = ["FeatureOccurrences", "Featurizer", "OccurrenceTable", "content_tokens", "is_function_ngram"]

_BLOCKS = ("w:", "c:", "ch:")
#: cue set name -> the label its motive argues for (aggregated "side" cue features)
_SIDES = {
    **{f"motive:{motive}": label for motive, label in MOTIVE_LABELS.items()},
    **{f"frame:{frame}": label for frame, label in FRAME_LABELS.items()},
}
_SIDE_NAMES = ("job", "career")
#: cue feature variants, by ``negated + 2 * conceded``
_VARIANT_SUFFIXES = ("", ":neg", ":conc", ":neg:conc")
_VARIANTS = len(_VARIANT_SUFFIXES)
#: Feature value schemes (see Featurizer's ``weighting``).
WEIGHTINGS = ("sublinear_l2", "binary")
#: bigram code = first form key << _PAIR_SHIFT | second form key
_PAIR_SHIFT = 31
#: Words that are function words for :func:`is_function_ngram`: stop words, and discourse
#: and stance words (``resources/discourse.txt``).
FUNCTION_WORDS = frozenset(STOP_WORDS) | frozenset(load_list("discourse.txt"))


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


class OccurrenceTable(NamedTuple):
    """Every in-vocabulary feature occurrence of a batch, with its tokens, as arrays.

    The batch's *entries* are its matrix's stored values (one per answer and active
    feature, in CSR order). Occurrences are sorted by entry, then text order.

    Attributes
    ----------
    values, columns : ndarray
        Each entry's value and column: the CSR ``data`` and ``indices`` of the batch's
        matrix, exactly as :meth:`Featurizer.transform` gives it.
    row_start : ndarray
        The entries of answer ``k`` are ``row_start[k]:row_start[k + 1]`` (CSR ``indptr``).
    entry_row : ndarray
        The answer of each entry.
    occurrence_entry : ndarray
        The entry of each occurrence.
    token_start : ndarray
        The tokens of occurrence ``o`` are ``tokens[token_start[o]:token_start[o + 1]]``.
    tokens : ndarray
        Global token positions (answer ``k``'s tokens start at ``analysis.bounds[k]``).
    entry_block : ndarray
        The block of each entry's feature: 0 words, 1 cues, 2 characters.
    entry_name : ndarray of str
        The name of each entry's feature.
    """

    values: np.ndarray
    columns: np.ndarray
    row_start: np.ndarray
    entry_row: np.ndarray
    occurrence_entry: np.ndarray
    token_start: np.ndarray
    tokens: np.ndarray
    entry_block: np.ndarray
    entry_name: np.ndarray


class _Words(NamedTuple):
    """The content tokens of a batch (global token positions)."""

    position: np.ndarray  # content token positions, in text order
    key: np.ndarray  # form id * 2 + negated: the unigram's key
    sentence: np.ndarray  # sentence number of each content token
    row: np.ndarray  # answer of each content token


def _content(analysis: Analysis) -> _Words:
    position = np.flatnonzero(analysis.is_content)
    key = analysis.form[position] * 2 + analysis.negated[position]
    sentence = np.cumsum(analysis.sent_start)[position]
    row = np.searchsorted(analysis.bounds, position, side="right") - 1
    return _Words(position, key, sentence, row)


def _form_name(analysis: Analysis, key: int) -> str:
    form = analysis.form_name(key >> 1)
    return "not_" + form if key & 1 else form


def content_tokens(analysis: Analysis, k: int) -> list[list[tuple[str, tuple[int, ...]]]]:
    """Answer ``k``'s feature tokens, sentence by sentence.

    Returns
    -------
    list of list of (str, tuple of int)
        Per sentence, each content token's form (lowercased lemma or placeholder,
        possibly ``not_``-prefixed) with the answer's token indices it covers (several for
        a masked multi-word occupation or a normalised time expression).
    """
    lo, hi = int(analysis.bounds[k]), int(analysis.bounds[k + 1])
    words = _content(analysis)
    start, positions = _covers(analysis, words.position)
    a, b = np.searchsorted(words.position, [lo, hi])
    sentences: list[list[tuple[str, tuple[int, ...]]]] = []
    last = None
    for j in range(a, b):
        sentence = int(words.sentence[j])
        if sentence != last:
            sentences.append([])
            last = sentence
        covered = tuple(int(p) - lo for p in positions[start[j] : start[j + 1]])
        sentences[-1].append((_form_name(analysis, int(words.key[j])), covered))
    return sentences


def _covers(analysis: Analysis, content: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The tokens each content token covers, flattened: ``(start, positions)``.

    Content token ``j`` (at global position ``content[j]``) covers
    ``positions[start[j]:start[j + 1]]``: itself, then any tokens absorbed into its
    placeholder. A token absorbed into a placeholder belongs to the last content token
    before it in the same sentence (usually the placeholder's first token). The covers of
    consecutive content tokens are consecutive, so an n-gram's tokens are one slice.
    """
    owner_of = np.arange(len(content))
    positions = content
    absorbed = np.flatnonzero(analysis.is_absorbed)
    if len(absorbed) and len(content):
        sentence_start = np.maximum.accumulate(np.where(analysis.sent_start, np.arange(len(analysis.norm)), 0))
        owner = np.searchsorted(content, absorbed) - 1
        ok = (owner >= 0) & (content[np.maximum(owner, 0)] >= sentence_start[absorbed])
        owner_of = np.concatenate([owner_of, owner[ok]])
        positions = np.concatenate([content, absorbed[ok]])
        order = np.lexsort((positions, owner_of))
        owner_of, positions = owner_of[order], positions[order]
    start = np.zeros(len(content) + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner_of, minlength=len(content)), out=start[1:])
    return start, positions


def _expand(first: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Concatenated ranges ``first[i] : first[i] + length[i]``."""
    total = int(length.sum())
    offsets = np.cumsum(length) - length
    return np.repeat(first - offsets, length) + np.arange(total, dtype=np.int64)


class Featurizer(TransformerMixin, BaseEstimator):
    """Turn analysed answers into a sparse feature matrix with span-aware features.

    ``fit``, ``transform`` and ``fit_transform`` take one :class:`~jobcareer.analysis.Analysis`
    or an iterable of them (batches, rows in order).

    Parameters
    ----------
    ngram_range : tuple of int, default (1, 2)
        Smallest and largest word n-gram.
    min_df : int, default 2
        Word and character n-grams seen in fewer training answers are dropped. Cue
        features are kept whenever seen once.
    use_words, use_cues, use_chars : bool
        Which feature blocks to build (all three by default except characters).
    cue_sides : bool, default True
        Besides one feature per motive, add one per side (``c:side:job``,
        ``c:side:career``) counting every cue of that side's motives: a broad signal that
        carries over to motives phrased in ways the corpus rarely uses.
    occupation_unigram : bool, default False
        Whether the bare ``<occ>`` placeholder is a feature of its own. Off by default: that
        an answer names an occupation at all says nothing about its orientation (in our
        corpus it merely correlated with career answers); the placeholder still takes
        part in n-grams such as ``become <occ>``.
    char_range : tuple of int, default (3, 5)
        Character n-gram sizes, taken inside each content word padded with spaces.
    cue_weight, char_weight : float
        Scale of the cue and character blocks relative to the word block (1.0).
    concession : bool, default False
        Give cues inside a conceded clause their own ``:conc`` features, so that a motive
        the answer concedes ("the pay's fine, but ...") can weigh less than the one it
        argues for. Off by default so that models saved without it keep their features.
    content_ngrams : bool, default False
        Keep only word n-grams with at least one content word (see
        :func:`is_function_ngram`): n-grams of function words alone ("the", "be do",
        "honestly") carry the writers' habits more than the answers' motives.
    weighting : {"sublinear_l2", "binary"}, default "sublinear_l2"
        ``"sublinear_l2"``: ``1 + log(count)``, each block scaled to unit length.
        ``"binary"``: 1.0 for every feature present, no normalisation. Block weights
        apply to both.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Feature name to column.
    feature_names_ : list of str
        Column to feature name.
    """

    def __init__(
        self,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        use_words: bool = True,
        use_cues: bool = True,
        use_chars: bool = False,
        cue_sides: bool = True,
        occupation_unigram: bool = False,
        char_range: tuple[int, int] = (3, 5),
        cue_weight: float = 1.0,
        char_weight: float = 0.5,
        concession: bool = False,
        content_ngrams: bool = False,
        weighting: str = "sublinear_l2",
    ):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.use_words = use_words
        self.use_cues = use_cues
        self.use_chars = use_chars
        self.cue_sides = cue_sides
        self.occupation_unigram = occupation_unigram
        self.char_range = char_range
        self.cue_weight = cue_weight
        self.char_weight = char_weight
        self.concession = concession
        self.content_ngrams = content_ngrams
        self.weighting = weighting

    # -- every occurrence of every feature of a batch ----------------------------------
    def _word_occurrences(
        self, analysis: Analysis, words: _Words
    ) -> list[tuple[int, np.ndarray, np.ndarray, np.ndarray]]:
        """Word n-grams: ``(n, row, first content index, key)`` per n-gram size.

        Keys: the unigram key for n = 1, the packed pair for n = 2, and for larger n an
        object array of key tuples.
        """
        lo, hi = self.ngram_range
        out = []
        for n in range(lo, hi + 1):
            m = len(words.key) - n + 1
            if m <= 0:
                continue
            first = np.arange(m)
            if n > 1:
                first = first[words.sentence[: m] == words.sentence[n - 1 :]]
            if n == 1:
                key = words.key
                if not self.occupation_unigram:
                    first = first[(key >> 1) != OCCUPATION]
                key = key[first]
            elif n == 2:
                key = (words.key[first] << _PAIR_SHIFT) | words.key[first + 1]
            else:
                parts = [words.key[first + k].tolist() for k in range(n)]
                key = np.empty(len(first), dtype=object)
                key[:] = list(zip(*parts)) if len(first) else []
            out.append((n, words.row[first], first, key))
        return out

    def _cue_occurrences(self, analysis: Analysis) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cue features: ``(row, cue index in the analysis, key)``, key indexing _cue_names."""
        starts, ends, sets = analysis.cue_start, analysis.cue_end, analysis.cue_set
        index = np.arange(len(starts))
        if not len(starts):
            return index, index, index
        negated = np.concatenate([[0], np.cumsum(analysis.negated)])
        row = np.searchsorted(analysis.bounds, starts, side="right") - 1
        before = starts > analysis.bounds[row]
        neg = ((negated[ends] - negated[starts]) > 0) | (before & analysis.negated[np.maximum(starts - 1, 0)])
        variant = neg.astype(np.int64)
        if self.concession:
            conceded = np.concatenate([[0], np.cumsum(analysis.conceded)])
            variant += 2 * ((conceded[ends] - conceded[starts]) > 0)
        n_sets = len(analysis.cue_names)
        key = sets * _VARIANTS + variant
        if self.cue_sides:
            side = self._sides(analysis)[sets]
            has_side = side >= 0
            row = np.concatenate([row, row[has_side]])
            index = np.concatenate([index, index[has_side]])
            key = np.concatenate([key, _VARIANTS * (n_sets + side[has_side]) + variant[has_side]])
        return row, index, key

    @staticmethod
    def _sides(analysis: Analysis) -> np.ndarray:
        names = analysis.cue_names
        return np.array([_SIDE_NAMES.index(_SIDES[n]) if n in _SIDES else -1 for n in names], dtype=np.int64)

    @staticmethod
    def _cue_names(analysis: Analysis) -> list[str]:
        bases = [f"c:{name}" for name in analysis.cue_names] + [f"c:side:{side}" for side in _SIDE_NAMES]
        return [base + suffix for base in bases for suffix in _VARIANT_SUFFIXES]

    def _char_occurrences(self, analysis: Analysis, words: _Words) -> tuple[list[int], list[int], list[str]]:
        """Character n-grams: ``(row, content index, name)`` lists (Python; off by default)."""
        rows, firsts, names = [], [], []
        clo, chi = self.char_range
        cache: dict[int, list[str]] = {}
        for j, (key, row) in enumerate(zip(words.key.tolist(), words.row.tolist())):
            grams = cache.get(key)
            if grams is None:
                form = _form_name(analysis, key)
                grams = []
                if not (form.startswith("<") or form.startswith("not_<")):
                    padded = f" {form} "
                    grams = ["ch:" + padded[i : i + n] for n in range(clo, chi + 1) for i in range(len(padded) - n + 1)]
                cache[key] = grams
            rows.extend([row] * len(grams))
            firsts.extend([j] * len(grams))
            names.extend(grams)
        return rows, firsts, names

    def _word_name(self, analysis: Analysis, n: int, key: object) -> str:
        if n == 1:
            return "w:" + _form_name(analysis, int(key))  # type: ignore[call-overload]
        if n == 2:
            k = int(key)  # type: ignore[call-overload]
            first, second = k >> _PAIR_SHIFT, k & ((1 << _PAIR_SHIFT) - 1)
            return "w:" + _form_name(analysis, first) + " " + _form_name(analysis, second)
        return "w:" + " ".join(_form_name(analysis, k) for k in key)  # type: ignore[union-attr]

    # -- scikit-learn API -------------------------------------------------------------
    def _check_params(self) -> None:
        lo, hi = self.ngram_range
        if not 1 <= lo <= hi:
            raise ValueError(f"ngram_range must be (min, max) with 1 <= min <= max, got {self.ngram_range}")
        clo, chi = self.char_range
        if not 1 <= clo <= chi:
            raise ValueError(f"char_range must be (min, max) with 1 <= min <= max, got {self.char_range}")
        if self.min_df < 1:
            raise ValueError(f"min_df must be >= 1, got {self.min_df}")
        if self.weighting not in WEIGHTINGS:
            raise ValueError(f"weighting must be one of {WEIGHTINGS}, got {self.weighting!r}")
        if not (self.use_words or self.use_cues or self.use_chars):
            raise ValueError("at least one of use_words, use_cues, use_chars must be True")

    def fit(self, X: Analysis | Iterable[Analysis], y: object = None) -> Featurizer:
        """Learn the vocabulary from analysed training answers."""
        self._check_params()
        df: dict[str, int] = {}
        n_rows = 0
        for analysis in _batches(X):
            n_rows += len(analysis)
            for name in self._names_per_answer(analysis):
                df[name] = df.get(name, 0) + 1
        if n_rows == 0:
            raise ValueError("cannot fit on an empty collection of answers")
        kept = sorted(n for n, c in df.items() if c >= self.min_df or n.startswith("c:"))
        if self.content_ngrams:
            kept = [n for n in kept if not is_function_ngram(n)]
        self.feature_names_ = kept
        self.vocabulary_ = {n: i for i, n in enumerate(kept)}
        self._lookup_cache = None
        return self

    def _names_per_answer(self, analysis: Analysis) -> Iterator[str]:
        """The names of each answer's features, each once per answer that has it."""
        words = _content(analysis)
        if self.use_words:
            for n, row, _, key in self._word_occurrences(analysis, words):
                if n <= 2:
                    pairs = np.unique(np.stack([row, key.astype(np.int64)]), axis=1)
                    yield from (self._word_name(analysis, n, k) for k in pairs[1].tolist())
                else:
                    yield from (self._word_name(analysis, n, k) for _, k in set(zip(row.tolist(), key.tolist())))
        if self.use_cues:
            row, _, key = self._cue_occurrences(analysis)
            names = self._cue_names(analysis)
            yield from (names[k] for _, k in set(zip(row.tolist(), key.tolist())))
        if self.use_chars:
            rows, _, grams = self._char_occurrences(analysis, words)
            yield from (gram for _, gram in set(zip(rows, grams)))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Feature names, in column order."""
        check_is_fitted(self, "vocabulary_")
        return np.asarray(self.feature_names_, dtype=object)

    def _lookup(self, analysis: Analysis) -> _Lookup:
        """Column lookup tables for the analyzer's form ids (rebuilt when they change)."""
        cue_names, forms = analysis.cue_names, analysis.forms
        lookup: _Lookup | None = self.__dict__.get("_lookup_cache")
        if (
            lookup is None
            or lookup.forms is not forms
            or (lookup.cue_names is not cue_names and list(lookup.cue_names) != list(cue_names))
        ):
            vocab = self.vocabulary_
            pairs: dict[int, int] = {}
            tuples: dict[tuple[int, ...], int] = {}
            for name, column in vocab.items():
                parts = name[2:].split(" ") if name.startswith("w:") else []
                if len(parts) < 2:
                    continue
                # forms never contain a space, so the name splits back into its forms
                keys = [forms.id(p[4:]) * 2 + 1 if p.startswith("not_") else forms.id(p) * 2 for p in parts]
                if len(keys) == 2:
                    pairs[(keys[0] << _PAIR_SHIFT) | keys[1]] = column
                else:
                    tuples[tuple(keys)] = column
            pair_keys = np.array(sorted(pairs), dtype=np.int64)
            lookup = _Lookup(
                cue_names=cue_names,
                forms=forms,
                unigram=np.zeros(0, dtype=np.int64),
                pair_keys=pair_keys,
                pair_columns=np.array([pairs[k] for k in pair_keys.tolist()], dtype=np.int64),
                pair_first=np.zeros(0, dtype=bool),
                pair_second=np.zeros(0, dtype=bool),
                tuples=tuples,
                cue=np.array([vocab.get(n, -1) for n in self._cue_names(analysis)], dtype=np.int64),
                block=np.array([_BLOCKS.index(n[: n.index(":") + 1]) for n in self.feature_names_], dtype=np.int64),
                names=np.asarray(self.feature_names_, dtype=object),
            )
            self._lookup_cache = lookup
        size = 2 * len(forms)
        if len(lookup.unigram) < size:  # forms added since: look them up
            # a new lookup rather than a change in place: another thread may be reading it
            vocab, names = self.vocabulary_, forms.names
            extra = [vocab.get("w:" + ("not_" if k & 1 else "") + names[k >> 1], -1)
                     for k in range(len(lookup.unigram), size)]
            pair_first = np.zeros(size, dtype=bool)
            pair_first[lookup.pair_keys >> _PAIR_SHIFT] = True
            pair_second = np.zeros(size, dtype=bool)
            pair_second[lookup.pair_keys & ((1 << _PAIR_SHIFT) - 1)] = True
            lookup = dataclasses.replace(
                lookup,
                unigram=np.concatenate([lookup.unigram, np.array(extra, dtype=np.int64)]),
                pair_first=pair_first,
                pair_second=pair_second,
            )
            self._lookup_cache = lookup
        return lookup

    def _columns(self, analysis: Analysis, words: _Words) -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]:
        """In-vocabulary occurrences: ``(kind, row, column, where)`` groups.

        ``where`` locates each occurrence: ``first content index * 8 + n`` for word
        n-grams, the cue's index in the analysis for cues, the content index for characters.
        """
        lookup = self._lookup(analysis)
        out = []
        if self.use_words:
            for n, row, first, key in self._word_occurrences(analysis, words):
                if n == 1:
                    column = lookup.unigram[key]
                elif n == 2:
                    column = np.full(len(key), -1, dtype=np.int64)
                    if len(lookup.pair_keys):
                        # search only the pairs whose both words occur in vocabulary bigrams
                        maybe = np.flatnonzero(
                            lookup.pair_first[key >> _PAIR_SHIFT] & lookup.pair_second[key & ((1 << _PAIR_SHIFT) - 1)]
                        )
                        where = np.searchsorted(lookup.pair_keys, key[maybe])
                        where[where == len(lookup.pair_keys)] = 0
                        hit = lookup.pair_keys[where] == key[maybe]
                        column[maybe[hit]] = lookup.pair_columns[where[hit]]
                else:
                    column = np.array([lookup.tuples.get(k, -1) for k in key.tolist()], dtype=np.int64)
                ok = column >= 0
                out.append(("w", row[ok], column[ok], first[ok] * 8 + n))
        if self.use_cues:
            row, index, key = self._cue_occurrences(analysis)
            column = lookup.cue[key]
            ok = column >= 0
            out.append(("c", row[ok], column[ok], index[ok]))
        if self.use_chars:
            rows, firsts, grams = self._char_occurrences(analysis, words)
            vocab = self.vocabulary_
            column = np.array([vocab.get(g, -1) for g in grams], dtype=np.int64)
            ok = column >= 0
            out.append(("ch", np.array(rows, dtype=np.int64)[ok], column[ok], np.array(firsts, dtype=np.int64)[ok]))
        return out

    def _weights(
        self, rows: np.ndarray, columns: np.ndarray, n_rows: int, block: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sublinear tf, unit length per block, block weights: ``(row, column, value)``.

        One entry per answer and feature, sorted by row then column (CSR order).
        """
        n_features = len(self.feature_names_)
        flat = rows * n_features + columns
        flat.sort()
        last = np.flatnonzero(np.append(flat[1:] != flat[:-1], len(flat) > 0))  # end of each run of equal keys
        unique, counts = flat[last], np.diff(last, prepend=-1)
        r, c = unique // n_features, unique % n_features
        scale = np.array([1.0, self.cue_weight, self.char_weight])
        return r, c, block_values(counts, block[c], r, n_rows, scale, self.weighting)

    def _batch_entries(self, analysis: Analysis) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], _Words, list]:
        words = _content(analysis)
        groups = self._columns(analysis, words)
        rows = np.concatenate([np.zeros(0, np.int64)] + [g[1] for g in groups]).astype(np.int64)
        columns = np.concatenate([np.zeros(0, np.int64)] + [g[2] for g in groups]).astype(np.int64)
        return self._weights(rows, columns, len(analysis), self._lookup(analysis).block), words, groups

    def _batch_matrix(self, analysis: Analysis) -> tuple[sp.csr_matrix, _Words, list]:
        (r, c, values), words, groups = self._batch_entries(analysis)
        n_rows = len(analysis)
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(r, minlength=n_rows), out=indptr[1:])
        matrix = sp.csr_matrix((values, c, indptr), shape=(n_rows, len(self.feature_names_)))
        return matrix, words, groups

    def dot(self, analysis: Analysis, coef: np.ndarray) -> np.ndarray:
        """``transform(analysis) @ coef`` without building the sparse matrix (faster for small batches)."""
        if "vocabulary_" not in self.__dict__:
            check_is_fitted(self, "vocabulary_")
        (r, c, values), _, _ = self._batch_entries(analysis)
        return np.bincount(r, weights=values * coef[c], minlength=len(analysis))

    def transform(self, X: Analysis | Iterable[Analysis]) -> sp.csr_matrix:
        """Feature matrix of the analysed answers, one row per answer."""
        check_is_fitted(self, "vocabulary_")
        parts = [self._batch_matrix(analysis)[0] for analysis in _batches(X)]
        if not parts:
            return sp.csr_matrix((0, len(self.feature_names_)))
        return parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")

    def occurrence_table(self, analysis: Analysis) -> OccurrenceTable:
        """Every in-vocabulary feature occurrence of the batch, with its tokens (arrays)."""
        if "vocabulary_" not in self.__dict__:  # check_is_fitted costs microseconds per call
            check_is_fitted(self, "vocabulary_")
        (entry_row, entry_column, entry_value), words, groups = self._batch_entries(analysis)
        cover_start, cover_positions = _covers(analysis, words.position)
        rows, columns, firsts, lengths, tokens = [], [], [], [], []
        for kind, row, column, where in groups:
            if kind == "c":  # a cue covers the tokens of its span
                first = analysis.cue_start[where]
                length = analysis.cue_end[where] - first
                found = _expand(first, length)
            else:  # word n-grams and characters cover their content tokens' covers
                j = where >> 3 if kind == "w" else where
                n = where & 7 if kind == "w" else 1
                first = cover_start[j]
                length = cover_start[j + n] - first
                found = cover_positions[_expand(first, length)]
            rows.append(row)
            columns.append(column)
            lengths.append(length)
            tokens.append(found)
            firsts.append(found[np.cumsum(length) - length] if len(found) else found)
        empty = np.zeros(0, dtype=np.int64)
        row, column, length, token = (np.concatenate([empty, *x]).astype(np.int64)
                                      for x in (rows, columns, lengths, tokens))
        first = np.concatenate([empty, *firsts]).astype(np.int64)
        start = np.cumsum(length) - length
        last = token[start + length - 1] if len(token) else first
        order = np.lexsort((last, first, column, row))  # by entry, then text order
        length = length[order]
        token = token[_expand(start[order], length)]
        token_start = np.zeros(len(order) + 1, dtype=np.int64)
        np.cumsum(length, out=token_start[1:])
        n_features = len(self.feature_names_)
        row_start = np.zeros(len(analysis) + 1, dtype=np.int64)
        np.cumsum(np.bincount(entry_row, minlength=len(analysis)), out=row_start[1:])
        entry_key = entry_row * n_features + entry_column
        occurrence_entry = np.searchsorted(entry_key, row[order] * n_features + column[order])
        lookup = self._lookup(analysis)
        return OccurrenceTable(
            entry_value, entry_column, row_start, entry_row, occurrence_entry, token_start, token,
            lookup.block[entry_column], lookup.names[entry_column],
        )

    def occurrences(self, analysis: Analysis) -> list[list[FeatureOccurrences]]:
        """Per answer of the batch, every in-vocabulary feature with its value and occurrences.

        The values are exactly those of the answer's row in :meth:`transform`; features are
        in column order, occurrences in text order, as token indices of the answer.
        """
        table = self.occurrence_table(analysis)
        bounds = analysis.bounds.tolist()
        tokens, token_start = table.tokens.tolist(), table.token_start.tolist()
        entry_occurrences = np.searchsorted(table.occurrence_entry, np.arange(len(table.values) + 1)).tolist()
        names, indices, data = self.feature_names_, table.columns.tolist(), table.values.tolist()
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
                found.append(FeatureOccurrences(indices[e], names[indices[e]], data[e], spans))
            out.append(found)
        return out

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        state.pop("_lookup_cache", None)  # holds a form table; rebuilt on demand
        return state


def block_values(
    counts: np.ndarray, block: np.ndarray, row: np.ndarray, n_rows: int, scale: np.ndarray, weighting: str
) -> np.ndarray:
    """Feature values from occurrence counts, by the featurizer's ``weighting``.

    Parameters
    ----------
    counts, block, row : ndarray
        Per (answer, feature) entry: occurrences, feature block (0 words, 1 cues, 2
        characters) and answer.
    n_rows : int
        Answers in the batch.
    scale : ndarray
        Weight of each block.
    weighting : {"sublinear_l2", "binary"}
        See :class:`Featurizer`.
    """
    if weighting == "binary":
        return scale[block].astype(np.float64)
    tf = 1.0 + np.log(counts)
    squares = np.bincount(row * 3 + block, weights=tf * tf, minlength=3 * n_rows)
    return tf / np.sqrt(squares[row * 3 + block]) * scale[block]


def is_function_ngram(name: str) -> bool:
    """Whether a feature name is a word n-gram of function words only.

    Function words are spaCy's English stop words and the discourse and stance words of
    ``resources/discourse.txt`` (``"w:the"``, ``"w:be do"``, ``"w:honestly"``,
    ``"w:just really"``). Negation marks are ignored (``"w:not_the"`` is one too).
    """
    if not name.startswith("w:"):
        return False
    return all(part.removeprefix("not_") in FUNCTION_WORDS for part in name[2:].split(" "))


@dataclass
class _Lookup:
    """Feature columns by the form ids of one form table (see ``Featurizer._lookup``)."""

    cue_names: Sequence[str]  # the cue sets the ``cue`` table was built for
    forms: FormTable
    unigram: np.ndarray  # unigram key -> column (-1: not in the vocabulary)
    pair_keys: np.ndarray  # sorted packed bigram keys in the vocabulary ...
    pair_columns: np.ndarray  # ... and their columns
    pair_first: np.ndarray  # unigram key -> can it start a vocabulary bigram?
    pair_second: np.ndarray  # unigram key -> can it end one?
    tuples: dict[tuple[int, ...], int]  # longer n-grams: key tuple -> column
    cue: np.ndarray  # cue-name index (see Featurizer._cue_names) -> column
    block: np.ndarray  # column -> block (0 words, 1 cues, 2 characters)
    names: np.ndarray  # column -> feature name (object array)


def _batches(X: Analysis | Iterable[Analysis]) -> Iterator[Analysis]:
    if isinstance(X, Analysis):
        yield X
    else:
        yield from X
