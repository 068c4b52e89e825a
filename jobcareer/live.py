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
("But ...") concedes the sentence before it. A run is therefore frozen only once the first
word after it is complete (a space follows it), and stays frozen only while that word is
unchanged. An update does not split off the sentences it finishes: the next update freezes
them from this update's analysis of the tail (it holds while the text up to the end of that
first word is unchanged), then analyses only the text after them.

Features are counts summed over occurrences, but their values are sublinear and
normalised over the whole answer, so each update recomputes the values, the logit and
the token weights from the cached occurrences of the frozen sentences and the fresh ones
of the tail: a few array operations over the answer's occurrences, with the same
arithmetic as :func:`jobcareer.explain.explain_batch` and each token's shares summed in
the same order, so the final result equals :meth:`JobCareerClassifier.explain` of the
whole text. The phrases of the frozen sentences are kept too (:mod:`jobcareer.live_phrases`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from jobcareer._gc import cyclic_gc_paused
from jobcareer.decision import calibrated, label_of
from jobcareer.explain import Explanation, Phrase, is_low_evidence, token_weights
from jobcareer.features import block_values
from jobcareer.live_parts import LivePart, join_parts, leading_parts, stitched_analysis
from jobcareer.live_phrases import LivePhrases
from jobcareer.validation import check_text

if TYPE_CHECKING:
    from jobcareer.model import JobCareerClassifier

__all__ = ["LiveAnswer", "LiveScore"]

#: What the verdict needs of the occurrences.
_SCORE_OCCURRENCE_FIELDS = ("column", "length", "block", "all_stop")


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

        check_is_fitted(classifier)
        self._clf = classifier
        self._nlp, self._analyzer = classifier.analysis_tools.nlp, classifier.analysis_tools.analyzer
        featurizer = classifier.featurizer_
        self._scale = np.array([1.0, featurizer.cue_weight, featurizer.char_weight])
        self._text = ""
        self._frozen: list[LivePart] = []  # frozen runs of sentences, in text order
        self._frozen_all: LivePart | None = None  # their concatenation (no token fields: the verdict reads none)
        self._tail: LivePart | None = None
        self._phrases = LivePhrases()  # the finished sentences' phrase runs and spans
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
        tail = self._tail
        if tail is not None and tail.n_tokens:  # where its finished sentences end (frozen by the next update)
            cut = self._freeze_point(tail)
            if cut is not None:
                return int(tail.tokens["idx"][cut])
        return self._frozen_end()

    def _frozen_end(self) -> int:
        return self._frozen[-1].chars[1] if self._frozen else 0

    def _n_frozen_tokens(self) -> int:
        return self._frozen_all.n_tokens if self._frozen_all is not None else sum(p.n_tokens for p in self._frozen)

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
        analysis = stitched_analysis(self._whole(), self._analyzer.cue_names)
        with cyclic_gc_paused():
            return self._clf.explain_analysis(analysis, [self._text])[0]

    # -- keeping the analysis ---------------------------------------------------------
    def _edit(self, keep: int, new_text: str) -> LiveScore:
        text = self._text[:keep] + new_text
        check_text(text)
        self._text = text
        # a frozen run stays valid while the text up to its end is unchanged and a word
        # follows right after its final space (the tail then starts a sentence)
        while self._frozen and not self._cut_ok(self._frozen[-1].chars[1], keep):
            self._unfreeze()
        with cyclic_gc_paused():
            self._freeze_last_tail(keep)
            while True:
                tail = self._analyse_tail()
                if tail is not None:
                    break
                self._unfreeze()  # the tail does not start a sentence: reanalyse more
            self._tail = tail
            if self._frozen_all is None and self._frozen:
                self._frozen_all = join_parts(self._frozen, ())
            self._result = self._score(tail)
        return self._result

    def _unfreeze(self) -> None:
        """Analyse the last frozen run again with the tail."""
        self._frozen.pop()
        if self._frozen_all is not None:
            self._frozen_all = leading_parts(self._frozen_all, self._frozen)

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

    def _analyse_tail(self) -> LivePart | None:
        """Analyse the text after the frozen runs, and note where its finished sentences end.

        Returns None when the tail's first token would not start a sentence.
        """
        start = self._frozen_end()
        base = self._n_frozen_tokens()
        tail_text = self._text[start:]
        self.n_reanalysed_chars = len(tail_text)
        doc = self._nlp.tokenizer(tail_text)
        if len(doc) == 0:
            forms = self._frozen[-1].forms if self._frozen else self._analyzer.forms
            return LivePart.empty((start, len(self._text)), forms)
        analysis = self._analyzer.analyse([doc])
        if self._frozen and (analysis.forms is not self._frozen[-1].forms):
            # the analyzer cleared its word tables (bounded memory): start again
            self._frozen.clear()
            self._frozen_all = None
            return self._analyse_tail()
        if start and (analysis.is_punct[0] or analysis.is_sentence_final_punct[0]):
            return None
        part = LivePart.from_analysis(analysis, self._clf.featurizer_.feature_occurrences(analysis),
                                      (start, len(self._text)), base)
        # its finished sentences are frozen by the next update (_freeze_last_tail), which
        # then analyses only the text after them: no split now
        return part

    def _freeze_last_tail(self, keep: int) -> None:
        """Freeze the sentences that the last update's tail has finished since, from its
        analysis, so that only the text after them is analysed again.

        That analysis holds while the text up to the end of the first word after them is
        the same (``keep``: the characters kept from the last update) and that word was
        whole then, as it holds for a frozen run (see the module docstring).
        """
        last = self._tail
        if last is None or last.chars[0] != self._frozen_end() or not last.n_tokens:
            return
        stable = keep + 1 if keep == last.chars[1] else keep  # a word at its end was whole if nothing was cut
        cut = self._freeze_point(last, stable)
        if cut is None:
            return
        base = self._n_frozen_tokens()
        frozen, _ = last.split(base, cut, int(last.tokens["idx"][cut]))
        self._frozen.append(frozen)
        if self._frozen_all is not None or len(self._frozen) == 1:
            self._frozen_all = frozen if len(self._frozen) == 1 else join_parts([self._frozen_all, frozen], ())

    def _freeze_point(self, part: LivePart, stable: int | None = None) -> int | None:
        """Token index of the last sentence start of ``part`` at a plain cut, if any (not
        its first), whose first word is complete (and ends before ``stable``)."""
        tokens = part.tokens
        starts = tokens["sent_start"][1:].nonzero()[0] + 1
        idx, end = tokens["idx"], tokens["end"]
        text = self._text
        limit = len(text) if stable is None else min(len(text), stable)
        for j in reversed(starts.tolist()):
            at = int(idx[j])
            if (
                at < limit
                and text[at - 1] == " "
                and not text[at - 2].isspace()
                and not self._analyzer.is_phrase_word(text[idx[j - 1] : end[j - 1]])  # no phrase reaches across
                and self._cut_ok(at, limit)  # its first word is complete: it stays frozen
            ):
                return j
        return None

    def _whole(self) -> LivePart:
        """The frozen runs and the tail as one part."""
        tail = self._tail
        assert tail is not None
        return join_parts([*self._frozen, tail])

    # -- scoring ----------------------------------------------------------------------
    def _score(self, tail: LivePart | None) -> LiveScore:
        """The verdict from the occurrences, as explain_batch computes it.

        The occurrences are those of the frozen runs, then of the tail: each part's in
        the order of its occurrence table (by feature, then text order). A token belongs
        to one part, so each token's shares are summed in the same order as in the
        occurrence table of the whole text, and with the same arithmetic.
        """
        clf = self._clf
        calibration = clf.calibration_
        frozen = self._frozen_all
        if tail is None:
            occ, occurrence_tokens, n_tokens = {}, None, 0
        elif frozen is None:
            occ, occurrence_tokens, n_tokens = tail.occurrences, tail.occurrence_tokens, tail.n_tokens
        else:
            occ = {f: np.concatenate([frozen.occurrences[f], tail.occurrences[f]]) for f in _SCORE_OCCURRENCE_FIELDS}
            occurrence_tokens = np.concatenate([frozen.occurrence_tokens, tail.occurrence_tokens])
            n_tokens = frozen.n_tokens + tail.n_tokens
        if not occ or not len(occ["column"]):
            logit = clf.intercept_ + math.fsum([])
            score = calibrated(logit, calibration)
            low = is_low_evidence(0, clf.min_evidence, cues=0, min_uncued_evidence=clf.min_uncued_evidence)
            return LiveScore(self._text, label_of(score), score, logit, 0, low, ())
        length, column = occ["length"], occ["column"]
        # the answer's features (in column order, as its matrix row), their first
        # occurrence in text order, each occurrence's feature, and their counts: what
        # np.unique(column, return_index=True, return_inverse=True, return_counts=True)
        # gives, in fewer operations
        order = column.argsort(kind="stable")
        ordered = column[order]
        m = len(ordered)
        new_feature = np.empty(m, dtype=bool)
        new_feature[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=new_feature[1:])
        run_start = new_feature.nonzero()[0]
        entry_column, first = ordered[run_start], order[run_start]
        counts = np.empty(len(run_start), dtype=np.int64)
        np.subtract(run_start[1:], run_start[:-1], out=counts[:-1])
        counts[-1] = m - run_start[-1]
        entry = np.empty(m, dtype=np.int64)
        entry[order] = new_feature.cumsum() - 1
        block = occ["block"][first]
        # sublinear tf, unit length per block, block weights (Featurizer._weights)
        values = block_values(counts, block, np.zeros(len(block), dtype=np.int64), 1,
                              self._scale, clf.featurizer_.weighting)
        weight = clf.coef_[entry_column] * values
        logit = clf.intercept_ + math.fsum(weight.tolist())
        score = calibrated(logit, calibration)
        # evidence: cue features, and word features whose first occurrence is not all stop words
        cues = int(np.count_nonzero(block == 1))
        evidence = cues + int(np.count_nonzero((block == 0) & ~occ["all_stop"][first]))  # a word, not all stop words
        low = is_low_evidence(evidence, clf.min_evidence, cues=cues, min_uncued_evidence=clf.min_uncued_evidence)
        # token weights and phrases (explain_batch)
        token_start = np.zeros(len(length) + 1, dtype=np.int64)
        length.cumsum(out=token_start[1:])
        token_weight = token_weights(weight, entry, occurrence_tokens, token_start, n_tokens)
        text, cache, frozen_parts = self._text, self._phrases, list(self._frozen)

        def phrases() -> tuple[Phrase, ...]:
            return cache.phrases(text, frozen_parts, tail, token_weight, logit, calibration)

        return LiveScore(self._text, label_of(score), score, logit, evidence, low, phrases)
