"""Scoring many answers in several processes, whole chunks at a time.

Each worker process gets the model once (inherited through ``fork`` where the platform
has it, pickled once per worker otherwise), scores whole chunks of answers, and sends
back only their logits: the texts go out and one float per answer comes back. (Passing
spaCy Docs between processes, as ``nlp.pipe(n_process=...)`` does, costs more than
scoring them.)
"""

from __future__ import annotations

import math
import multiprocessing
import signal
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from jobcareer.model import JobCareerClassifier

__all__ = ["ScoringPool", "parallel_logits"]

#: The model of a worker process, set once by the pool's initializer (workers only).
_worker_model: JobCareerClassifier | None = None


def _start_worker(model: JobCareerClassifier) -> None:
    global _worker_model
    _worker_model = model
    # Ctrl-C goes to the whole process group: the parent stops the pool, so the workers
    # ignore it instead of each printing a KeyboardInterrupt traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _score_chunk(texts: list[str]) -> np.ndarray:
    assert _worker_model is not None, "worker started without a model"
    return _worker_model._text_logits(texts)


def _score_chunk_with_evidence(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    assert _worker_model is not None, "worker started without a model"
    return _worker_model._logits_and_low_evidence(texts)


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
        model._analysis_tools()  # built once here, inherited by forked workers
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        self._pool = context.Pool(n_process, initializer=_start_worker, initargs=(model,))

    def _chunks(self, texts: list[str]) -> list[list[str]]:
        size = self.model.batch_size
        # a few chunks per worker balance the load; each is whole batches of the model's size
        per_chunk = max(size, math.ceil(len(texts) / (4 * self.n_process) / size) * size)
        return [texts[i : i + per_chunk] for i in range(0, len(texts), per_chunk)]

    def logits(self, texts: list[str]) -> np.ndarray:
        """Career logits of validated ``texts``: the same as one process gives, in order."""
        parts = self._pool.map(_score_chunk, self._chunks(texts))
        return np.concatenate(parts) if parts else np.zeros(0)

    def logits_and_low_evidence(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Career logits and low-evidence flags of validated ``texts``, in order."""
        parts = self._pool.map(_score_chunk_with_evidence, self._chunks(texts))
        if not parts:
            return np.zeros(0), np.zeros(0, dtype=bool)
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def close(self) -> None:
        """Stop the workers."""
        self._pool.close()
        self._pool.join()

    def __enter__(self) -> ScoringPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self._pool.terminate()
            self._pool.join()


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
