"""Every extension attribute jobcareer's spaCy components write, registered in one place.

Written by ``jobcareer_preprocess`` (:mod:`jobcareer.pipeline.annotator`):

- ``doc._.jc_filler``, ``doc._.jc_negated``: one bool per token;
- ``doc._.jc_norm``: the placeholder on the first token of a masked or normalised span,
  ``""`` on its other tokens, ``None`` elsewhere;
- ``doc._.jc_cues``: the cue phrases, as ``(name, start, end)`` token spans;
- getters ``token._.jc_is_filler``, ``token._.jc_is_negated``, ``token._.jc_norm``.

Written by ``jobcareer`` (:mod:`jobcareer.pipeline.classifier`): ``doc._.jobcareer_data``
(plain data: the explanation's ``to_dict()`` and the calibration), so that Docs keep working
with ``doc.to_bytes()``, ``DocBin`` and ``nlp.pipe(..., n_process=2)``, and getters over it:
``doc._.jobcareer`` (the :class:`jobcareer.Explanation`), ``doc._.career_score``,
``doc._.jobcareer_low_evidence`` and ``span._.career_score``; plus ``doc._.jobcareer_label``
and ``doc._.jobcareer_error``.

Extensions are registered with ``force=True`` (ours replace any earlier definition of the
same name), once per process.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

if TYPE_CHECKING:
    from jobcareer.explain import Explanation

__all__ = ["DATA", "explanation_of", "register_extensions", "store_explanation"]

#: The Doc extension holding the classifier's plain data.
DATA = "jobcareer_data"
#: Explanations rebuilt from Docs' plain data, by the data's id (the data is kept alive).
_CACHE_SIZE = 256
_rebuilt: OrderedDict[int, tuple[dict[str, Any], Explanation]] = OrderedDict()
_registered = False


def register_extensions() -> None:
    """Register every extension attribute of jobcareer's components (once per process)."""
    global _registered
    if _registered:
        return
    for name in ("jc_filler", "jc_negated", "jc_norm", "jc_cues", DATA, "jobcareer_label", "jobcareer_error"):
        Doc.set_extension(name, default=None, force=True)
    Token.set_extension("jc_is_filler", getter=_token_flag("jc_filler"), force=True)
    Token.set_extension("jc_is_negated", getter=_token_flag("jc_negated"), force=True)
    Token.set_extension("jc_norm", getter=_token_norm, force=True)
    Doc.set_extension("jobcareer", getter=explanation_of, force=True)
    Doc.set_extension("career_score", getter=_explanation_field("score"), force=True)
    Doc.set_extension("jobcareer_low_evidence", getter=_explanation_field("low_evidence"), force=True)
    Span.set_extension("career_score", getter=_span_score, force=True)
    _registered = True


def _token_flag(name: str) -> Any:
    def get(token: Token) -> bool:
        values = token.doc._.get(name)
        return bool(values and values[token.i])

    return get


def _token_norm(token: Token) -> str | None:
    norms = token.doc._.jc_norm
    return norms[token.i] if norms is not None else None


def store_explanation(doc: Doc, explanation: Explanation | None) -> None:
    """Write ``explanation`` (or None: unscored) on ``doc`` as plain data."""
    if explanation is None:
        doc._.set(DATA, None)
        return
    data = {"explanation": explanation.to_dict(), "calibration": list(explanation.calibration)}
    doc._.set(DATA, data)
    _remember(data, explanation)


def explanation_of(doc: Doc) -> Explanation | None:
    """``doc._.jobcareer``: the Explanation rebuilt from the stored data (cached)."""
    data = doc._.get(DATA)
    if data is None:
        return None
    cached = _rebuilt.get(id(data))
    if cached is not None and cached[0] is data:
        _rebuilt.move_to_end(id(data))
        return cached[1]
    from jobcareer.explanation import from_dict

    explanation = from_dict(data["explanation"], tuple(data["calibration"]))
    _remember(data, explanation)
    return explanation


def _remember(data: dict[str, Any], explanation: Explanation) -> None:
    _rebuilt[id(data)] = (data, explanation)
    if len(_rebuilt) > _CACHE_SIZE:
        _rebuilt.popitem(last=False)


def _explanation_field(name: str) -> Any:
    def get(doc: Doc) -> Any:
        data = doc._.get(DATA)
        return None if data is None else data["explanation"][name]

    return get


def _span_score(span: Span) -> float | None:
    explanation = explanation_of(span.doc)
    if explanation is None:
        return None
    return explanation.score_span(span.start_char, span.end_char)
