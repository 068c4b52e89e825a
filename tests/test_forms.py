"""Feature forms and placeholders (jobcareer/forms.py)."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor

from jobcareer.forms import ABSORBED, NOT_NORMALISED, OCCUPATION, PLACEHOLDERS, YEARS, FormTable


def test_placeholders_have_fixed_ids_and_new_forms_come_after():
    forms = FormTable()
    assert forms.id("<occ>") == OCCUPATION and forms.id("<years>") == YEARS
    assert PLACEHOLDERS[OCCUPATION] == "<occ>"
    first, second = forms.id("learn"), forms.id("grow")
    assert (first, second) == (len(PLACEHOLDERS), len(PLACEHOLDERS) + 1)
    assert forms.id("learn") == first and forms.names[second] == "grow" and len(forms) == second + 1
    assert NOT_NORMALISED < ABSORBED < OCCUPATION  # norm codes: ordinary, absorbed, placeholders


def test_a_pickled_table_keeps_its_ids_and_keeps_numbering():
    forms = FormTable()
    forms.id("learn")
    copy = pickle.loads(pickle.dumps(forms))
    assert copy.names == forms.names and copy.id("learn") == forms.id("learn")
    assert copy.id("grow") == len(forms)


def test_threads_adding_the_same_forms_agree_on_their_ids():
    forms = FormTable()
    words = [f"word{k}" for k in range(200)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: [forms.id(w) for w in words], range(4)))
    assert all(r == results[0] for r in results)
    assert sorted(results[0]) == list(range(len(PLACEHOLDERS), len(PLACEHOLDERS) + 200))
