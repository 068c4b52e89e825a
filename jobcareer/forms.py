"""Feature forms: the words features are made of, and the placeholders of masked spans.

A token's *form* is its lowercased lemma, or the placeholder of the span it starts when
the analysis masks an occupation or normalises a number or time expression ("5 years"
becomes ``<years>``). Forms are numbered by a :class:`FormTable`; the placeholders have
the fixed ids 1-6 (the index of each in :data:`PLACEHOLDERS`).

An analysis marks spans with *norm codes*, one per token: :data:`NOT_NORMALISED` for an
ordinary token, a placeholder id on a span's first token, :data:`ABSORBED` on its other
tokens.
"""

from __future__ import annotations

import threading
from typing import Any

__all__ = [
    "ABSORBED",
    "HOURS",
    "MONEY",
    "MONTHS",
    "NOT_NORMALISED",
    "NUMBER",
    "OCCUPATION",
    "PLACEHOLDERS",
    "YEARS",
    "FormTable",
]

#: Placeholder forms, by id (id 0 is not a placeholder: it is the :data:`ABSORBED` code).
PLACEHOLDERS = ("", "<occ>", "<num>", "<years>", "<months>", "<hours>", "<money>")
#: Placeholder ids (and norm codes): an occupation, a plain number, years, months (or
#: weeks, days), hours (or minutes), an amount of money.
OCCUPATION, NUMBER, YEARS, MONTHS, HOURS, MONEY = 1, 2, 3, 4, 5, 6
#: Norm code of an ordinary token.
NOT_NORMALISED = -1
#: Norm code of a token absorbed into the placeholder of the span's first token.
ABSORBED = 0


class FormTable:
    """Feature forms (lowercased lemmas and placeholders) and their integer ids.

    The placeholders have ids 1-6, as in :data:`PLACEHOLDERS`; other forms get the next
    id when first seen.

    Attributes
    ----------
    names : list of str
        Form by id.
    ids : dict of str to int
        Id by form.
    """

    def __init__(self) -> None:
        self.names: list[str] = list(PLACEHOLDERS)
        self.ids: dict[str, int] = {name: k for k, name in enumerate(PLACEHOLDERS) if name}
        self._lock = threading.Lock()

    def id(self, form: str) -> int:
        """The id of ``form``, added if new (safe to call from several threads)."""
        found = self.ids.get(form)
        if found is None:
            with self._lock:
                found = self.ids.get(form)
                if found is None:
                    found = len(self.names)
                    self.names.append(form)
                    self.ids[form] = found
        return found

    def __getstate__(self) -> dict[str, Any]:
        return {"names": self.names, "ids": self.ids}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.names)
