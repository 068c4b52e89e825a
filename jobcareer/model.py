"""``JobCareerClassifier``: a scikit-learn estimator over the preprocessing.

Text is tokenised by spaCy's English tokenizer and analysed in batches
(:mod:`jobcareer.analysis`: sentences, fillers, negation, occupations, numbers, cues),
then turned into span-aware features (:mod:`jobcareer.features`) for a logistic
regression. The regression's
career log-odds (the *logit*) is a sum of per-feature contributions, so explanations are
exact; a sigmoid (Platt) calibration fitted on out-of-fold logits turns it into P(career).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from jobcareer._gc import cyclic_gc_paused
from jobcareer.analysis import Analysis, Analyzer
from jobcareer.explain import Explanation, evidence_counts, explain_batch, is_low_evidence
from jobcareer.features import Featurizer
from jobcareer.pipeline.annotator import build_pipeline
from jobcareer.tokenizing import tokenize
from jobcareer.validation import MAX_CHARS, check_text, check_texts  # check_texts: re-exported for callers

if TYPE_CHECKING:
    from jobcareer.live import LiveAnswer
    from jobcareer.transcripts import TranscriptExplanation

__all__ = ["CLASSES", "JobCareerClassifier"]

#: The labels, in the column order of ``predict_proba``.
CLASSES = ("career", "job")
#: Strings the spaCy vocabulary may gain while scoring before each batch's new strings are
#: freed after it (spaCy's ``memory_zone``): about 40 MB of words kept cached.
VOCAB_GROWTH = 100_000


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # overflow-free logistic function


class JobCareerClassifier(ClassifierMixin, BaseEstimator):
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
    weighting : {"sublinear_l2", "binary"}, default "sublinear_l2"
        Feature values (see :class:`jobcareer.features.Featurizer`).
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
        ``decision_function`` (``fork`` where available). Worth it from a few thousand
        answers on; results are identical to one process.
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

    Examples
    --------
    >>> clf = JobCareerClassifier().fit(texts, labels)          # doctest: +SKIP
    >>> clf.predict(["The hours fit my kids' school run."])      # doctest: +SKIP
    array(['job'], dtype=object)
    """

    def __init__(
        self,
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
        weighting: str = "sublinear_l2",
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
        self.weighting = weighting
        self.class_weight = class_weight
        self.calibration_folds = calibration_folds
        self.min_evidence = min_evidence
        self.min_uncued_evidence = min_uncued_evidence
        self.random_state = random_state
        self.batch_size = batch_size
        self.n_process = n_process
        self.lexicons = lexicons

    # -- preprocessing ----------------------------------------------------------------
    @property
    def nlp_(self) -> Language:
        """A spaCy pipeline that annotates Docs as this model analyses answers.

        For inspection (``doc._.jc_negated``, ``doc._.jc_cues``, ...) and for spaCy users;
        the classifier itself only needs the tokenizer and the batch analysis. Built once,
        on first use.
        """
        check_is_fitted(self, "coef_")
        nlp = self.__dict__.get("_nlp")
        if nlp is None:
            nlp = build_pipeline(self.lexicons_, negation_window=self.negation_window)
            self._nlp = nlp
        return nlp

    def _analysis_tools(self) -> tuple[Language, Analyzer]:
        """The tokenizer's pipeline and the analyzer (built once, on first use)."""
        tools = self.__dict__.get("_tools")
        if tools is None:
            import spacy

            nlp = spacy.blank("en")
            nlp.max_length = MAX_CHARS + 1
            tools = (nlp, Analyzer(nlp, self.lexicons_, negation_window=self.negation_window))
            self._zone_lock = threading.Lock()
            self._vocab_limit = len(nlp.vocab.strings) + VOCAB_GROWTH
            self._tools = tools
        return tools

    @contextmanager
    def _scoring_batch(self, texts: Sequence[str]) -> Iterator[Analysis]:
        """The analysis of one batch of validated answers, valid inside the block only.

        The batch is tokenised by :func:`jobcareer.tokenizing.tokenize` (linear time on any
        input). Once the vocabulary has grown by :data:`VOCAB_GROWTH` strings, batches run
        inside spaCy's ``memory_zone``: the strings they add are freed when the block ends,
        so memory stays flat however many distinct words the answers have, while the words
        seen before stay cached (zoning every batch from the start would re-tokenise every
        word every time, about 3x slower). Memory zones of one vocabulary must not overlap,
        so one batch at a time runs here (threads sharing the model take turns). The cyclic
        GC is paused (see :mod:`jobcareer._gc`). Use nothing that refers to the Docs after
        the block.
        """
        nlp, analyzer = self._analysis_tools()
        with self._zone_lock:
            full = len(nlp.vocab.strings) >= self._vocab_limit
            with nlp.memory_zone() if full else nullcontext(), cyclic_gc_paused():
                yield analyzer.analyse(tokenize(nlp.tokenizer, texts))

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        # rebuilt on demand: spaCy pipelines are large to pickle
        state.pop("_nlp", None)
        state.pop("_tools", None)
        state.pop("_zone_lock", None)
        state.pop("_vocab_limit", None)
        return state

    def _analyses(self, texts: Sequence[str]) -> Iterator[Analysis]:
        """Tokenise and analyse validated answers, one batch at a time."""
        nlp, analyzer = self._analysis_tools()
        for start in range(0, len(texts), self.batch_size):
            yield analyzer.analyse(tokenize(nlp.tokenizer, texts[start : start + self.batch_size]))

    def _analyse_docs(self, docs: Iterable[Doc]) -> Iterator[Analysis]:
        """Analyse Docs made by any English tokenizer, one batch at a time."""
        _, analyzer = self._analysis_tools()
        for batch in minibatch(docs, size=self.batch_size):
            yield analyzer.analyse(batch)

    def _make_featurizer(self) -> Featurizer:
        return Featurizer(
            ngram_range=tuple(self.ngram_range),  # type: ignore[arg-type]
            min_df=self.min_df,
            use_words=self.use_words,
            use_cues=self.use_cues,
            use_chars=self.use_chars,
            cue_sides=self.cue_sides,
            cue_weight=self.cue_weight,
            char_weight=self.char_weight,
            concession=self.concession,
            content_ngrams=self.content_ngrams,
            weighting=self.weighting,
        )

    # -- fitting ----------------------------------------------------------------------
    def fit(
        self,
        X: Iterable[str],
        y: Iterable[str],
        groups: Iterable[Any] | None = None,
        sample_weight: Iterable[float] | None = None,
    ):
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
        """
        texts = check_texts(X)
        labels = np.asarray(list(y), dtype=object)
        if len(labels) != len(texts):
            raise ValueError(f"X has {len(texts)} answers but y has {len(labels)} labels")
        unknown = sorted({str(v) for v in labels} - set(CLASSES))
        if unknown:
            raise ValueError(f"labels must be 'career' or 'job', found {unknown}")
        counts = [int((labels == c).sum()) for c in CLASSES]
        if min(counts) < self.calibration_folds:
            raise ValueError(
                f"need at least calibration_folds={self.calibration_folds} answers of each "
                f"label, got career={counts[0]}, job={counts[1]}"
            )
        if self.C <= 0:
            raise ValueError(f"C must be positive, got {self.C}")
        weights = np.ones(len(texts)) if sample_weight is None else np.asarray(list(sample_weight), dtype=np.float64)
        if weights.shape != (len(texts),):
            raise ValueError(f"sample_weight has {weights.size} entries, X has {len(texts)}")
        if not (np.isfinite(weights).all() and (weights >= 0).all() and weights.sum() > 0):
            raise ValueError("sample_weight must be finite and non-negative, and not all zero")

        from sklearn.linear_model import LogisticRegression  # fit only: 0.2 s of import time
        from sklearn.model_selection import GroupKFold, StratifiedKFold, cross_val_predict

        from jobcareer.lexicons import default_lexicons

        lexicons = default_lexicons()
        lexicons.update(self.lexicons or {})
        self.lexicons_ = lexicons
        self.__dict__.pop("_nlp", None)
        self.__dict__.pop("_tools", None)
        analyses = list(self._analyses(texts))

        featurizer = self._make_featurizer().fit(analyses)
        matrix = featurizer.transform(analyses)
        target = (labels == "career").astype(int)  # 1 = career: the logit points to career
        regression = LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            solver="liblinear",  # fast on sparse text; deterministic in the primal
            intercept_scaling=10.0,  # liblinear penalises the intercept: keep that small
            max_iter=1000,
            random_state=self.random_state,
        )
        group_array = None if groups is None else np.asarray(list(groups))
        if group_array is not None and len(group_array) != len(texts):
            raise ValueError(f"groups has {len(group_array)} entries, X has {len(texts)}")
        n_groups = 0 if group_array is None else len(set(group_array.tolist()))
        if n_groups >= 2:
            # as many folds as asked, or one per group when there are fewer groups
            folds_by_group = GroupKFold(n_splits=min(self.calibration_folds, n_groups))
            splits = list(folds_by_group.split(matrix, target, group_array))
        else:
            folds = StratifiedKFold(self.calibration_folds, shuffle=True, random_state=self.random_state)
            splits = list(folds.split(matrix, target))
        oof = cross_val_predict(
            regression, matrix, target, cv=splits, method="decision_function", params={"sample_weight": weights}
        )
        platt = LogisticRegression(C=1e6, max_iter=1000).fit(oof.reshape(-1, 1), target, sample_weight=weights)
        slope, offset = float(platt.coef_[0, 0]), float(platt.intercept_[0])
        if slope <= 0:
            raise ValueError(
                "the calibration came out non-increasing (the model does not separate the "
                "labels out of fold); check the labels or add training data"
            )
        regression.fit(matrix, target, sample_weight=weights)

        self.featurizer_ = featurizer
        self.coef_ = regression.coef_[0].astype(np.float64)
        self.intercept_ = float(regression.intercept_[0])
        self.calibration_ = (slope, offset)
        self.classes_ = np.array(CLASSES, dtype=object)
        self.oof_logits_ = oof
        return self

    # -- prediction -------------------------------------------------------------------
    def career_logit(self, X: Iterable[str]) -> np.ndarray:
        """Raw career log-odds of each answer: positive leans career, negative job."""
        check_is_fitted(self, "featurizer_")
        texts = check_texts(X)
        if self.n_process > 1 and len(texts) > self.batch_size:
            from jobcareer.parallel import parallel_logits

            return parallel_logits(self, texts, self.n_process)
        return self._text_logits(texts)

    def _text_logits(self, texts: Sequence[str]) -> np.ndarray:
        """Logits of validated texts, one batch at a time (memory does not grow)."""
        parts = []
        for start in range(0, len(texts), self.batch_size):
            with self._scoring_batch(texts[start : start + self.batch_size]) as analysis:
                parts.append(self.featurizer_.dot(analysis, self.coef_) + self.intercept_)
                del analysis  # the batch's Docs are freed before the GC resumes
        return np.concatenate(parts) if parts else np.zeros(0)

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
        check_is_fitted(self, "featurizer_")
        return self._logits_and_low_evidence(check_texts(X))

    def _logits_and_low_evidence(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Logits and low-evidence flags of validated texts, one batch at a time."""
        logits, low = [], []
        for start in range(0, len(texts), self.batch_size):
            with self._scoring_batch(texts[start : start + self.batch_size]) as analysis:
                table = self.featurizer_.occurrence_table(analysis)  # the logits from it too: one pass
                weights = self.coef_[table.columns] * table.values
                logits.append(np.bincount(table.entry_row, weights=weights, minlength=len(analysis)) + self.intercept_)
                evidence, cues = evidence_counts(analysis, table)
                flags = is_low_evidence(
                    evidence, self.min_evidence, cues=cues, min_uncued_evidence=self.min_uncued_evidence
                )
                low.append(np.asarray(flags, dtype=bool))
                del analysis
        if not logits:
            return np.zeros(0), np.zeros(0, dtype=bool)
        return np.concatenate(logits), np.concatenate(low)

    def career_logit_docs(self, docs: Iterable[Doc]) -> np.ndarray:
        """:meth:`career_logit` of answers already tokenised (by any English tokenizer)."""
        check_is_fitted(self, "featurizer_")
        parts = [self.featurizer_.transform(a) @ self.coef_ + self.intercept_ for a in self._analyse_docs(docs)]
        return np.concatenate(parts) if parts else np.zeros(0)

    def calibrate(self, logit: np.ndarray | float) -> np.ndarray | float:
        """Map career logits to calibrated P(career) (a strictly increasing function)."""
        check_is_fitted(self, "calibration_")
        slope, offset = self.calibration_
        result = _sigmoid(slope * np.asarray(logit, dtype=np.float64) + offset)
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
        """``"career"`` where calibrated P(career) >= 0.5, else ``"job"``."""
        career = self.predict_proba(X)[:, 0]
        return self.classes_[np.where(career >= 0.5, 0, 1)]  # dtype of classes_ (object)

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
        check_is_fitted(self, "featurizer_")
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
        check_is_fitted(self, "featurizer_")
        texts = check_texts(X)
        explanations: list[Explanation] = []
        for start in range(0, len(texts), self.batch_size):
            chunk = texts[start : start + self.batch_size]
            with self._scoring_batch(chunk) as analysis:
                explanations += self._explain_analysis(analysis, chunk)
                del analysis
        return explanations

    def explain_doc(self, doc: Doc) -> Explanation:
        """Explain an answer already tokenised (by any English tokenizer)."""
        check_is_fitted(self, "featurizer_")
        (analysis,) = self._analyse_docs([doc])
        return self._explain_analysis(analysis)[0]

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

    def _explain_analysis(self, analysis: Analysis, texts: Sequence[str] | None = None) -> list[Explanation]:
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

    # -- plain-data form (see jobcareer.io) -------------------------------------------
    def to_plain(self) -> dict[str, Any]:
        """The fitted model as plain builtins (lists, dicts, str, float), for saving."""
        check_is_fitted(self, "featurizer_")
        params = self.get_params()
        params["ngram_range"] = list(params["ngram_range"])
        params["lexicons"] = None
        return {
            "params": params,
            "lexicons": self.lexicons_,
            "feature_names": list(self.featurizer_.feature_names_),
            "featurizer": {k: (list(v) if isinstance(v, tuple) else v)
                           for k, v in self.featurizer_.get_params().items()},
            "coef": [float(v) for v in self.coef_],
            "intercept": self.intercept_,
            "calibration": list(self.calibration_),
            "classes": list(CLASSES),
        }

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> JobCareerClassifier:
        """Rebuild a fitted classifier from :meth:`to_plain` output."""
        params = dict(data["params"])
        params["ngram_range"] = tuple(params["ngram_range"])
        clf = cls(**params)
        featurizer_params = dict(data["featurizer"])
        for key in ("ngram_range", "char_range"):
            featurizer_params[key] = tuple(featurizer_params[key])
        featurizer = Featurizer(**featurizer_params)
        names = list(data["feature_names"])
        coef = np.asarray(data["coef"], dtype=np.float64)
        if len(coef) != len(names):
            raise ValueError(f"model has {len(names)} features but {len(coef)} coefficients")
        featurizer.feature_names_ = names
        featurizer.vocabulary_ = {n: i for i, n in enumerate(names)}
        clf.featurizer_ = featurizer
        clf.lexicons_ = data["lexicons"]
        clf.coef_ = coef
        clf.intercept_ = float(data["intercept"])
        slope, offset = (float(v) for v in data["calibration"])
        if not slope > 0 or not math.isfinite(offset):
            raise ValueError(f"invalid calibration (slope={slope}, offset={offset})")
        clf.calibration_ = (slope, offset)
        clf.classes_ = np.array(data["classes"], dtype=object)
        return clf
