"""Scoring many answers in several processes, whole chunks at a time, through joblib.

A :class:`ScoringPool` keeps a ``joblib.Parallel`` open and sends it chunks of answers;
each worker scores whole chunks with the model's public methods and sends back only one
float (and a flag) per answer. (Passing spaCy Docs between processes, as
``nlp.pipe(n_process=...)`` does, costs more than scoring them.)

The workers get the model once per pool. With joblib's ``multiprocessing`` backend (the
default: :data:`BACKEND`) they are forked when the pool opens, after the model has built
its tokenizer and analyzer, so they inherit both and start scoring at once. Where
workers do not inherit memory (``loky``, or a platform without ``fork``), every task also
carries the model pickled once (without its spaCy pipeline), and a worker unpickles it on
its first chunk only. In a worker the model scores in one process (``n_process=1``), so
a worker never starts workers of its own. Results are the same as one process gives, to
the last digit.
"""

from __future__ import annotations

import math
import os
import pickle
import signal
import uuid
from typing import TYPE_CHECKING

import numpy as np
from joblib import Parallel, delayed

if TYPE_CHECKING:
    from jobcareer.model import JobCareerClassifier

__all__ = ["BACKEND", "ScoringPool", "parallel_logits"]

#: joblib backend of the workers. Measured on 5,000 answers with 2 processes, pool start
#: included: ``multiprocessing`` (forked workers inherit the built pipeline) took about
#: half the time of ``loky`` (whose workers each unpickle the model and build a pipeline).
BACKEND = "multiprocessing"

#: The models of the open pools by pool key, with the process that opened each: kept in
#: the parent, so that forked workers inherit them.
_pool_models: dict[str, tuple[JobCareerClassifier, int]] = {}
#: The model this process scores a pool's chunks with (``n_process=1``), by pool key.
_scoring_models: dict[str, JobCareerClassifier] = {}


def _worker_model(key: str, payload: bytes) -> JobCareerClassifier:
    model = _scoring_models.get(key)
    if model is None:
        inherited, owner = _pool_models.get(key, (None, -1))
        # a forked worker's own copy of the model, its pipeline built; else (a worker that
        # inherited nothing, or joblib running the task in this process) a copy of its own
        model = inherited if inherited is not None and os.getpid() != owner else pickle.loads(payload)
        model.set_params(n_process=1)  # never the caller's object: a copy in this process
        _scoring_models.clear()
        _scoring_models[key] = model
    return model


def _ignore_interrupts() -> None:
    """Worker start-up: Ctrl-C goes to the whole process group and the parent stops the pool,
    so workers ignore it instead of each printing a KeyboardInterrupt traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _chunk_logits(key: str, payload: bytes, texts: list[str]) -> np.ndarray:
    return _worker_model(key, payload).career_logit(texts)


def _chunk_logits_and_flags(key: str, payload: bytes, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    return _worker_model(key, payload).career_logit_and_low_evidence(texts)


class ScoringPool:
    """Worker processes that compute a model's career logits, reusable across calls.

    Use as a context manager; :func:`parallel_logits` is the one-call form.

    Parameters
    ----------
    model : JobCareerClassifier
        A fitted classifier.
    n_process : int
        Number of worker processes (at least 2).
    """

    def __init__(self, model: JobCareerClassifier, n_process: int):
        if n_process < 2:
            raise ValueError(f"n_process must be at least 2 to run in parallel, got {n_process}")
        self.model = model
        self.n_process = n_process
        self._key = uuid.uuid4().hex
        self._payload = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
        _ = model.analysis_tools  # built here, before the workers fork, so that they inherit it
        _pool_models[self._key] = (model, os.getpid())
        self._parallel = Parallel(n_jobs=n_process, backend=BACKEND, initializer=_ignore_interrupts)
        try:
            self._parallel.__enter__()  # the workers stay up for every call of this pool
        except BaseException:
            _pool_models.pop(self._key, None)
            raise

    def _chunks(self, texts: list[str]) -> list[list[str]]:
        size = self.model.batch_size
        # a few chunks per worker balance the load; each is whole batches of the model's size
        per_chunk = max(size, math.ceil(len(texts) / (4 * self.n_process) / size) * size)
        return [texts[i : i + per_chunk] for i in range(0, len(texts), per_chunk)]

    def logits(self, texts: list[str]) -> np.ndarray:
        """Career logits of validated ``texts``: the same as one process gives, in order."""
        parts = self._parallel(delayed(_chunk_logits)(self._key, self._payload, c) for c in self._chunks(texts))
        return np.concatenate(parts) if parts else np.zeros(0)

    def logits_and_low_evidence(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Career logits and low-evidence flags of validated ``texts``, in order."""
        chunks = self._chunks(texts)
        parts = self._parallel(delayed(_chunk_logits_and_flags)(self._key, self._payload, c) for c in chunks)
        if not parts:
            return np.zeros(0), np.zeros(0, dtype=bool)
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def close(self) -> None:
        """Stop the workers."""
        self._parallel.__exit__(None, None, None)
        _pool_models.pop(self._key, None)
        _scoring_models.pop(self._key, None)

    def __enter__(self) -> ScoringPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parallel_logits(model: JobCareerClassifier, texts: list[str], n_process: int) -> np.ndarray:
    """Career logits of validated ``texts``, computed by ``n_process`` worker processes.

    Parameters
    ----------
    model : JobCareerClassifier
        A fitted classifier.
    texts : list of str
        Answers already validated.
    n_process : int
        Number of worker processes (at least 2).

    Returns
    -------
    ndarray
        The same logits as one process computes, in input order.
    """
    with ScoringPool(model, n_process) as pool:
        return pool.logits(texts)
