"""The ``jobcareer`` spaCy component: ``nlp.add_pipe("jobcareer")`` in any English pipeline.

spaCy imports every ``spacy_factories`` entry point whenever a ``Language`` is created, and
jobcareer's own preprocessing creates one; so this module builds nothing and imports nothing
heavy at import time (the classifier is loaded on first use), which avoids a circular
import of a half-initialised package.

The component scores each Doc **from its own tokens**, as the host pipeline's tokenizer
made them (it does not tokenise ``doc.text`` again), and sets:

- ``doc.cats``: ``{"career": P(career), "job": 1 - P(career)}``, as spaCy's text
  classifiers write it;
- ``doc._.jobcareer``: the :class:`jobcareer.Explanation`;
- ``doc._.career_score``: calibrated P(career) of the whole answer;
- ``doc._.jobcareer_label``: ``"career"`` or ``"job"`` at the configured threshold;
- ``doc._.jobcareer_low_evidence``: True when the answer has too few known signals for
  the label to mean much (``Explanation.low_evidence``);
- ``span._.career_score``: for any span (a sentence, say), the calibrated score of the
  contributions that fall inside it on their own (see ``Explanation.score_span``).

What is stored on the Doc is plain data (see :mod:`jobcareer.pipeline.extensions`), so
Docs keep working with ``doc.to_bytes()``, ``DocBin`` and ``nlp.pipe(..., n_process=2)``.

A Doc with no text (or only whitespace) is left unscored: all of these are ``None``. So is
a Doc that cannot be scored (longer than ``MAX_CHARS``): its ``doc._.jobcareer_error``
says why, a warning is issued, and the other Docs of the stream are scored as usual.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from jobcareer.pipeline.extensions import register_extensions, store_explanation
from jobcareer.validation import MAX_CHARS

if TYPE_CHECKING:
    from jobcareer.explain import Explanation
    from jobcareer.model import JobCareerClassifier

__all__ = ["CLASSIFIER_NAME", "JobCareerComponent", "make_jobcareer"]

#: The factory name of :class:`JobCareerComponent`.
CLASSIFIER_NAME = "jobcareer"


def _unscorable(doc: Doc) -> str | None:
    """Why ``doc`` cannot be scored, or None."""
    if len(doc.text) > MAX_CHARS:
        return f"the text has {len(doc.text):,} characters; the limit is {MAX_CHARS:,}"
    return None


class JobCareerComponent:
    """Score each Doc from its own tokens with a jobcareer model (a plain callable on a ``Doc``).

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
        register_extensions()
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
        return next(self.pipe([doc]))

    def _set(self, doc: Doc, explanation: Explanation | None, error: str | None = None) -> Doc:
        doc._.jobcareer_error = error
        # Nothing to score leaves the attributes None rather than failing the whole
        # pipeline (nlp.pipe over a corpus with one blank text must not crash).
        store_explanation(doc, explanation)
        if explanation is None:
            doc._.jobcareer_label = None
            return doc
        doc._.jobcareer_label = "career" if explanation.score >= self.threshold else "job"
        doc.cats.update({"career": explanation.score, "job": 1.0 - explanation.score})  # as spaCy's text classifiers do
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process a stream of Docs in batches (used by ``nlp.pipe``).

        Each Doc is explained from its own tokens; the results are the same as calling
        the component on each Doc. A Doc that cannot be scored is left unscored with
        ``doc._.jobcareer_error`` set and a warning; the others are scored.
        """
        for batch in minibatch(docs, size=batch_size):
            errors = [_unscorable(doc) for doc in batch]
            scorable = [d for d, e in zip(batch, errors) if e is None and d.text.strip()]
            explained = iter([self.classifier.explain_doc(doc) for doc in scorable])
            for doc, error in zip(batch, errors):
                if error is not None:
                    warnings.warn(f"jobcareer left a Doc unscored: {error}", UserWarning, stacklevel=2)
                    yield self._set(doc, None, error)
                else:
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
    CLASSIFIER_NAME,
    default_config={"model": None, "threshold": 0.5},
    assigns=[
        "doc.cats", "doc._.jobcareer", "doc._.career_score", "doc._.jobcareer_label",
        "doc._.jobcareer_low_evidence", "doc._.jobcareer_error", "span._.career_score",
    ],
    requires=[],  # the host tokenizer's tokens (texts and offsets) only
    retokenizes=False,
)
def make_jobcareer(nlp: Language, name: str, model: str | None, threshold: float) -> JobCareerComponent:
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

    Returns
    -------
    JobCareerComponent
        The component.
    """
    return JobCareerComponent(None, threshold, model_path=model)
