"""The ``jobcareer`` spaCy component: ``nlp.add_pipe("jobcareer")`` in any English pipeline.

spaCy imports every ``spacy_factories`` entry point whenever a ``Language`` is created, and
jobcareer's own preprocessing creates one; so this module builds nothing and imports nothing
heavy at import time (the classifier is imported inside the factory), which avoids a
circular import of a half-initialised package.

The component scores ``doc.text`` with a jobcareer model and sets:

- ``doc._.jobcareer``: the :class:`jobcareer.Explanation`;
- ``doc._.career_score``: calibrated P(career) of the whole answer;
- ``doc._.jobcareer_label``: ``"career"`` or ``"job"`` at the configured threshold;
- ``span._.career_score``: for any span (a sentence, say), the calibrated score of the
  contributions that fall inside it on their own (see ``Explanation.score_span``).

A Doc with no text (or only whitespace) is left unscored: all four are ``None``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span

if TYPE_CHECKING:
    from jobcareer.model import JobCareerClassifier

__all__ = ["JobCareerComponent", "make_jobcareer"]


def _span_score(span: Span) -> float | None:
    explanation = span.doc._.jobcareer
    if explanation is None:
        return None
    return explanation.score_span(span.start_char, span.end_char)


def _register_extensions() -> None:
    Doc.set_extension("jobcareer", default=None, force=True)
    Doc.set_extension(
        "career_score",
        getter=lambda doc: None if doc._.jobcareer is None else doc._.jobcareer.score,
        force=True,
    )
    Doc.set_extension("jobcareer_label", default=None, force=True)
    Span.set_extension("career_score", getter=_span_score, force=True)


class JobCareerComponent:
    """Score each Doc's text with a jobcareer model (a plain callable on a ``Doc``).

    Parameters
    ----------
    model : JobCareerClassifier
        A fitted classifier.
    threshold : float
        ``doc._.jobcareer_label`` is ``"career"`` when P(career) >= threshold.
    """

    def __init__(self, model: JobCareerClassifier, threshold: float = 0.5):
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"threshold must be between 0 and 1 (exclusive), got {threshold}")
        _register_extensions()
        self.model = model
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        if not doc.text.strip():
            # Nothing to score: leave the attributes None rather than fail the whole
            # pipeline (nlp.pipe over a corpus with one blank text must not crash).
            doc._.jobcareer = None
            doc._.jobcareer_label = None
            return doc
        explanation = self.model.explain(doc.text)
        doc._.jobcareer = explanation
        doc._.jobcareer_label = "career" if explanation.score >= self.threshold else "job"
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        """Process a stream of Docs (used by ``nlp.pipe``)."""
        for doc in docs:
            yield self(doc)


@Language.factory(
    "jobcareer",
    default_config={"model": None, "threshold": 0.5},
    retokenizes=False,
)
def make_jobcareer(
    nlp: Language, name: str, model: str | None, threshold: float
) -> JobCareerComponent:
    """Create the ``jobcareer`` component.

    Parameters
    ----------
    nlp : Language
        The host pipeline (any English pipeline; it is not modified).
    name : str
        The component's name in the pipeline.
    model : str or None
        Path of a model directory; ``None`` uses the bundled model.
    threshold : float
        Decision threshold on P(career) for ``doc._.jobcareer_label``.
    """
    from jobcareer.io import load

    return JobCareerComponent(load(Path(model) if model else None), threshold)
