"""Features from preprocessed Docs, each remembering the tokens that produced it.

:class:`DocFeaturizer` is a scikit-learn transformer from spaCy Docs (made by
:func:`jobcareer.preprocess.build_pipeline`) to a sparse matrix. It has three blocks:

``w:``  lemma n-grams over the answer's content tokens: fillers and punctuation skipped,
        occupation spans replaced by ``<occ>``, numbers and time expressions normalised,
        and tokens inside a negation scope prefixed with ``not_``;
``c:``  motive and time-horizon cues from the lexicons (``c:motive:pay``), with a ``:neg``
        suffix when the cue sits inside a negation scope;
``ch:`` character n-grams inside content words, which carry typos and unseen inflections.

Each block is weighted by sublinear term frequency and normalised to unit length on its
own, then scaled by a block weight. :meth:`DocFeaturizer.occurrences` returns, for one Doc,
every in-vocabulary feature with its value and the token indices of each occurrence:
that is what makes explanations exact and tied to the original text.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted
from spacy.tokens import Doc

from jobcareer.lexicons import MOTIVE_LABELS
from jobcareer.preprocess import OCCUPATION_TOKEN, token_table

__all__ = ["DocFeaturizer", "FeatureOccurrences", "content_tokens"]

_BLOCKS = ("w:", "c:", "ch:")
#: cue set name -> the label its motive argues for (aggregated "side" cue features)
_OCCUPATION_FORMS = frozenset({OCCUPATION_TOKEN, "not_" + OCCUPATION_TOKEN})
_SIDES = {f"motive:{motive}": label for motive, label in MOTIVE_LABELS.items()}


class FeatureOccurrences(NamedTuple):
    """One active feature of one Doc.

    Attributes
    ----------
    index : int
        Column of the feature in the matrix.
    name : str
        The feature's name (e.g. ``"w:close to"``, ``"c:motive:pay"``).
    value : float
        Its value in the matrix row.
    occurrences : tuple of tuple of int
        For each occurrence, the indices of the Doc tokens that produced it.
    """

    index: int
    name: str
    value: float
    occurrences: tuple[tuple[int, ...], ...]


def content_tokens(doc: Doc) -> list[list[tuple[str, tuple[int, ...]]]]:
    """The Doc's feature tokens, sentence by sentence.

    Returns
    -------
    list of list of (str, tuple of int)
        Per sentence, each content token's form (lowercased lemma, placeholder, possibly
        ``not_``-prefixed) with the Doc token indices it covers (several for a masked
        multi-word occupation or a normalised time expression).
    """
    table = token_table(doc)
    n = len(table["lower"])
    fillers = doc._.jc_filler or [False] * n
    negated = doc._.jc_negated or [False] * n
    norms = doc._.jc_norm or [None] * n
    lemma, lower, punct, space = table["lemma"], table["lower"], table["punct"], table["space"]
    starts = table["sent_start"]
    sentences: list[list[tuple[str, tuple[int, ...]]]] = []
    current: list[tuple[str, list[int]]] = []
    for i in range(n):
        if starts[i] and current:
            sentences.append([(f, tuple(ix)) for f, ix in current])
            current = []
        norm = norms[i]
        if norm == "":  # absorbed into the placeholder before it
            if current:
                current[-1][1].append(i)
            continue
        if fillers[i] or punct[i] or space[i]:
            continue
        form = (lemma[i].lower() or lower[i]) if norm is None else norm
        if negated[i]:
            form = "not_" + form
        current.append((form, [i]))
    if current:
        sentences.append([(f, tuple(ix)) for f, ix in current])
    return sentences


class DocFeaturizer(TransformerMixin, BaseEstimator):
    """Turn preprocessed Docs into a sparse feature matrix with span-aware features.

    Parameters
    ----------
    ngram_range : tuple of int, default (1, 2)
        Smallest and largest word n-gram.
    min_df : int, default 2
        Word and character n-grams seen in fewer training Docs are dropped. Cue features
        are kept whenever seen once.
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

    # -- raw features -----------------------------------------------------------------
    def _raw(self, doc: Doc, vocab: dict[str, int] | None = None) -> dict[str, list[tuple[int, ...]]]:
        """Every feature of a Doc (in vocabulary or not) with its occurrences.

        With ``vocab``, word n-grams outside it are skipped: the result is then the
        in-vocabulary part of the full one, in the same order, which is all rows need.
        """
        found: dict[str, list[tuple[int, ...]]] = {}
        lo, hi = self.ngram_range
        if self.use_words or self.use_chars:
            sentences = content_tokens(doc)
        if self.use_words:
            skip_occ = not self.occupation_unigram
            for sent in sentences:
                forms = ["w:" + f for f, _ in sent]
                toks = [t for _, t in sent]
                if lo == 1:
                    for form, tok in zip(forms, toks):
                        if (skip_occ and form[2:] in _OCCUPATION_FORMS) or (vocab is not None and form not in vocab):
                            continue
                        if form in found:
                            found[form].append(tok)
                        else:
                            found[form] = [tok]
                words = [f for f, _ in sent]
                for n in range(max(lo, 2), hi + 1):
                    for i in range(len(sent) - n + 1):
                        name = "w:" + " ".join(words[i : i + n])
                        if vocab is not None and name not in vocab:
                            continue
                        occ = toks[i] + toks[i + 1] if n == 2 else sum(toks[i : i + n], ())
                        if name in found:
                            found[name].append(occ)
                        else:
                            found[name] = [occ]
        if self.use_cues:
            negated = doc._.jc_negated or [False] * len(doc)
            for cue, start, end in doc._.jc_cues or ():
                neg = any(negated[start:end]) or (start > 0 and negated[start - 1])
                suffix = ":neg" if neg else ""
                toks = tuple(range(start, end))
                found.setdefault(f"c:{cue}{suffix}", []).append(toks)
                side = _SIDES.get(cue) if self.cue_sides else None
                if side is not None:
                    found.setdefault(f"c:side:{side}{suffix}", []).append(toks)
        if self.use_chars:
            clo, chi = self.char_range
            for sent in sentences:
                for form, toks in sent:
                    if form.startswith("<") or form.startswith("not_<"):
                        continue
                    padded = f" {form} "
                    for n in range(clo, chi + 1):
                        for i in range(len(padded) - n + 1):
                            found.setdefault("ch:" + padded[i : i + n], []).append(toks)
        return found

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
        if not (self.use_words or self.use_cues or self.use_chars):
            raise ValueError("at least one of use_words, use_cues, use_chars must be True")

    def fit(self, docs: Iterable[Doc], y: object = None) -> DocFeaturizer:
        """Learn the vocabulary from training Docs."""
        self._check_params()
        df: dict[str, int] = {}
        n_docs = 0
        for doc in docs:
            n_docs += 1
            for name in self._raw(doc):
                df[name] = df.get(name, 0) + 1
        if n_docs == 0:
            raise ValueError("cannot fit on an empty collection of documents")
        kept = sorted(n for n, c in df.items() if c >= self.min_df or n.startswith("c:"))
        self.feature_names_ = kept
        self.vocabulary_ = {n: i for i, n in enumerate(kept)}
        self._block_list = [_BLOCKS.index(n[: n.index(":") + 1]) for n in kept]
        return self

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Feature names, in column order."""
        check_is_fitted(self, "vocabulary_")
        return np.asarray(self.feature_names_, dtype=object)

    def _row(self, doc: Doc) -> tuple[list[int], list[float], list[list[tuple[int, ...]]]]:
        vocab = self.vocabulary_
        cols: list[int] = []
        occs: list[list[tuple[int, ...]]] = []
        for name, occ in self._raw(doc, vocab).items():
            j = vocab.get(name)
            if j is not None:
                cols.append(j)
                occs.append(occ)
        values = self._weigh(cols, [len(o) for o in occs])
        return cols, values, occs

    def _weigh(self, cols: Sequence[int], counts: Sequence[int]) -> list[float]:
        """Sublinear tf, unit length per block, block weights."""
        tf = [1.0 + math.log(c) for c in counts]
        blocks = self.__dict__.get("_block_list")
        if blocks is None:  # built from the feature names after fitting or loading
            blocks = [_BLOCKS.index(n[: n.index(":") + 1]) for n in self.feature_names_]
            self._block_list = blocks
        scale = (1.0, self.cue_weight, self.char_weight)
        sq = [0.0, 0.0, 0.0]
        which = [blocks[j] for j in cols]
        for b, v in zip(which, tf):
            sq[b] += v * v
        norms = [math.sqrt(s) if s > 0 else 1.0 for s in sq]
        return [v / norms[b] * scale[b] for b, v in zip(which, tf)]

    def transform(self, docs: Iterable[Doc]) -> sp.csr_matrix:
        """Feature matrix of the Docs, one row per Doc."""
        check_is_fitted(self, "vocabulary_")
        # typed arrays: 8 bytes per stored value instead of a boxed Python number (~40)
        indptr, indices, data = array("q", [0]), array("q"), array("d")
        for doc in docs:
            cols, values, _ = self._row(doc)
            indices.extend(cols)
            data.extend(values)
            indptr.append(len(indices))
        matrix = sp.csr_matrix(
            (np.frombuffer(data, dtype=np.float64), np.frombuffer(indices, dtype=np.int64),
             np.frombuffer(indptr, dtype=np.int64)),
            shape=(len(indptr) - 1, len(self.vocabulary_)),
        )
        matrix.sort_indices()
        return matrix

    def occurrences(self, doc: Doc) -> list[FeatureOccurrences]:
        """Every in-vocabulary feature of one Doc with its value and token occurrences.

        The values are exactly those of the Doc's row in :meth:`transform`.
        """
        if "vocabulary_" not in self.__dict__:  # check_is_fitted costs ~2 µs per call
            check_is_fitted(self, "vocabulary_")
        cols, values, occs = self._row(doc)
        names = self.feature_names_
        return [
            FeatureOccurrences(j, names[j], v, tuple(o))
            for j, v, o in sorted(zip(cols, values, occs), key=lambda t: t[0])
        ]
