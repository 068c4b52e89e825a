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

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

if TYPE_CHECKING:
    from jobcareer.explain import Explanation
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
    model : JobCareerClassifier or None
        A fitted classifier; ``None`` loads ``model_path`` on first use.
    threshold : float
        ``doc._.jobcareer_label`` is ``"career"`` when P(career) >= threshold.
    model_path : str or Path or None
        Model directory to load lazily when ``model`` is None (``None``: the bundled
        model). Loading is deferred so that ``spacy.load`` of a saved pipeline reads the
        copy saved with it (:meth:`from_disk`) rather than the original path.
    """

    def __init__(
        self,
        model: JobCareerClassifier | None = None,
        threshold: float = 0.5,
        model_path: str | Path | None = None,
    ):
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"threshold must be between 0 and 1 (exclusive), got {threshold}")
        _register_extensions()
        self._model = model
        self.model_path = model_path
        self.threshold = threshold

    @property
    def classifier(self) -> JobCareerClassifier:
        """The classifier (loaded on first use when built from a path).

        Not called ``model``: spaCy probes ``component.model`` when it links pipelines,
        which would trigger the load before ``from_disk`` supplies the saved copy.
        """
        if self._model is None:
            from jobcareer.io import load

            self._model = load(Path(self.model_path) if self.model_path else None)
        return self._model

    @classifier.setter
    def classifier(self, value: JobCareerClassifier) -> None:
        self._model = value

    def __call__(self, doc: Doc) -> Doc:
        explanation = self.classifier.explain(doc.text) if doc.text.strip() else None
        return self._set(doc, explanation)

    def _set(self, doc: Doc, explanation: Explanation | None) -> Doc:
        if explanation is None:
            # Nothing to score: leave the attributes None rather than fail the whole
            # pipeline (nlp.pipe over a corpus with one blank text must not crash).
            doc._.jobcareer = None
            doc._.jobcareer_label = None
            return doc
        doc._.jobcareer = explanation
        doc._.jobcareer_label = "career" if explanation.score >= self.threshold else "job"
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process a stream of Docs in batches (used by ``nlp.pipe``).

        The answers of each batch are explained together
        (:meth:`JobCareerClassifier.explain_many`); the results are the same as calling the
        component on each Doc.
        """
        for batch in minibatch(docs, size=batch_size):
            texts = [d.text for d in batch if d.text.strip()]
            explained = iter(self.classifier.explain_many(texts))
            for doc in batch:
                yield self._set(doc, next(explained) if doc.text.strip() else None)

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        """Save the model with the pipeline (``nlp.to_disk``), so it survives moves."""
        from jobcareer.io import save

        save(self.classifier, Path(path), metadata_extra={"saved_by": "spacy component"})

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> JobCareerComponent:
        """Load the model saved by :meth:`to_disk` (``spacy.load``), verifying it."""
        from jobcareer.io import load

        self.classifier = load(Path(path))
        return self


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
    return JobCareerComponent(None, threshold, model_path=model)
