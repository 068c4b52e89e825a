"""The tokens behind every feature occurrence (jobcareer/occurrence_table.py)."""

from __future__ import annotations

import numpy as np
import spacy
from feature_views import occurrences_per_answer

from jobcareer.analysis import Analyzer
from jobcareer.features import Featurizer

TEXTS = ["I need the money, the money.", "um I want to grow as a registered nurse", "Pay!"]


def test_the_table_matches_the_matrix_and_reads_back_per_answer():
    nlp = spacy.blank("en")
    analysis = Analyzer(nlp).analyse([nlp.make_doc(t) for t in TEXTS])
    featurizer = Featurizer(min_df=1).fit(analysis)
    table = featurizer.occurrence_table(analysis)
    matrix = featurizer.transform(analysis)
    assert np.array_equal(table.values, matrix.data) and np.array_equal(table.columns, matrix.indices)
    assert np.array_equal(table.row_start, matrix.indptr)
    per_answer = occurrences_per_answer(analysis, table)
    money = next(f for f in per_answer[0] if f.name == "w:money")
    assert money.occurrences == ((3,), (6,))  # both, in text order
    nurse = next(f for f in per_answer[1] if f.name == "w:a <occ>")
    assert [analysis.docs[1][i].text for i in nurse.occurrences[0]] == ["a", "registered", "nurse"]
    assert [f.name for f in per_answer[2]] == [featurizer.feature_names_[c] for c in matrix[2].indices]
