"""Tokenising answers with spaCy's tokenizer in time linear in their length.

spaCy's tokenizer peels prefixes and suffixes off a whitespace-free chunk one at a time,
copying the rest of the chunk each time, so a chunk that splits into many tokens costs
time quadratic in its length: 20,000 ``!`` took 51 s, and ``'s`` or emoji repeated take
as long. Real words are short, so :func:`tokenizer_safe_text` only touches whitespace-free
chunks longer than :data:`LONG_CHUNK` characters: in those, a non-alphanumeric character
is replaced by a space at least every :data:`PIECE` characters. The text keeps its length
and every other character, so token offsets still index the original answer; ordinary
answers are not changed at all. Lone surrogate code points, which spaCy cannot store,
become U+FFFD (one code point for one).

Every path of the classifier that tokenises answers goes through :func:`tokenize`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from spacy.tokens import Doc

__all__ = ["LONG_CHUNK", "PIECE", "tokenize", "tokenizer_safe_text"]

#: Whitespace-free chunks longer than this are broken into pieces (no English word is).
LONG_CHUNK = 64
#: In a long chunk, a non-alphanumeric character at least this far from the last break
#: becomes a space.
PIECE = 16

_LONG = re.compile(rf"\S{{{LONG_CHUNK + 1},}}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _break_chunk(chunk: str) -> str:
    chars = list(chunk)
    last = 0
    for i, char in enumerate(chunk):
        if i - last >= PIECE and not char.isalnum():
            chars[i] = " "
            last = i
    return "".join(chars)


def tokenizer_safe_text(text: str) -> str:
    """``text`` with long whitespace-free chunks broken by spaces, same length.

    Parameters
    ----------
    text : str
        An answer.

    Returns
    -------
    str
        ``text`` itself when it has no chunk longer than :data:`LONG_CHUNK`; otherwise a
        string of the same length in which some punctuation or symbol characters of such
        chunks are spaces, so that the tokenizer runs in linear time. Lone surrogates
        (``"\\ud800"``, which no encoding can write) are replaced by U+FFFD. Offsets into
        the result are offsets into ``text``.
    """
    if not text.isascii():
        text = _SURROGATE.sub("\ufffd", text)  # lone surrogates cannot be encoded
    if not _may_have_long_chunk(text) or _LONG.search(text) is None:
        return text
    return _LONG.sub(lambda m: _break_chunk(m.group()), text)


def _may_have_long_chunk(text: str) -> bool:
    """False when ``text`` surely has no whitespace-free chunk over :data:`LONG_CHUNK`.

    Such a chunk covers a whole aligned window of ``LONG_CHUNK // 2`` characters, so it
    is enough that every such window holds a space: a few ``str.find`` calls, several
    times cheaper than the regular expression on ordinary answers.
    """
    find, step = text.find, LONG_CHUNK // 2
    return any(find(" ", i, i + step) < 0 for i in range(0, len(text) - step + 1, step))


def tokenize(tokenizer: Callable[[str], Doc], texts: Iterable[str]) -> list[Doc]:
    """Tokenise answers with ``tokenizer`` after :func:`tokenizer_safe_text`.

    Parameters
    ----------
    tokenizer : callable
        A spaCy tokenizer (``nlp.tokenizer``).
    texts : iterable of str
        The answers.

    Returns
    -------
    list of Doc
        One Doc per answer; token offsets index the original answers (a Doc's own text
        differs from its answer only inside pathological chunks).
    """
    return [tokenizer(tokenizer_safe_text(text)) for text in texts]
