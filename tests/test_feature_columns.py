"""Matrix columns of a batch's feature keys (jobcareer/feature_columns.py)."""

from __future__ import annotations

import numpy as np
import spacy

from jobcareer.analysis import Analyzer
from jobcareer.content_words import content_words
from jobcareer.feature_blocks import word_feature_name, word_ngrams
from jobcareer.feature_columns import column_lookup, with_new_forms
from jobcareer.features import Featurizer


def test_every_in_vocabulary_ngram_finds_its_column_and_the_rest_none():
    nlp = spacy.blank("en")
    analyzer = Analyzer(nlp)
    fitted = Featurizer(min_df=1, ngram_range=(1, 3)).fit(analyzer.analyse([nlp.make_doc("I want to learn more")]))
    analysis = analyzer.analyse([nlp.make_doc("I want to learn, I need to learn")])
    lookup = with_new_forms(
        column_lookup(fitted.vocabulary_, fitted.feature_names_, analysis.forms, analysis.cue_names),
        fitted.vocabulary_,
    )
    for group in word_ngrams(content_words(analysis), (1, 3), occupation_unigram=False):
        names = [word_feature_name(analysis, group.n, k) for k in group.key.tolist()]
        expected = [fitted.vocabulary_.get(name, -1) for name in names]
        assert lookup.word_columns(group.n, group.key).tolist() == expected


def test_a_lookup_serves_its_own_form_table_and_grows_without_changing():
    nlp = spacy.blank("en")
    analyzer = Analyzer(nlp)
    fitted = Featurizer(min_df=1).fit(analyzer.analyse([nlp.make_doc("I want to learn")]))
    analysis = analyzer.analyse([nlp.make_doc("I want to learn")])
    lookup = with_new_forms(
        column_lookup(fitted.vocabulary_, fitted.feature_names_, analysis.forms, analysis.cue_names),
        fitted.vocabulary_,
    )
    assert lookup.serves(analysis.forms, list(analysis.cue_names))
    assert not lookup.serves(Analyzer(nlp).forms, analysis.cue_names)
    assert with_new_forms(lookup, fitted.vocabulary_) is lookup  # nothing new
    before = lookup.unigram.copy()
    analyzer.analyse([nlp.make_doc("zorblax quux")])  # new forms in the same table
    grown = with_new_forms(lookup, fitted.vocabulary_)
    assert grown is not lookup and np.array_equal(lookup.unigram, before)
    assert len(grown.unigram) == 2 * len(analysis.forms) and (grown.unigram[len(before):] == -1).all()
