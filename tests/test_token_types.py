"""Word-level facts kept per distinct token text (jobcareer/token_types.py)."""

from __future__ import annotations

import random

import numpy as np
import pytest
import spacy
from spacy.attrs import ORTH
from spacy.lookups import load_lookups

from jobcareer.lexicons import default_lexicons
from jobcareer.token_types import FLAG_NAMES, LexiconWords, TokenTypeTable, flag_bits, token_flags


def lexicon_words() -> LexiconWords:
    lex = default_lexicons()
    return LexiconWords(
        fillers=frozenset(lex["fillers"]), negation_cues=frozenset(lex["negation_cues"]),
        scope_breakers=frozenset(lex["scope_breakers"]), contrast=frozenset(lex["contrast_cues"]),
        concessive=frozenset(lex["concessive_cues"]),
        concessive_initial=frozenset(lex["concessive_initial_cues"]), granting=frozenset(lex["granting_cues"]),
        denied_reasons=frozenset(lex["denied_reasons"]),
    )


def table(nlp) -> TokenTypeTable:
    lemmas = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    return TokenTypeTable(lemmas, lexicon_words(), {"money": 1, "pay": 2})


def hashes(doc) -> np.ndarray:
    return doc.to_array(ORTH).view(np.int64)


def test_every_flag_is_set_by_some_word():
    nlp = spacy.blank("en")
    words = lexicon_words()
    probes = ["Money", ".", "  ", "5", "$", "the", "um", "not", "but", "like", "really", "to",
              "you", "know", "what", "i", "mean", "it", "very", "'s", "60k", "few", "a", "one",
              "some", "-", "of", "years", "weeks", "hours", "day", "2030", "although", "while", "sure", "why",
              "anything"]
    seen = 0
    for word in probes:
        seen |= token_flags(word, word.lower(), nlp.vocab[word], words)
    assert seen == flag_bits(*FLAG_NAMES)  # no flag forgotten
    bits = [flag_bits(name) for name in FLAG_NAMES]
    assert len(set(bits)) == len(FLAG_NAMES) <= 63  # distinct bits of an int64
    assert all(bit & (bit - 1) == 0 for bit in bits)  # one bit each


def test_an_unknown_flag_name_is_refused_with_the_known_ones():
    with pytest.raises(KeyError, match=r"unknown token flag 'puncts'.*punct"):
        flag_bits("puncts")


def test_each_distinct_text_gets_one_type_and_its_facts():
    nlp = spacy.blank("en")
    types = table(nlp)
    doc = nlp.make_doc("Money was money , not the pay")
    ids = types.type_ids(hashes(doc), nlp.vocab)
    assert ids[0] != ids[2] and len(types) == 7  # "Money" and "money" are different texts ...
    columns = types.columns(ids)
    assert columns.lower[0] == columns.lower[2]  # ... with the same lowercase word
    assert [types.forms.names[f] for f in columns.form.tolist()] == ["money", "be", "money", ",", "not", "the", "pay"]
    assert columns.phrase_word.tolist() == [1, 0, 1, 0, 0, 0, 2]
    punct, negation = flag_bits("punct"), flag_bits("neg_cue")
    assert [(f & punct) != 0 for f in columns.flags.tolist()] == [False, False, False, True, False, False, False]
    assert [(f & negation) != 0 for f in columns.flags.tolist()] == [False, False, False, False, True, False, False]
    assert types.type_ids(hashes(nlp.make_doc("money Money")), nlp.vocab).tolist() == [ids[2], ids[0]]
    assert len(types) == 7  # nothing new


def test_cache_slot_collisions_give_the_same_type_ids(monkeypatch):
    import jobcareer.token_types as token_types

    nlp = spacy.blank("en")
    text = "um I am not here for the money , I want to grow as a nurse in 5 years and the money"
    expected = table(nlp).type_ids(hashes(nlp.make_doc(text)), nlp.vocab)
    monkeypatch.setattr(token_types, "CACHE_SLOTS", 2)
    crowded = table(nlp)
    first = crowded.type_ids(hashes(nlp.make_doc(text)), nlp.vocab)
    again = crowded.type_ids(hashes(nlp.make_doc(text)), nlp.vocab)
    assert first.tolist() == again.tolist() == expected.tolist()


def test_lookup_lemmas_known_to_be_wrong_are_fixed():
    nlp = spacy.blank("en")
    types = table(nlp)
    doc = nlp.make_doc("It does matter as much , less stress , worse hours , Does")
    columns = types.columns(types.type_ids(hashes(doc), nlp.vocab))
    forms = [types.forms.names[f] for f in columns.form.tolist()]
    assert forms[1] == "do" and forms[-1] == "do"  # not "doe"
    assert forms[3] == "as"  # not "a"
    assert forms[6] == "less"  # not "little": "less stress" is not "little stress"
    assert forms[9] == "bad"  # not "wrong"


@pytest.mark.parametrize("slots", [1 << 18, 2])
def test_a_few_known_tokens_get_the_ids_of_the_array_lookup(monkeypatch, slots):
    import jobcareer.token_types as token_types

    monkeypatch.setattr(token_types, "CACHE_SLOTS", slots)
    nlp = spacy.blank("en")
    types = table(nlp)
    words = [
        "Money", "money", "pay", "the", ",", ".", "I", "i", "not", "um", "like", "5", "years", "$",
        "60k", "?", "it's", "Nurse", "nurse",
    ]
    rng = random.Random(16)
    for _ in range(300):
        doc = nlp.make_doc(" ".join(rng.choices(words, k=rng.randint(0, 12))))
        orths = [token.orth for token in doc]
        before = types.known_type_ids(orths)  # None while a text is new
        ids = types.type_ids(hashes(doc), nlp.vocab).tolist()
        assert before is None or before == ids
        assert types.known_type_ids(orths) == ids
    assert types.known_type_ids([nlp.vocab.strings.add("never-seen")]) is None
