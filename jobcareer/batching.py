"""The one batch loop of every scoring path: validate, tokenise, analyse, use, free.

Fitting, logits, low-evidence flags, explanations, evaluation, the keyword baseline and
the scoring of ready-made Docs all run answers through :class:`AnalysisTools`, which
holds a tokenizer pipeline (spaCy's blank English) and an
:class:`~jobcareer.analysis.Analyzer`, and runs each batch the same way:

1. the answers are validated (:func:`jobcareer.validation.check_texts`) by the public entry point, once;
2. a batch is tokenised by :func:`jobcareer.tokenizing.tokenize` (linear time on any
   input) and analysed as a whole (:meth:`Analyzer.analyse`);
3. the caller's ``use`` function turns the batch's analysis into what it needs (logits,
   flags, explanations...) while the cyclic garbage collector is paused
   (:mod:`jobcareer._gc`);
4. the analysis and its Docs are freed as ``use`` returns, before the collector resumes.

Once the vocabulary has grown by :data:`VOCAB_GROWTH` strings, batches run inside
spaCy's ``memory_zone``: the strings they add are freed when the batch ends, so memory
stays flat however many distinct words the answers have, while the words seen before stay
cached (zoning every batch from the start would re-tokenise every word every time, about
3x slower). Memory zones of one vocabulary must not overlap, so one batch at a time runs
(threads sharing the tools take turns).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TypeVar

from spacy.tokens import Doc
from spacy.util import minibatch

from jobcareer._gc import cyclic_gc_paused
from jobcareer.analysis import Analysis, Analyzer
from jobcareer.tokenizing import tokenize
from jobcareer.validation import MAX_CHARS

__all__ = ["VOCAB_GROWTH", "AnalysisTools"]

#: Strings the spaCy vocabulary may gain while scoring before each batch's new strings are
#: freed after it (spaCy's ``memory_zone``): about 40 MB of words kept cached.
VOCAB_GROWTH = 100_000

Result = TypeVar("Result")
#: What a batch's ``use`` function receives: the batch's analysis and its answers (None
#: for ready-made Docs, whose texts are their own).
BatchUse = Callable[[Analysis, Sequence[str] | None], Result]


class AnalysisTools:
    """A tokenizer pipeline and an analyzer, and the batch loop that runs them.

    Parameters
    ----------
    lexicons : dict or None, default None
        Word lists for the analyzer (see :func:`jobcareer.lexicons.default_lexicons`);
        ``None`` uses the bundled ones.
    negation_window : int, default 6
        Content words a negation cue reaches.

    Attributes
    ----------
    nlp : spacy.language.Language
        Blank English: the tokenizer every answer goes through.
    analyzer : Analyzer
        The batch analysis (sentences, fillers, negation, occupations, cues).
    """

    def __init__(self, lexicons: dict[str, Any] | None = None, *, negation_window: int = 6):
        import spacy

        self.nlp = spacy.blank("en")
        self.nlp.max_length = MAX_CHARS + 1
        self.analyzer = Analyzer(self.nlp, lexicons, negation_window=negation_window)
        self._turn = threading.Lock()  # one batch at a time: memory zones must not overlap
        self._vocab_limit = len(self.nlp.vocab.strings) + VOCAB_GROWTH

    def memory_zone(self) -> AbstractContextManager[None]:
        """spaCy's ``memory_zone`` of the tokenizer's vocabulary: strings added inside are freed.

        For callers that tokenise or score answers of unbounded variety around several
        calls (a web server's request, a data-frame partition). Every Doc made inside
        must be dropped before the block ends.
        """
        return self.nlp.memory_zone()

    def map_texts(
        self, texts: Sequence[str], batch_size: int, use: BatchUse[Result], *, keep: bool = False
    ) -> list[Result]:
        """Run ``use`` on the analysis of each batch of ``batch_size`` validated answers.

        Parameters
        ----------
        texts : sequence of str
            Answers already validated (:func:`jobcareer.validation.check_texts`).
        batch_size : int
            Answers analysed together.
        use : callable
            ``use(analysis, batch_texts)``: what to compute from the batch. It must not
            return anything that refers to the batch's Docs, unless ``keep`` is true.
        keep : bool, default False
            The results hold the analyses themselves (fitting keeps every batch): no
            batch runs in a memory zone, so the strings the analyses refer to stay.

        Returns
        -------
        list
            ``use``'s result for each batch, in order.
        """
        results = []
        for start in range(0, len(texts), batch_size):
            chunk = texts[start : start + batch_size]
            with self._turn:
                grown = not keep and len(self.nlp.vocab.strings) >= self._vocab_limit
                with self.memory_zone() if grown else nullcontext(), cyclic_gc_paused():
                    results.append(use(self.analyzer.analyse(tokenize(self.nlp.tokenizer, chunk)), chunk))
        return results

    def map_docs(self, docs: Iterable[Doc], batch_size: int, use: BatchUse[Result]) -> list[Result]:
        """Run ``use`` on the analysis of each batch of Docs made by any English tokenizer.

        The Docs' own tokens are analysed (no tokenising again); ``use`` receives None
        for the texts. See :meth:`map_texts`.
        """
        results = []
        for batch in minibatch(docs, size=batch_size):
            with self._turn, cyclic_gc_paused():
                results.append(use(self.analyzer.analyse(batch), None))
        return results

    def analyses(self, texts: Sequence[str], batch_size: int) -> Iterator[Analysis]:
        """The analyses of validated answers, one per batch, all kept (for fitting)."""
        yield from self.map_texts(texts, batch_size, _the_analysis, keep=True)


def _the_analysis(analysis: Analysis, texts: Sequence[str] | None) -> Analysis:
    return analysis
