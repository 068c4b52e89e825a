"""jobcareer as spaCy components, for spaCy users.

- :mod:`jobcareer.pipeline.lemmatizer`: ``jobcareer_lemmas``, lookup lemmas in one array
  operation;
- :mod:`jobcareer.pipeline.annotator`: ``jobcareer_preprocess``, which writes the analysis
  (fillers, negation scope, placeholders, cues, sentences) on the Doc, and
  :func:`~jobcareer.pipeline.annotator.build_pipeline`;
- :mod:`jobcareer.pipeline.classifier`: ``jobcareer``, the classifier, which scores the host
  pipeline's Docs from their own tokens and writes ``doc.cats`` and the explanation;
- :mod:`jobcareer.pipeline.extensions`: every extension attribute they write, registered in
  one place.

The classifier does not need these components: it tokenises and analyses whole batches
directly (:mod:`jobcareer.model`). Nothing is imported here, so that spaCy's entry point
(``spacy_factories``) loads only the module it names.
"""
