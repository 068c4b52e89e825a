"""Feature occurrences and names, block by block (jobcareer/feature_blocks.py)."""

from __future__ import annotations

import spacy

from jobcareer.analysis import Analyzer
from jobcareer.content_words import content_words
from jobcareer.feature_blocks import char_ngrams, cue_feature_names, cue_occurrences, word_feature_name, word_ngrams


def analyse(*texts):
    nlp = spacy.blank("en")
    return Analyzer(nlp).analyse([nlp.make_doc(t) for t in texts])


def test_word_ngrams_stay_inside_sentences_and_skip_the_bare_occupation():
    analysis = analyse("I am a nurse. I want pay")
    groups = word_ngrams(content_words(analysis), (1, 3), occupation_unigram=False)
    names = {g.n: [word_feature_name(analysis, g.n, k) for k in g.key.tolist()] for g in groups}
    assert names[1] == ["w:i", "w:be", "w:a", "w:i", "w:want", "w:pay"]
    assert names[2] == ["w:i be", "w:be a", "w:a <occ>", "w:i want", "w:want pay"]
    assert names[3] == ["w:i be a", "w:be a <occ>", "w:i want pay"]


def test_cue_keys_name_the_cue_set_and_its_variant():
    analysis = analyse("I'm not here for the paycheck", "The paycheck is fine, but I want to learn")
    names = cue_feature_names(analysis.cue_names)
    row, _, key = cue_occurrences(analysis, concession=True, cue_sides=True)
    found = sorted(zip(row.tolist(), (names[k] for k in key.tolist())))
    assert (0, "c:motive:pay:neg") in found and (0, "c:side:job:neg") in found
    assert (1, "c:motive:pay:conc") in found and (1, "c:side:job:conc") in found
    row, _, key = cue_occurrences(analysis, concession=False, cue_sides=False)
    assert (1, "c:motive:pay") in zip(row.tolist(), (names[k] for k in key.tolist()))


def test_character_ngrams_pad_words_and_skip_placeholders():
    analysis = analyse("grow as a nurse")
    rows, firsts, grams = char_ngrams(analysis, content_words(analysis), (3, 3))
    assert grams[:3] == ["ch: gr", "ch:gro", "ch:row"]
    assert not any("<" in g for g in grams)
    assert set(rows) == {0} and firsts == sorted(firsts)
