"""Former home of the spaCy preprocessing components and of input validation (re-exports).

Kept so that code written against ``jobcareer.preprocess`` still works (live.py on main
and the model branch's batching.py import ``check_text`` and ``MAX_CHARS`` from here;
once they import :mod:`jobcareer.validation`, nothing in the package needs this module):
the components live in :mod:`jobcareer.pipeline` (``jobcareer_lemmas``,
``jobcareer_preprocess``, :func:`~jobcareer.pipeline.annotator.build_pipeline`) and the
input checks in :mod:`jobcareer.validation`. Importing this module registers the
components' factories, as it always did. New code imports from those modules.
"""

from __future__ import annotations

from jobcareer.pipeline.annotator import AnswerAnnotator, build_pipeline
from jobcareer.pipeline.lemmatizer import LookupLemmatizer
from jobcareer.validation import MAX_CHARS, check_text

__all__ = ["MAX_CHARS", "AnswerAnnotator", "LookupLemmatizer", "build_pipeline", "check_text"]
