"""``JobCareerClassifier``: a scikit-learn estimator over the preprocessing.

Text is tokenised by spaCy's English tokenizer and analysed in batches
(:mod:`jobcareer.batching`, :mod:`jobcareer.analysis`: sentences, fillers, negation,
occupations, numbers, cues), then turned into span-aware features
(:mod:`jobcareer.features`) for a logistic regression (:mod:`jobcareer.fitting`). The
regression's career log-odds (the *logit*) is a sum of per-feature contributions, so
explanations are exact; a sigmoid (Platt) calibration fitted on out-of-fold logits turns it
into P(career) (:mod:`jobcareer.decision`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from numbers import Integral, Real
from typing import Any, ClassVar

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted
from spacy.language import Language
from spacy.tokens import Doc

from jobcareer.analysis import Analysis
from jobcareer.batching import AnalysisTools
from jobcareer.decision import CLASSES, calibrated, labels_of
from jobcareer.explain import evidence_counts, is_low_evidence
from jobcareer.explaining import ExplainingMethods
from jobcareer.features import Featurizer
from jobcareer.fitting import check_groups, check_labels, check_sample_weight, fit_calibrated_regression
from jobcareer.pipeline.annotator import build_pipeline
from jobcareer.validation import check_texts  # re-exported: jobcareer.model.check_texts

__all__ = ["CLASSES", "JobCareerClassifier", "check_texts"]


class JobCareerClassifier(ExplainingMethods, ClassifierMixin, BaseEstimator):
    """Classify interview answers as ``"career"``- or ``"job"``-oriented, with explanations.

    Parameters
    ----------
    C : float, default 4.0
        Inverse L2 regularisation strength of the logistic regression.
    ngram_range : tuple of int, default (1, 2)
        Word n-gram sizes.
    min_df : int, default 2
        Minimum number of training answers an n-gram must occur in.
    use_words : bool, default True
        Use the word n-gram features.
    use_cues : bool, default True
        Use the motive and time-horizon lexicon features.
    use_chars : bool, default False
        Use character n-grams inside words (robustness to typos).
    cue_sides : bool, default True
        Add per-side aggregates of the motive cues (see :class:`jobcareer.features.Featurizer`).
    cue_weight : float, default 1.0
        Scale of the cue block relative to the word block.
    char_weight : float, default 0.5
        Scale of the character block.
    negation_window : int, default 6
        Content words a negation cue reaches.
    concession : bool, default True
        Separate features for motive cues in conceded clauses ("the pay's fine, but ..."),
        see :meth:`jobcareer.analysis.Analyzer.conceded`.
    content_ngrams : bool, default True
        Keep only word n-grams with at least one content word (no "the", "be do").
    skip_conceded_words : bool, default True
        Word n-grams leave out conceded clauses, whose motives count through the
        ``concession`` cue features only (see :class:`jobcareer.features.Featurizer`).
    weighting : {"binary", "sublinear_l2"}, default "binary"
        Feature values (see :class:`jobcareer.features.Featurizer`): presence times the block
        weight, chosen on real answers (the model card's ablation); ``"sublinear_l2"`` gives
        ``1 + log(count)`` scaled to unit length per block.
    class_weight : "balanced" or None, default "balanced"
        Passed to the logistic regression.
    calibration_folds : int, default 5
        Folds of the out-of-fold logits the sigmoid calibration is fitted on.
    min_evidence : int, default 3
        An explanation with fewer active word and cue features is flagged low-evidence.
    min_uncued_evidence : int, default 6
        An explanation in which no lexicon cue fires is flagged low-evidence with fewer
        content features than this.
    random_state : int, default 0
        Seed of the calibration folds; same data and seed give the same model.
    batch_size : int, default 256
        Answers analysed together (the analysis is vectorised over a batch).
    n_process : int, default 1
        Processes that score batches in parallel in ``predict``, ``predict_proba`` and
        ``decision_function`` (:mod:`jobcareer.parallel`, through joblib). Worth it from a
        few thousand answers on; results are identical to one process.
    lexicons : dict or None, default None
        Word lists for the pipeline (see :func:`jobcareer.lexicons.default_lexicons`);
        ``None`` uses the bundled ones. The lists used are stored in the fitted model.

    Attributes
    ----------
    classes_ : ndarray of str
        ``array(['career', 'job'])``.
    coef_ : ndarray of shape (n_features,)
        Weight of each feature toward career (positive) or job (negative).
    intercept_ : float
        The bias of the career logit.
    calibration_ : tuple of float
        ``(slope, offset)``: P(career) = sigmoid(slope * logit + offset), slope > 0.
    featurizer_ : Featurizer
        The fitted feature extractor.
    lexicons_ : dict
        The word lists the pipeline was built with.

    Parameters are keyword-only; their constraints are declared once, in
    ``_parameter_constraints`` (scikit-learn's table), and checked by :meth:`fit`.

    Examples
    --------
    >>> clf = JobCareerClassifier().fit(texts, labels)          # doctest: +SKIP
    >>> clf.predict(["The hours fit my kids' school run."])      # doctest: +SKIP
    array(['job'], dtype=object)
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        "C": [Interval(Real, 0, None, closed="neither")],
        "ngram_range": [tuple, list],
        "min_df": [Interval(Integral, 1, None, closed="left")],
        "use_words": ["boolean"],
        "use_cues": ["boolean"],
        "use_chars": ["boolean"],
        "cue_sides": ["boolean"],
        "cue_weight": [Interval(Real, 0, None, closed="left")],
        "char_weight": [Interval(Real, 0, None, closed="left")],
        "negation_window": [Interval(Integral, 1, None, closed="left")],
        "concession": ["boolean"],
        "content_ngrams": ["boolean"],
        "skip_conceded_words": ["boolean"],
        "weighting": [StrOptions({"sublinear_l2", "binary"})],
        "class_weight": [StrOptions({"balanced"}), None],
        "calibration_folds": [Interval(Integral, 2, None, closed="left")],
        "min_evidence": [Interval(Integral, 0, None, closed="left")],
        "min_uncued_evidence": [Interval(Integral, 0, None, closed="left")],
        "random_state": ["random_state"],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "n_process": [Interval(Integral, 1, None, closed="left")],
        "lexicons": [dict, None],
    }

    def __init__(
        self,
        *,
        C: float = 4.0,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        use_words: bool = True,
        use_cues: bool = True,
        use_chars: bool = False,
        cue_sides: bool = True,
        cue_weight: float = 1.0,
        char_weight: float = 0.5,
        negation_window: int = 6,
        concession: bool = True,
        content_ngrams: bool = True,
        skip_conceded_words: bool = True,
        weighting: str = "binary",
        class_weight: str | None = "balanced",
        calibration_folds: int = 5,
        min_evidence: int = 3,
        min_uncued_evidence: int = 6,
        random_state: int = 0,
        batch_size: int = 256,
        n_process: int = 1,
        lexicons: dict[str, Any] | None = None,
    ):
        self.C = C
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.use_words = use_words
        self.use_cues = use_cues
        self.use_chars = use_chars
        self.cue_sides = cue_sides
        self.cue_weight = cue_weight
        self.char_weight = char_weight
        self.negation_window = negation_window
        self.concession = concession
        self.content_ngrams = content_ngrams
        self.skip_conceded_words = skip_conceded_words
        self.weighting = weighting
        self.class_weight = class_weight
        self.calibration_folds = calibration_folds
        self.min_evidence = min_evidence
        self.min_uncued_evidence = min_uncued_evidence
        self.random_state = random_state
        self.batch_size = batch_size
        self.n_process = n_process
        self.lexicons = lexicons

    def __sklearn_is_fitted__(self) -> bool:
        """Fitted once it has coefficients (by :meth:`fit` or :func:`jobcareer.load`)."""
        return hasattr(self, "coef_")

    # -- preprocessing ----------------------------------------------------------------
    @property
    def nlp_(self) -> Language:
        """A spaCy pipeline that annotates Docs as this model analyses answers.

        For inspection (``doc._.jc_negated``, ``doc._.jc_cues``, ...) and for spaCy users;
        the classifier itself only needs the tokenizer and the batch analysis. Built once,
        on first use.
        """
        check_is_fitted(self)
        nlp = self.__dict__.get("_nlp")
        if nlp is None:
            nlp = build_pipeline(self.lexicons_, negation_window=self.negation_window)
            self._nlp = nlp
        return nlp

    @property
    def analysis_tools(self) -> AnalysisTools:
        """The tokenizer pipeline and analyzer this model scores with, and their batch loop.

        Built once, on first use, with the model's word lists. Modules that keep an
        analysis of their own (live scoring) use ``analysis_tools.nlp`` and
        ``analysis_tools.analyzer``; see :class:`jobcareer.batching.AnalysisTools`.
        """
        check_is_fitted(self)
        tools = self.__dict__.get("_tools")
        if tools is None:
            tools = AnalysisTools(self.lexicons_, negation_window=self.negation_window)
            self._tools = tools
        return tools

    def memory_zone(self) -> AbstractContextManager[None]:
        """A block whose new vocabulary strings are freed when it ends (spaCy's ``memory_zone``).

        For servers and data-frame workers that score answers of unbounded variety:
        ``with clf.memory_zone(): clf.predict_proba(texts)``. Keep nothing that refers
        to a Doc past the block (scores, labels and explanations are fine).
        """
        return self.analysis_tools.memory_zone()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        # rebuilt on demand: spaCy pipelines are large to pickle
        state.pop("_nlp", None)
        state.pop("_tools", None)
        return state

    def _make_featurizer(self) -> Featurizer:
        shared = ("min_df", "use_words", "use_cues", "use_chars", "cue_sides", "cue_weight", "char_weight",
                  "concession", "content_ngrams", "weighting", "skip_conceded_words")
        return Featurizer(ngram_range=tuple(self.ngram_range), **{name: getattr(self, name) for name in shared})

    # -- fitting ----------------------------------------------------------------------
    def fit(
        self,
        X: Iterable[str],
        y: Iterable[str],
        groups: Iterable[Any] | None = None,
        sample_weight: Iterable[float] | None = None,
    ) -> JobCareerClassifier:
        """Fit the classifier and its calibration on labeled answers.

        Parameters
        ----------
        X : iterable of str
            The answers.
        y : iterable of {"career", "job"}
            Their labels.
        groups : iterable, optional
            Group of each answer (e.g. the writing pass); the calibration's out-of-fold
            logits are then computed with folds that keep each group together (one fold
            per group when there are fewer groups than ``calibration_folds``).
        sample_weight : iterable of float, optional
            Weight of each answer in the regression and its calibration (e.g. less for
            deliberately tricky written cases, so they teach structure without erasing the
            main signals). Non-negative, finite, not all zero.

        Returns
        -------
        self

        Raises
        ------
        sklearn.utils._param_validation.InvalidParameterError
            (a ``ValueError``) naming a parameter outside its declared constraints.
        ValueError
            If the labels, weights or groups do not fit the answers.
        """
        self._validate_params()
        texts = check_texts(X)
        labels = check_labels(y, len(texts), self.calibration_folds)
        weights = check_sample_weight(sample_weight, len(texts))
        group_array = check_groups(groups, len(texts))

        from jobcareer.lexicons import default_lexicons

        lexicons = default_lexicons()
        lexicons.update(self.lexicons or {})
        self.lexicons_ = lexicons
        self.__dict__.pop("_nlp", None)
        self.__dict__.pop("_tools", None)
        tools = AnalysisTools(lexicons, negation_window=self.negation_window)
        analyses = list(tools.analyses(texts, self.batch_size))
        featurizer = self._make_featurizer().fit(analyses)
        fitted = fit_calibrated_regression(
            featurizer.transform(analyses),
            (labels == CLASSES[0]).astype(int),  # 1 = career: the logit points to career
            C=self.C,
            class_weight=self.class_weight,
            random_state=self.random_state,
            calibration_folds=self.calibration_folds,
            sample_weight=weights,
            groups=group_array,
        )
        self._tools = tools
        self.featurizer_ = featurizer
        self.coef_ = fitted.coef
        self.intercept_ = fitted.intercept
        self.calibration_ = fitted.calibration
        self.classes_ = np.array(CLASSES, dtype=object)
        return self

    # -- prediction -------------------------------------------------------------------
    def career_logit(self, X: Iterable[str]) -> np.ndarray:
        """Raw career log-odds of each answer: positive leans career, negative job.

        With ``n_process`` > 1 and more than one batch of answers, the batches are
        scored by worker processes (:func:`jobcareer.parallel.parallel_logits`).
        """
        check_is_fitted(self)
        texts = check_texts(X)
        if self.n_process > 1 and len(texts) > self.batch_size:
            from jobcareer.parallel import parallel_logits

            return parallel_logits(self, texts, self.n_process)
        parts = self.analysis_tools.map_texts(texts, self.batch_size, self._batch_logits)
        return np.concatenate(parts) if parts else np.zeros(0)

    def _batch_logits(self, analysis: Analysis, texts: Sequence[str] | None) -> np.ndarray:
        return self.featurizer_.dot(analysis, self.coef_) + self.intercept_

    def low_evidence(self, X: Iterable[str]) -> np.ndarray:
        """Whether each answer is flagged low-evidence, as its explanation would be.

        The same flag as ``explain(text).low_evidence`` (the rule is
        :func:`jobcareer.explain.is_low_evidence`), without building the explanations.

        Returns
        -------
        ndarray of bool
        """
        return self.career_logit_and_low_evidence(X)[1]

    def career_logit_and_low_evidence(self, X: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`career_logit` and :meth:`low_evidence` of each answer, in one pass.

        Parameters
        ----------
        X : iterable of str
            The answers.

        Returns
        -------
        tuple of ndarray
            The career log-odds (float) and the low-evidence flags (bool), one per answer.
        """
        check_is_fitted(self)
        parts = self.analysis_tools.map_texts(check_texts(X), self.batch_size, self._batch_logits_and_flags)
        if not parts:
            return np.zeros(0), np.zeros(0, dtype=bool)
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def _batch_logits_and_flags(self, analysis: Analysis, texts: Sequence[str] | None) -> tuple[np.ndarray, np.ndarray]:
        table = self.featurizer_.occurrence_table(analysis)  # the logits from it too: one pass
        weights = self.coef_[table.columns] * table.values
        logits = np.bincount(table.entry_row, weights=weights, minlength=len(analysis)) + self.intercept_
        evidence, cues = evidence_counts(analysis, table)
        flags = is_low_evidence(evidence, self.min_evidence, cues=cues, min_uncued_evidence=self.min_uncued_evidence)
        return logits, np.asarray(flags, dtype=bool)

    def career_logit_docs(self, docs: Iterable[Doc]) -> np.ndarray:
        """:meth:`career_logit` of answers already tokenised (by any English tokenizer).

        The Docs' own tokens are analysed, not their texts tokenised again: for the spaCy
        component, which scores its host pipeline's Docs.
        """
        check_is_fitted(self)
        parts = self.analysis_tools.map_docs(docs, self.batch_size, self._batch_logits)
        return np.concatenate(parts) if parts else np.zeros(0)

    def calibrate(self, logit: np.ndarray | float) -> np.ndarray | float:
        """Map career logits to calibrated P(career) (a strictly increasing function)."""
        check_is_fitted(self)
        result = calibrated(np.asarray(logit, dtype=np.float64), self.calibration_)
        return float(result) if np.ndim(result) == 0 else result

    def decision_function(self, X: Iterable[str]) -> np.ndarray:
        """Signed distance toward ``classes_[1]`` (``"job"``), as scikit-learn expects.

        This is the negated :meth:`career_logit`, so that scikit-learn's scorers and
        ``roc_auc_score(y == "job", clf.decision_function(X))`` work as usual.
        """
        return -self.career_logit(X)

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Calibrated probabilities, shape (n, 2), columns in ``classes_`` order."""
        career = self.calibrate(self.career_logit(X))
        return np.column_stack([career, 1.0 - career])

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """``"career"`` where calibrated P(career) >= 0.5, else ``"job"`` (an object array)."""
        return labels_of(self.predict_proba(X)[:, 0])
