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

The pieces: :mod:`jobcareer.content_words` (the words features are made of),
:mod:`jobcareer.feature_blocks` (each block's occurrences and names),
:mod:`jobcareer.feature_columns` (their matrix columns) and
:mod:`jobcareer.occurrence_table` (the tokens behind every occurrence).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from jobcareer.analysis import Analysis
from jobcareer.content_words import ContentWords, content_words
from jobcareer.feature_blocks import (
    FUNCTION_WORDS,
    char_ngrams,
    cue_feature_names,
    cue_occurrences,
    is_function_ngram,
    word_feature_name,
    word_ngrams,
)
from jobcareer.feature_columns import ColumnLookup, column_lookup, with_new_forms
from jobcareer.few_occurrences import MAX_FEW_TOKENS, few_feature_occurrences
from jobcareer.occurrence_table import (
    FeatureOccurrences,
    OccurrenceGroup,
    OccurrenceTable,
    feature_occurrences,
    occurrence_table,
)

__all__ = [
    "FUNCTION_WORDS",
    "WEIGHTINGS",
    "FeatureOccurrences",
    "Featurizer",
    "OccurrenceTable",
    "block_values",
    "is_function_ngram",
]

#: Feature value schemes (see Featurizer's ``weighting``).
WEIGHTINGS = ("sublinear_l2", "binary")


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
    skip_conceded_words : bool, default False
        Word and character n-grams skip the tokens of conceded clauses (and do not reach
        across them): what an answer concedes ("the free lunches were great, but ...")
        counts only through its cues' ``:conc`` features (with ``concession``), not as
        the words of a motive argued for. Off by default so that models saved without it
        keep their features.
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
        skip_conceded_words: bool = False,
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
        self.skip_conceded_words = skip_conceded_words

    # -- every occurrence of every feature of a batch ----------------------------------
    def _content_words(self, analysis: Analysis) -> ContentWords:
        # nothing conceded (most single sentences): the same words as skipping nothing
        skip = self.skip_conceded_words and np.count_nonzero(analysis.conceded)
        return content_words(analysis, analysis.conceded if skip else None)

    def _word_ngrams(self, words: ContentWords) -> list:
        return word_ngrams(words, tuple(self.ngram_range), occupation_unigram=self.occupation_unigram)  # type: ignore[arg-type]

    def _cue_occurrences(self, analysis: Analysis) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return cue_occurrences(analysis, concession=self.concession, cue_sides=self.cue_sides)

    def _char_ngrams(self, analysis: Analysis, words: ContentWords) -> tuple[list[int], list[int], list[str]]:
        return char_ngrams(analysis, words, tuple(self.char_range))  # type: ignore[arg-type]

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
        words = self._content_words(analysis)
        if self.use_words:
            for n, row, _, key in self._word_ngrams(words):
                if n <= 2:
                    pairs = np.unique(np.stack([row, key.astype(np.int64)]), axis=1)
                    yield from (word_feature_name(analysis, n, k) for k in pairs[1].tolist())
                else:
                    yield from (word_feature_name(analysis, n, k) for _, k in set(zip(row.tolist(), key.tolist())))
        if self.use_cues:
            row, _, key = self._cue_occurrences(analysis)
            names = cue_feature_names(analysis.cue_names)
            yield from (names[k] for _, k in set(zip(row.tolist(), key.tolist())))
        if self.use_chars:
            rows, _, grams = self._char_ngrams(analysis, words)
            yield from (gram for _, gram in set(zip(rows, grams)))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Feature names, in column order."""
        check_is_fitted(self, "vocabulary_")
        return np.asarray(self.feature_names_, dtype=object)

    def _lookup(self, analysis: Analysis) -> ColumnLookup:
        """Column lookup tables for the batch's form ids (rebuilt when they change)."""
        cue_names, forms = analysis.cue_names, analysis.forms
        lookup: ColumnLookup | None = self.__dict__.get("_lookup_cache")
        if lookup is None or not lookup.serves(forms, cue_names):
            lookup = column_lookup(self.vocabulary_, self.feature_names_, forms, cue_names)
        extended = with_new_forms(lookup, self.vocabulary_)
        if extended is not self.__dict__.get("_lookup_cache"):
            self._lookup_cache = extended
        return extended

    def _columns(self, analysis: Analysis, words: ContentWords, lookup: ColumnLookup) -> list[OccurrenceGroup]:
        """In-vocabulary occurrences, one group per n-gram size or block (see :class:`OccurrenceGroup`).

        ``where`` locates each occurrence: ``first content index * 8 + n`` for word
        n-grams, the cue's index in the analysis for cues, the content index for characters.
        """
        out = []
        if self.use_words:
            for n, row, first, key in self._word_ngrams(words):
                column = lookup.word_columns(n, key)
                ok = column >= 0
                out.append(OccurrenceGroup("w", row[ok], column[ok], first[ok] * 8 + n))
        if self.use_cues:
            row, index, key = self._cue_occurrences(analysis)
            column = lookup.cue[key]
            ok = column >= 0
            out.append(OccurrenceGroup("c", row[ok], column[ok], index[ok]))
        if self.use_chars:
            rows, firsts, grams = self._char_ngrams(analysis, words)
            vocab = self.vocabulary_
            column = np.array([vocab.get(g, -1) for g in grams], dtype=np.int64)
            ok = column >= 0
            row, first = np.array(rows, dtype=np.int64), np.array(firsts, dtype=np.int64)
            out.append(OccurrenceGroup("ch", row[ok], column[ok], first[ok]))
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
        ends = np.ones(len(flat), dtype=bool)
        np.not_equal(flat[1:], flat[:-1], out=ends[:-1])
        last = ends.nonzero()[0]  # end of each run of equal keys
        counts = last.copy()  # the runs' lengths
        counts[1:] -= last[:-1]
        counts[:1] += 1
        unique = flat[last]
        row, column = unique // n_features, unique % n_features
        scale = np.array([1.0, self.cue_weight, self.char_weight])
        return row, column, block_values(counts, block[column], row, n_rows, scale, self.weighting)

    def _batch_entries(
        self, analysis: Analysis, lookup: ColumnLookup | None = None
    ) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ContentWords, list[OccurrenceGroup]]:
        lookup = self._lookup(analysis) if lookup is None else lookup
        words = self._content_words(analysis)
        groups = self._columns(analysis, words, lookup)
        rows = np.concatenate([np.zeros(0, np.int64)] + [g[1] for g in groups]).astype(np.int64)
        columns = np.concatenate([np.zeros(0, np.int64)] + [g[2] for g in groups]).astype(np.int64)
        return self._weights(rows, columns, len(analysis), lookup.block), words, groups

    def _batch_matrix(self, analysis: Analysis) -> tuple[sp.csr_matrix, ContentWords, list[OccurrenceGroup]]:
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
        lookup = self._lookup(analysis)
        entries, words, groups = self._batch_entries(analysis, lookup)
        occurrences = feature_occurrences(analysis, words, groups, lookup.block)
        return occurrence_table(analysis, entries, occurrences, lookup.block, lookup.names)

    def feature_occurrences(self, analysis: Analysis) -> FeatureOccurrences:
        """Every in-vocabulary feature occurrence of the batch with its tokens, in the order
        of :meth:`occurrence_table`, without the matrix entries (their values).

        A batch of one answer of up to :data:`~jobcareer.few_occurrences.MAX_FEW_TOKENS`
        tokens (a live update's sentence) is walked token by token
        (:func:`~jobcareer.few_occurrences.few_feature_occurrences`), with the same result,
        when the featurizer has word and cue features and no character n-grams.
        """
        if "vocabulary_" not in self.__dict__:
            check_is_fitted(self, "vocabulary_")
        lookup = self._lookup(analysis)
        if len(analysis.bounds) == 2 and analysis.n_tokens <= MAX_FEW_TOKENS and self._walks_few_tokens():
            # one short answer (a live update): the same occurrences in fewer array operations
            return few_feature_occurrences(
                analysis, lookup, ngram_range=tuple(self.ngram_range),  # type: ignore[arg-type]
                occupation_unigram=self.occupation_unigram, skip_conceded_words=self.skip_conceded_words,
                concession=self.concession, cue_sides=self.cue_sides,
            )
        words = self._content_words(analysis)
        return feature_occurrences(analysis, words, self._columns(analysis, words, lookup), lookup.block)

    def _walks_few_tokens(self) -> bool:
        """Whether :func:`few_feature_occurrences` covers this featurizer's blocks."""
        return self.use_words and self.use_cues and not self.use_chars

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


def _batches(X: Analysis | Iterable[Analysis]) -> Iterator[Analysis]:
    if isinstance(X, Analysis):
        yield X
    else:
        yield from X
