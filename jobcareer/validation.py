"""Checking answers before they are scored: one answer, or a batch of them.

Every entry point that takes answers (the classifier, the command line, the data
readers, the spaCy component, live scoring) applies these rules, so the same input is
refused everywhere with the same message.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

__all__ = ["MAX_CHARS", "check_text", "check_texts"]

#: The longest answer accepted, in characters. Real answers are a few hundred to a few
#: thousand characters; the limit only guards against feeding whole files by mistake.
MAX_CHARS = 100_000


def check_text(text: object, index: int | None = None) -> str:
    """Return ``text`` if it is an acceptable answer, else raise a clear error.

    Parameters
    ----------
    text : object
        The candidate answer.
    index : int, optional
        Its position in a batch, named in the error message.

    Returns
    -------
    str
        ``text`` itself.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.
    ValueError
        If ``text`` is longer than :data:`MAX_CHARS` characters.
    """
    where = "" if index is None else f" at index {index}"
    if not isinstance(text, str):
        raise TypeError(f"expected an answer as str{where}, got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise ValueError(
            f"answer{where} has {len(text):,} characters; the limit is {MAX_CHARS:,}. "
            "Split very long transcripts into answers before scoring them."
        )
    return text


def check_texts(texts: object, *, allow_blank: bool = False) -> list[str]:
    """Validate a batch of answers and return it as a list.

    Parameters
    ----------
    texts : iterable of str
        The answers, in order.
    allow_blank : bool, default False
        Whether empty or whitespace-only answers are accepted.

    Returns
    -------
    list of str
        The answers; subclasses of ``str`` (``numpy.str_``) are converted to ``str``.

    Raises
    ------
    ValueError
        If ``texts`` is a single string (pass a list of answers), or an answer is blank.
    TypeError
        If ``texts`` is not iterable, is a mapping, a table (a DataFrame) or a set (whose
        iteration does not give the answers in order), or an answer is not a ``str`` (the
        index is named).
    """
    _refuse_non_sequences(texts)
    try:
        items = list(texts)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(f"expected an iterable of answers (str), got {type(texts).__name__}") from None
    for i, text in enumerate(items):
        check_text(text, i)
        if not allow_blank and not text.strip():
            raise ValueError(f"answer at index {i} is empty or blank; there is nothing to score")
        if type(text) is not str:  # numpy.str_ and other str subclasses: spaCy wants str
            items[i] = str(text)
    return items


def _refuse_non_sequences(texts: object) -> None:
    """Refuse inputs whose iteration does not give the answers (strings, dicts, tables, sets)."""
    kind = type(texts).__name__
    if isinstance(texts, str | bytes):
        raise ValueError(
            "expected an iterable of answers, got a single string; wrap it in a list: "
            "clf.predict([answer])"
        )
    if isinstance(texts, Mapping):
        raise TypeError(
            f"expected a sequence of answers, got a {kind}, whose iteration gives its keys; "
            "pass list(d.values()) or the answers themselves"
        )
    if hasattr(texts, "columns") and getattr(texts, "ndim", 1) == 2:
        raise TypeError(
            f"expected a sequence of answers, got a {kind} (a table), whose iteration gives its "
            "column names; pass one column, e.g. df['text']"
        )
    if isinstance(texts, Set):
        raise TypeError(f"expected a sequence of answers, got a {kind}, which has no order; pass a list")
