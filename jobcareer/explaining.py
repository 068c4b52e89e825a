"""The explaining half of :class:`jobcareer.JobCareerClassifier`: explanations, live, transcripts.

A mixin: the classifier (:mod:`jobcareer.model`) inherits these methods, which read its
fitted attributes (``featurizer_``, ``coef_``, ``intercept_``, ``calibration_``) and run
answers through its :attr:`analysis_tools` batch loop (:mod:`jobcareer.batching`), as its
predictions do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.utils.validation import check_is_fitted
from spacy.tokens import Doc

from jobcareer.analysis import Analysis
from jobcareer.batching import AnalysisTools
from jobcareer.explain import Explanation, explain_batch
from jobcareer.features import Featurizer
from jobcareer.validation import check_text, check_texts

if TYPE_CHECKING:
    from jobcareer.live import LiveAnswer
    from jobcareer.transcripts import TranscriptExplanation

__all__ = ["ExplainingMethods"]


class ExplainingMethods:
    """Explanation methods of a fitted classifier (mixed into ``JobCareerClassifier``)."""

    batch_size: int
    min_evidence: int
    min_uncued_evidence: int
    featurizer_: Featurizer
    coef_: np.ndarray
    intercept_: float
    calibration_: tuple[float, float]
    analysis_tools: AnalysisTools

    def explain(self, text: str) -> Explanation:
        """Explain one answer: label, calibrated score, exact contributions, phrases.

        Parameters
        ----------
        text : str
            The answer.

        Returns
        -------
        Explanation
            See :class:`jobcareer.Explanation`.
        """
        check_is_fitted(self)
        check_text(text)
        if not text.strip():
            raise ValueError("the answer is empty or blank; there is nothing to explain")
        return self.explain_many([text])[0]

    def explain_many(self, X: Iterable[str]) -> list[Explanation]:
        """Explain many answers: the same as :meth:`explain` on each, several times faster.

        The answers are analysed in batches of ``batch_size``, as in :meth:`predict`.

        Parameters
        ----------
        X : iterable of str
            The answers (none blank).

        Returns
        -------
        list of Explanation
            One per answer, in order.
        """
        check_is_fitted(self)
        parts = self.analysis_tools.map_texts(check_texts(X), self.batch_size, self.explain_analysis)
        return [explanation for part in parts for explanation in part]

    def explain_docs(self, docs: Iterable[Doc]) -> list[Explanation]:
        """Explain answers already tokenised (by any English tokenizer), from their own tokens.

        The same as :meth:`explain_many` on the Docs' texts when the tokens are the same;
        for the spaCy component, which explains its host pipeline's Docs.

        Returns
        -------
        list of Explanation
            One per Doc, in order.
        """
        check_is_fitted(self)
        parts = self.analysis_tools.map_docs(docs, self.batch_size, self.explain_analysis)
        return [explanation for part in parts for explanation in part]

    def explain_doc(self, doc: Doc) -> Explanation:
        """:meth:`explain_docs` of one Doc."""
        return self.explain_docs([doc])[0]

    def explain_analysis(self, analysis: Analysis, texts: Sequence[str] | None = None) -> list[Explanation]:
        """The explanations of an analysed batch (made by :attr:`analysis_tools`).

        For modules that keep an analysis of their own (live scoring): call it inside the
        batch, while the analysis's Docs are alive.

        Parameters
        ----------
        analysis : Analysis
            The batch's analysis.
        texts : sequence of str, optional
            The answers as given (None: the Docs' texts).

        Returns
        -------
        list of Explanation
            One per answer of the batch, in order.
        """
        return explain_batch(
            analysis,
            self.featurizer_.occurrence_table(analysis),
            coef=self.coef_,
            bias=self.intercept_,
            calibration=self.calibration_,
            min_evidence=self.min_evidence,
            min_uncued_evidence=self.min_uncued_evidence,
            texts=texts,
        )

    def live(self) -> LiveAnswer:
        """Score an answer as it grows (speech-to-text): see :class:`jobcareer.live.LiveAnswer`.

        Returns
        -------
        LiveAnswer
            Call ``update(new_text)`` as words arrive; each call returns a
            :class:`jobcareer.live.LiveScore` (label, score, low-evidence flag, phrases).
        """
        from jobcareer.live import LiveAnswer

        return LiveAnswer(self)

    def explain_transcript(self, source: Any, candidate: str | None = None) -> TranscriptExplanation:
        """Explain every answer of an interview transcript.

        See :func:`jobcareer.transcripts.explain_transcript`: ``source`` is a ``.vtt``,
        ``.srt``, ``.txt`` or ``.json`` file, its turns, or paired answers; ``candidate``
        names the candidate (inferred if omitted).
        """
        from jobcareer.transcripts import explain_transcript

        return explain_transcript(self, source, candidate=candidate)
