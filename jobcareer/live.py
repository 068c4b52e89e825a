"""Live scoring of an answer that grows as it is spoken.

:class:`LiveAnswer` keeps the analysis of the finished sentences of an answer and, on each
update, tokenises and analyses only the text from the start of its last sentence (the
*tail*). Every rule of :mod:`jobcareer.analysis` and every feature of
:mod:`jobcareer.features` stays inside a sentence (a sentence starts at a word after
sentence-final punctuation, and the rules that look at neighbours see only that
punctuation across the boundary), so the analysis of a finished sentence does not change
when words are added after it. Sentences are frozen only at a plain cut (the last
sentence starts after a single space) where no lexicon phrase can reach across, and
unfrozen when a revision reaches back into them.

One rule looks across a sentence boundary: a sentence opening with a contrast marker
("But ...") concedes the sentence before it. A frozen run therefore also stays frozen only
while the first word after it is unchanged and complete.

Features are counts summed over occurrences, but their values are sublinear and
normalised over the whole answer, so each update recomputes the values, the logit and
the token weights from the cached occurrences of the frozen sentences and the fresh ones
of the tail: a few array operations over the answer's occurrences, in the same order and
with the same arithmetic as :func:`jobcareer.explain.explain_batch`, so the final result
equals :meth:`JobCareerClassifier.explain` of the whole text.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.pipeline.sentencizer import Sentencizer
from spacy.tokens import Doc

from jobcareer._gc import cyclic_gc_paused
from jobcareer.analysis import Analysis, F
from jobcareer.decision import calibrated, label_of
from jobcareer.explain import Explanation, Phrase, find_phrases, is_low_evidence, token_weights
from jobcareer.features import block_values
from jobcareer.preprocess import check_text

if TYPE_CHECKING:
    from jobcareer.model import JobCareerClassifier

__all__ = ["LiveAnswer", "LiveScore"]

_SENT_PUNCT = frozenset(Sentencizer.default_punct_chars)
_TOKEN_FIELDS = ("types", "flags", "sent_start", "filler", "negated", "conceded", "norm", "form", "idx", "end")
_SCORE_FIELDS = ("flags", "sent_start", "negated", "idx", "end")  # what a LiveScore needs of the tokens
_OCC_FIELDS = ("column", "block", "first", "last", "length", "all_stop")


@dataclass(frozen=True, slots=True)
class LiveScore:
    """The verdict on the answer so far.

    Attributes
    ----------
    text : str
        The answer so far.
    label : str
        ``"career"`` or ``"job"``.
    score : float
        Calibrated P(career), as :meth:`JobCareerClassifier.explain` would give for ``text``.
    logit : float
        The career log-odds.
    evidence : int
        Active content features (see :attr:`jobcareer.Explanation.evidence`).
    low_evidence : bool
        Too few known signals for a confident verdict (as :attr:`Explanation.low_evidence`).
    phrases : tuple of Phrase
        The phrases that drive the verdict, in text order, offsets into ``text``: the same
        as ``clf.explain(text).phrases``. Built on first access (the token weights they
        come from are computed by every update); a long answer has a hundred or more.
    """

    text: str
    label: str
    score: float
    logit: float
    evidence: int
    low_evidence: bool
    _phrases: tuple[Phrase, ...] | Callable[[], tuple[Phrase, ...]] = field(repr=False, compare=False)

    @property
    def phrases(self) -> tuple[Phrase, ...]:
        """See the class docstring."""
        phrases = self._phrases
        if callable(phrases):
            phrases = phrases()
            object.__setattr__(self, "_phrases", phrases)
        return phrases

    def top_phrases(self, n: int = 3) -> list[Phrase]:
        """The ``n`` phrases with the largest absolute weight."""
        return sorted(self.phrases, key=lambda p: (-abs(p.weight), p.start))[:n]


@dataclass
class _Part:
    """The analysis and feature occurrences of a run of tokens (absolute positions)."""

    chars: tuple[int, int]  # character range of the text it was made from
    n_tokens: int
    tokens: dict[str, np.ndarray]  # _TOKEN_FIELDS
    cues: tuple[np.ndarray, np.ndarray, np.ndarray]  # start, end, set
    occ: dict[str, np.ndarray]  # _OCC_FIELDS, one entry per occurrence
    occ_tokens: np.ndarray  # tokens of the occurrences, concatenated in occurrence order
    forms: Any  # the FormTable the form ids refer to


def _concat(parts: list[_Part]) -> _Part:
    """One part holding several consecutive parts."""
    if len(parts) == 1:
        return parts[0]
    return _Part(
        chars=(parts[0].chars[0], parts[-1].chars[1]),
        n_tokens=sum(p.n_tokens for p in parts),
        tokens={f: np.concatenate([p.tokens[f] for p in parts]) for f in _TOKEN_FIELDS},
        cues=tuple(np.concatenate([p.cues[k] for p in parts]) for k in range(3)),  # type: ignore[arg-type]
        occ={f: np.concatenate([p.occ[f] for p in parts]) for f in _OCC_FIELDS},
        occ_tokens=np.concatenate([p.occ_tokens for p in parts]),
        forms=parts[-1].forms,
    )


def _expand(first: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Concatenated ranges ``first[i] : first[i] + length[i]``."""
    offsets = np.cumsum(length) - length
    return np.repeat(first - offsets, length) + np.arange(int(length.sum()), dtype=np.int64)


class _Stitched(Analysis):
    """An :class:`Analysis` of one answer put together from parts (offsets given)."""

    offsets: tuple[np.ndarray, np.ndarray]

    def __len__(self) -> int:
        return 1

    def char_offsets(self) -> tuple[np.ndarray, np.ndarray]:
        return self.offsets


class LiveAnswer:
    """An answer scored as it grows; made by :meth:`JobCareerClassifier.live`.

    Parameters
    ----------
    classifier : JobCareerClassifier
        A fitted classifier.

    Examples
    --------
    >>> live = clf.live()                                  # doctest: +SKIP
    >>> live.update("Honestly the hours")                  # doctest: +SKIP
    >>> live.update(" fit my kids' school run.").label     # doctest: +SKIP
    'job'
    >>> live.replace_tail(4, "route.")                     # doctest: +SKIP
    """

    def __init__(self, classifier: JobCareerClassifier):
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(classifier, "featurizer_")
        self._clf = classifier
        self._nlp, self._analyzer = classifier._analysis_tools()
        featurizer = classifier.featurizer_
        self._scale = np.array([1.0, featurizer.cue_weight, featurizer.char_weight])
        self._text = ""
        self._frozen: list[_Part] = []  # frozen runs of sentences, in text order
        self._frozen_all: _Part | None = None  # their concatenation
        self._tail: _Part | None = None
        self._result = self._score(None)
        self.n_reanalysed_chars = 0  #: characters tokenised and analysed by the last update

    # -- public API -------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The answer so far."""
        return self._text

    @property
    def result(self) -> LiveScore:
        """The verdict after the last update."""
        return self._result

    @property
    def n_frozen_chars(self) -> int:
        """How many leading characters are kept analysed (finished sentences)."""
        return self._frozen[-1].chars[1] if self._frozen else 0

    def update(self, new_text: str) -> LiveScore:
        """Append text as a recogniser delivers it (include the space before a new word).

        Parameters
        ----------
        new_text : str
            The characters to append, e.g. ``" fit my"``; a partial word is fine, it can
            be completed by the next update or revised with :meth:`replace_tail`.

        Returns
        -------
        LiveScore
            The verdict on the whole answer so far.
        """
        check_text(new_text)
        return self._edit(len(self._text), new_text)

    def replace_tail(self, n_chars: int, new_text: str) -> LiveScore:
        """Drop the last ``n_chars`` characters, then append ``new_text``.

        How streaming recognisers revise their last words: ``live.replace_tail(len("fit
        my"), "fits my")``. Revisions that reach back into finished sentences are fine
        (those sentences are analysed again).
        """
        check_text(new_text)
        if not isinstance(n_chars, int) or not 0 <= n_chars <= len(self._text):
            raise ValueError(
                f"n_chars must be an int between 0 and {len(self._text)} (the text so far), got {n_chars!r}"
            )
        return self._edit(len(self._text) - n_chars, new_text)

    def set_text(self, text: str) -> LiveScore:
        """Replace the whole hypothesis (for recognisers that resend the full partial text).

        Only the part after the common prefix with the previous text is new work.
        """
        check_text(text)
        old = self._text
        keep, high = 0, min(len(old), len(text))
        while keep < high:  # the longest common prefix, by bisection (string compares run in C)
            middle = (keep + high + 1) // 2
            if old[:middle] == text[:middle]:
                keep = middle
            else:
                high = middle - 1
        return self._edit(keep, text[keep:])

    def explanation(self) -> Explanation:
        """The full :class:`Explanation` of the answer so far, from the kept analysis.

        Equal to ``clf.explain(live.text)``; builds every contribution and sentence score,
        so it costs about as much as one ``explain`` minus the tokenising and analysis.
        """
        if not self._text.strip():
            raise ValueError("the answer is empty or blank so far; there is nothing to explain")
        whole = self._whole()
        analysis = self._stitch(whole)
        with cyclic_gc_paused():
            return self._clf._explain_analysis(analysis, [self._text])[0]

    # -- keeping the analysis ---------------------------------------------------------
    def _edit(self, keep: int, new_text: str) -> LiveScore:
        text = self._text[:keep] + new_text
        check_text(text)
        self._text = text
        # a frozen run stays valid while the text up to its end is unchanged and a word
        # follows right after its final space (the tail then starts a sentence)
        while self._frozen and not self._cut_ok(self._frozen[-1].chars[1], keep):
            self._frozen.pop()
            self._frozen_all = None
        with cyclic_gc_paused():
            while True:
                tail = self._analyse_tail()
                if tail is not None:
                    break
                self._frozen.pop()  # the tail does not start a sentence: reanalyse more
                self._frozen_all = None
            self._tail = tail
            self._result = self._score(self._whole(_SCORE_FIELDS))
        return self._result

    def _cut_ok(self, cut: int, keep: int) -> bool:
        # the first word after the cut must be kept whole: a sentence that opens with a
        # contrast marker ("But ...") concedes the one before it, so the frozen sentence's
        # analysis depends on that word
        text = self._text
        if not (cut <= keep and cut < len(text) and not text[cut].isspace()):
            return False
        word_end = cut
        while word_end < len(text) and not text[word_end].isspace():
            word_end += 1
        return word_end < keep

    def _analyse_tail(self) -> _Part | None:
        """Analyse the text after the frozen runs; freeze its finished sentences.

        Returns None when the tail's first token would not start a sentence.
        """
        start = self.n_frozen_chars
        base = sum(p.n_tokens for p in self._frozen)
        tail_text = self._text[start:]
        self.n_reanalysed_chars = len(tail_text)
        doc = self._nlp.tokenizer(tail_text)
        if len(doc) == 0:
            return self._empty_part(start, base)
        analysis = self._analyzer.analyse([doc])
        if self._frozen and (analysis.forms is not self._frozen[-1].forms):
            # the analyzer cleared its word tables (bounded memory): start again
            self._frozen.clear()
            self._frozen_all = None
            return self._analyse_tail()
        if start and int(analysis.flags[0]) & (F["punct"] | F["sent_punct"]):
            return None
        part = self._part(analysis, doc, start, base)
        cut = self._freeze_point(analysis, doc, start)
        if cut is None:
            return part
        frozen, tail = self._split(part, base, cut, start + doc[cut].idx)
        self._frozen.append(frozen)
        if self._frozen_all is not None or len(self._frozen) == 1:
            self._frozen_all = frozen if len(self._frozen) == 1 else _concat([self._frozen_all, frozen])
        return tail

    def _freeze_point(self, analysis: Analysis, doc: Doc, start: int) -> int | None:
        """Token index of the last sentence start at a plain cut, if any (not the first)."""
        starts = np.flatnonzero(analysis.sent_start[1:]) + 1
        text = self._text
        for j in reversed(starts.tolist()):
            at = start + doc[j].idx
            before = doc[j - 1].text
            if (
                text[at - 1] == " "
                and not text[at - 2].isspace()
                and not self._analyzer.is_phrase_word(before)  # no phrase reaches across
            ):
                return j
        return None

    def _part(self, analysis: Analysis, doc: Doc, char_base: int, token_base: int) -> _Part:
        table = self._clf.featurizer_.occurrence_table(analysis)
        idx, end = analysis.char_offsets()
        tokens = {
            "types": analysis.types, "flags": analysis.flags, "sent_start": analysis.sent_start,
            "filler": analysis.filler, "negated": analysis.negated, "conceded": analysis.conceded,
            "norm": analysis.norm, "form": analysis.form,
            "idx": idx + char_base, "end": end + char_base,
        }
        entry = table.occurrence_entry
        occ_tokens = table.tokens
        token_start = table.token_start
        length = np.diff(token_start)
        stop = (analysis.flags & F["stop"]) != 0
        if len(entry):
            first = occ_tokens[token_start[:-1]]
            last = occ_tokens[token_start[1:] - 1]
            all_stop = np.minimum.reduceat(stop[occ_tokens], token_start[:-1])
        else:
            first = last = np.zeros(0, dtype=np.int64)
            all_stop = np.zeros(0, dtype=bool)
        occ = {
            "column": table.columns[entry], "block": table.entry_block[entry],
            "first": first + token_base, "last": last + token_base, "length": length, "all_stop": all_stop,
        }
        cues = (analysis.cue_start + token_base, analysis.cue_end + token_base, analysis.cue_set)
        return _Part((char_base, len(self._text)), len(doc), tokens, cues, occ, occ_tokens + token_base, analysis.forms)

    @staticmethod
    def _split(part: _Part, token_base: int, cut: int, cut_char: int) -> tuple[_Part, _Part]:
        """The part's tokens before its token ``cut`` and from it on (``token_base``: its first token)."""
        at = token_base + cut
        first_of = part.occ["first"]
        before = first_of < at
        if (part.occ["last"][before] >= at).any():  # pragma: no cover - the analysis keeps features in a sentence
            raise AssertionError("a feature occurrence crosses a sentence boundary")
        token_start = np.concatenate([[0], np.cumsum(part.occ["length"])])
        cue_before = part.cues[0] < at

        def pick(mask: np.ndarray, token_mask: slice) -> _Part:
            return _Part(
                chars=(part.chars[0], cut_char) if token_mask.start is None else (cut_char, part.chars[1]),
                n_tokens=cut if token_mask.start is None else part.n_tokens - cut,
                tokens={f: v[token_mask] for f, v in part.tokens.items()},
                cues=tuple(c[cue_before if token_mask.start is None else ~cue_before] for c in part.cues),  # type: ignore[arg-type]
                occ={f: v[mask] for f, v in part.occ.items()},
                occ_tokens=part.occ_tokens[_expand(token_start[:-1][mask], part.occ["length"][mask])],
                forms=part.forms,
            )

        return pick(before, slice(None, cut)), pick(~before, slice(cut, None))

    def _empty_part(self, char_base: int, token_base: int) -> _Part:
        empty = np.zeros(0, dtype=np.int64)
        tokens = {f: (np.zeros(0, dtype=bool) if f in ("sent_start", "filler", "negated", "conceded") else empty)
                  for f in _TOKEN_FIELDS}
        tokens["norm"] = np.zeros(0, dtype=np.int8)
        occ = {f: (np.zeros(0, dtype=bool) if f == "all_stop" else empty) for f in _OCC_FIELDS}
        forms = self._frozen[-1].forms if self._frozen else self._analyzer.forms
        return _Part((char_base, len(self._text)), 0, tokens, (empty, empty, empty), occ, empty, forms)

    def _whole(self, fields: tuple[str, ...] = _TOKEN_FIELDS) -> _Part:
        """The frozen runs and the tail as one part (only the token ``fields`` asked for)."""
        if self._frozen_all is None and self._frozen:
            self._frozen_all = _concat(self._frozen)
        tail = self._tail
        assert tail is not None
        head = self._frozen_all
        if head is None:
            return tail
        return _Part(
            chars=(head.chars[0], tail.chars[1]),
            n_tokens=head.n_tokens + tail.n_tokens,
            tokens={f: np.concatenate([head.tokens[f], tail.tokens[f]]) for f in fields},
            cues=tuple(np.concatenate([head.cues[k], tail.cues[k]]) for k in range(3)),  # type: ignore[arg-type]
            occ={f: np.concatenate([head.occ[f], tail.occ[f]]) for f in _OCC_FIELDS},
            occ_tokens=np.concatenate([head.occ_tokens, tail.occ_tokens]),
            forms=tail.forms,
        )

    def _stitch(self, whole: _Part) -> Analysis:
        t = whole.tokens
        analysis = _Stitched(
            docs=[],
            bounds=np.array([0, whole.n_tokens], dtype=np.int64),
            types=t["types"], flags=t["flags"], sent_start=t["sent_start"], filler=t["filler"],
            negated=t["negated"], conceded=t["conceded"], norm=t["norm"], form=t["form"],
            cue_start=whole.cues[0], cue_end=whole.cues[1], cue_set=whole.cues[2],
            analyzer=self._analyzer, forms=whole.forms,
        )
        analysis.offsets = (t["idx"], t["end"])
        return analysis

    # -- scoring ----------------------------------------------------------------------
    def _score(self, whole: _Part | None) -> LiveScore:
        """The verdict from the occurrences, as explain_batch computes it."""
        clf = self._clf
        calibration = clf.calibration_
        if whole is None or not len(whole.occ["column"]):
            logit = clf.intercept_ + math.fsum([])
            score = calibrated(logit, calibration)
            low = is_low_evidence(0, clf.min_evidence, cues=0, min_uncued_evidence=clf.min_uncued_evidence)
            return LiveScore(self._text, label_of(score), score, logit, 0, low, ())
        occ = whole.occ
        column = occ["column"]
        length = occ["length"]
        # by feature, then text order: the order of the explanation's occurrence table
        order = np.lexsort((occ["last"], occ["first"], column))
        column, length = column[order], length[order]
        token_start = np.cumsum(occ["length"]) - occ["length"]
        tokens = whole.occ_tokens[_expand(token_start[order], length)]
        new = np.ones(len(column), dtype=bool)
        new[1:] = column[1:] != column[:-1]
        entry_first = np.flatnonzero(new)
        counts = np.diff(np.append(entry_first, len(column)))
        entry_column = column[entry_first]
        block = occ["block"][order][entry_first]
        # sublinear tf, unit length per block, block weights (Featurizer._weights)
        values = block_values(counts, block, np.zeros(len(block), dtype=np.int64), 1,
                              self._scale, clf.featurizer_.weighting)
        weight = clf.coef_[entry_column] * values
        logit = clf.intercept_ + math.fsum(weight.tolist())
        score = calibrated(logit, calibration)
        # evidence: cue features, and word features whose first occurrence is not all stop words
        content = ~occ["all_stop"][order][entry_first]
        evidence = int(np.count_nonzero((block == 1) | ((block == 0) & content)))
        low = is_low_evidence(evidence, clf.min_evidence, cues=int(np.count_nonzero(block == 1)),
                              min_uncued_evidence=clf.min_uncued_evidence)
        # token weights and phrases (explain_batch)
        entry = np.cumsum(new) - 1
        token_start = np.concatenate([[0], np.cumsum(length)])
        n_tokens = whole.n_tokens
        token_weight = token_weights(weight, entry, tokens, token_start, n_tokens)
        t = whole.tokens
        text = self._text

        def phrases() -> tuple[Phrase, ...]:
            found = find_phrases(
                [text], np.array([0, n_tokens], dtype=np.int64), token_weight,
                sent_start=t["sent_start"], is_punct=(t["flags"] & F["punct"]) != 0, negated=t["negated"],
                is_negation_cue=(t["flags"] & F["neg_cue"]) != 0, idx=t["idx"], end=t["end"],
            )
            return found.of(0, text, logit, calibration)

        return LiveScore(self._text, label_of(score), score, logit, evidence, low, phrases)
