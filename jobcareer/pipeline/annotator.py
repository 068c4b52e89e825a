"""``jobcareer_preprocess``: Docs annotated as jobcareer analyses answers, for spaCy users.

The component runs :class:`jobcareer.analysis.Analyzer` (one implementation of every rule,
shared with the classifier) on the host pipeline's Docs and writes what it found (see
:mod:`jobcareer.pipeline.extensions`): fillers and disfluencies, the scope of negation
cues, placeholders of occupations, numbers and time expressions, and the motive and
time-horizon cue phrases; and sentence boundaries (spaCy's ``sentencizer`` rule) unless
the Doc already has some. The text is never altered, so every token keeps its character
offsets into the original answer.

:func:`build_pipeline` makes a whole pipeline from code and plain data, never from a
downloaded model: a blank English tokenizer, ``jobcareer_lemmas`` and this component.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from jobcareer.analysis import Analyzer
from jobcareer.pipeline.extensions import register_extensions
from jobcareer.pipeline.lemmatizer import LEMMATIZER_NAME
from jobcareer.validation import MAX_CHARS

__all__ = ["ANNOTATIONS", "ANNOTATOR_NAME", "AnswerAnnotator", "build_pipeline", "make_answer_annotator"]

#: The factory name of :class:`AnswerAnnotator`.
ANNOTATOR_NAME = "jobcareer_preprocess"

#: What ``jobcareer_preprocess`` writes (its factory's ``assigns``).
ANNOTATIONS = [
    "token.is_sent_start", "doc._.jc_filler", "doc._.jc_negated", "doc._.jc_norm", "doc._.jc_cues",
    "token._.jc_is_filler", "token._.jc_is_negated", "token._.jc_norm",
]


class AnswerAnnotator:
    """Annotate Docs with the analysis of :class:`jobcareer.analysis.Analyzer`.

    A plain callable on a Doc; ``pipe`` analyses whole batches at once, with the same
    results. See the module docstring for what it writes.

    Parameters
    ----------
    nlp : Language
        The host pipeline (its tokenizer splits the lexicon phrases).
    lexicons : dict or None
        Word lists (see :class:`jobcareer.analysis.Analyzer`); None: the bundled ones.
    window : int
        How many content words after a negation cue it can reach.
    mark_repetitions : bool
        Whether the first copy of an immediately repeated word or phrase is a disfluency.
    """

    def __init__(self, nlp: Language, lexicons: dict[str, Any] | None, window: int, mark_repetitions: bool):
        register_extensions()
        self.analyzer = Analyzer(nlp, lexicons, negation_window=window, mark_repetitions=mark_repetitions)

    def __call__(self, doc: Doc) -> Doc:
        return self._annotate([doc])[0]

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """Annotate a stream of Docs in batches (used by ``nlp.pipe``)."""
        for batch in minibatch(docs, size=batch_size):
            yield from self._annotate(batch)

    def _annotate(self, docs: list[Doc]) -> list[Doc]:
        analysis = self.analyzer.analyse(docs)
        for k, doc in enumerate(docs):
            lo, hi = analysis.token_range(k)
            if hi > lo and not doc.has_annotation("SENT_START"):
                starts = numpy.where(analysis.sent_start[lo:hi], 1, -1).astype(numpy.uint64)
                doc.from_array([SENT_START], starts.reshape(-1, 1))
            doc._.jc_filler = analysis.filler[lo:hi].tolist()
            doc._.jc_negated = analysis.negated[lo:hi].tolist()
            doc._.jc_norm = analysis.placeholders(k)
            doc._.jc_cues = analysis.cues_of(k)
        return docs


@Language.factory(
    ANNOTATOR_NAME,
    default_config={
        "fillers": None,
        "negation_cues": None,
        "scope_breakers": None,
        "occupations": None,
        "cues": None,
        "window": 6,
        "mark_repetitions": True,
    },
    assigns=ANNOTATIONS,
    requires=[],  # the tokenizer's token texts only; sentences are set when absent
)
def make_answer_annotator(
    nlp: Language,
    name: str,
    fillers: list[str] | None,
    negation_cues: list[str] | None,
    scope_breakers: list[str] | None,
    occupations: list[str] | None,
    cues: list[list[Any]] | None,
    window: int,
    mark_repetitions: bool,
) -> AnswerAnnotator:
    """spaCy factory of :class:`AnswerAnnotator`.

    Each word list left ``None`` is the bundled one. ``cues`` is a list of
    ``[name, [phrase, ...]]`` pairs (a list rather than a dict, because cue names such as
    ``"motive:pay"`` are not valid config keys).
    """
    lexicons = {
        "fillers": fillers,
        "negation_cues": negation_cues,
        "scope_breakers": scope_breakers,
        "occupations": occupations,
        "cues": None if cues is None else {str(k): list(v) for k, v in cues},
    }
    return AnswerAnnotator(nlp, lexicons, window, mark_repetitions)


def build_pipeline(lexicons: dict[str, Any] | None = None, *, negation_window: int = 6) -> Language:
    """Build the preprocessing pipeline from code and plain data; nothing is downloaded.

    Parameters
    ----------
    lexicons : dict, optional
        Word lists with the keys of :func:`jobcareer.lexicons.default_lexicons`
        (``fillers``, ``negation_cues``, ``scope_breakers``, ``occupations``, ``cues``).
        Missing keys, or ``None``, use the bundled lists.
    negation_window : int, default 6
        How many content words after a negation cue it can reach.

    Returns
    -------
    spacy.language.Language
        A blank English pipeline with ``jobcareer_lemmas`` (spacy-lookups-data's lookup
        lemmas, as spaCy's lookup lemmatizer gives them) and ``jobcareer_preprocess``.

    Examples
    --------
    >>> nlp = build_pipeline()
    >>> doc = nlp("um I'm not here for the money")
    >>> [t.text for t in doc if t._.jc_is_negated]
    ['here', 'for', 'the', 'money']
    """
    lex = dict(lexicons or {})
    nlp = spacy.blank("en")
    nlp.max_length = MAX_CHARS + 1
    nlp.add_pipe(LEMMATIZER_NAME)
    cues = lex.get("cues")
    config = {key: lex.get(key) for key in ("fillers", "negation_cues", "scope_breakers", "occupations")}
    config["cues"] = None if cues is None else [[k, list(v)] for k, v in sorted(cues.items())]
    config["window"] = negation_window
    nlp.add_pipe(ANNOTATOR_NAME, config=config)
    nlp.initialize()
    return nlp
