"""Saving and loading model directories: artifact, metadata, checksums, version checks.

A model directory holds:

``model.joblib``
    the fitted model as *plain data* (lists, dicts, strings, numbers), written with joblib.
    It is read back with a restricted unpickler that refuses every global, so a model
    file cannot run code when loaded.
``meta.json``
    format version, library and dependency versions, the artifact's SHA-256, training
    data hash, hyperparameters and metrics.
``MODEL_CARD.md``
    the human-readable card (written by the training script).
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import platform
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import joblib

from jobcareer._version import __version__
from jobcareer.model import JobCareerClassifier

__all__ = ["ARTIFACT_NAME", "FORMAT_VERSION", "META_NAME", "ModelFileError", "load", "save"]

ARTIFACT_NAME = "model.joblib"
META_NAME = "meta.json"
#: Version of the artifact layout; a model with another version is refused with both named.
FORMAT_VERSION = 1
_BUNDLED_DIR = "bundled_model"


class ModelFileError(ValueError):
    """A model directory is missing, corrupt, unsafe or from an incompatible version."""


class _PlainDataUnpickler(pickle.Unpickler):
    """Unpickler that admits builtin containers and scalars only, and no globals at all.

    Lists, dicts, tuples, strings, numbers, booleans and None are built by pickle
    opcodes without looking anything up; anything else (a class, a function, ``os.system``
    in a ``__reduce__``) needs ``find_class``, which refuses without importing or calling.
    """

    def find_class(self, module: str, name: str) -> Any:
        raise ModelFileError(
            f"model file refers to {module}.{name}; jobcareer model files hold plain data "
            "only, so this file was not made by jobcareer.save and will not be loaded"
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _versions() -> dict[str, str]:
    versions = {"jobcareer": __version__, "python": platform.python_version()}
    for dist in ("spacy", "spacy-lookups-data", "scikit-learn", "numpy", "joblib"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:  # pragma: no cover - all are dependencies
            versions[dist] = "unknown"
    return versions


def save(
    model: JobCareerClassifier, directory: str | Path, *, metadata_extra: dict[str, Any] | None = None
) -> Path:
    """Write a fitted model to a directory (created if needed).

    Parameters
    ----------
    model : JobCareerClassifier
        A fitted classifier.
    directory : str or Path
        Where to write ``model.joblib`` and ``meta.json``.
    metadata_extra : dict, optional
        More JSON-serialisable entries for ``meta.json`` (training data hash, metrics...).

    Returns
    -------
    Path
        The directory.
    """
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    artifact = target / ARTIFACT_NAME
    plain = {"format": "jobcareer-model", "format_version": FORMAT_VERSION, **model.to_plain()}
    joblib.dump(plain, artifact)
    meta: dict[str, Any] = {
        "format": "jobcareer-model",
        "format_version": FORMAT_VERSION,
        "versions": _versions(),
        "artifact": ARTIFACT_NAME,
        "artifact_sha256": _sha256(artifact),
        "hyperparameters": plain["params"],
        "n_features": len(plain["feature_names"]),
    }
    meta.update(metadata_extra or {})
    (target / META_NAME).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return target


def bundled_model_path() -> Path:
    """Directory of the model that ships with the package.

    In an installed wheel the model lives inside the package (``jobcareer/bundled_model``);
    in a source checkout it is ``models/jobcareer-en`` at the repository root.
    """
    packaged = Path(str(resources.files("jobcareer").joinpath(_BUNDLED_DIR)))
    if (packaged / META_NAME).is_file():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "models" / "jobcareer-en"
    if (checkout / META_NAME).is_file():
        return checkout
    raise ModelFileError(
        "the bundled model is missing from this installation; reinstall jobcareer "
        "(pip install jobcareer) or pass the path of a model directory to jobcareer.load(path)"
    )


def read_meta(directory: str | Path) -> dict[str, Any]:
    """Read and check a model directory's ``meta.json``."""
    path = Path(directory)
    meta_path = path / META_NAME
    if not path.is_dir():
        raise ModelFileError(f"{path} is not a model directory (it does not exist or is a file)")
    if not meta_path.is_file():
        raise ModelFileError(f"{path} has no {META_NAME}; is it a jobcareer model directory?")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ModelFileError(f"{meta_path} is not valid JSON: {err}") from None
    if meta.get("format") != "jobcareer-model":
        raise ModelFileError(f"{meta_path} does not describe a jobcareer model")
    if meta.get("format_version") != FORMAT_VERSION:
        made_with = meta.get("versions", {}).get("jobcareer", "unknown")
        raise ModelFileError(
            f"model format version {meta.get('format_version')} (made with jobcareer "
            f"{made_with}) is not supported by jobcareer {__version__}, which reads format "
            f"version {FORMAT_VERSION}; retrain the model or install a matching jobcareer"
        )
    return meta


def load(path: str | Path | None = None) -> JobCareerClassifier:
    """Load a model directory, verifying its checksum and refusing anything but plain data.

    Parameters
    ----------
    path : str or Path, optional
        A directory written by :func:`save` (or ``jobcareer train``). ``None`` loads the
        model bundled with the package; no network is ever used.

    Returns
    -------
    JobCareerClassifier
        The fitted classifier. Its ``meta_`` attribute holds the directory's metadata.

    Raises
    ------
    ModelFileError
        If the directory or files are missing, the SHA-256 does not match (naming the
        expected and actual hashes), the format version differs, or the file holds
        anything other than plain data.

    Examples
    --------
    >>> import jobcareer
    >>> clf = jobcareer.load()
    >>> clf.classes_
    array(['career', 'job'], dtype=object)
    """
    directory = bundled_model_path() if path is None else Path(path)
    meta = read_meta(directory)
    artifact = directory / str(meta.get("artifact", ARTIFACT_NAME))
    if not artifact.is_file():
        raise ModelFileError(f"{artifact} is missing")
    expected = meta.get("artifact_sha256")
    actual = _sha256(artifact)
    if expected != actual:
        raise ModelFileError(
            f"{artifact} is corrupt or was modified: expected SHA-256 {expected}, "
            f"got {actual}"
        )
    try:
        plain = _PlainDataUnpickler(io.BytesIO(artifact.read_bytes())).load()
    except ModelFileError:
        raise
    except Exception as err:  # truncated or garbled pickle stream
        raise ModelFileError(f"{artifact} could not be read as a model: {err}") from None
    if not isinstance(plain, dict) or plain.get("format") != "jobcareer-model":
        raise ModelFileError(f"{artifact} does not hold a jobcareer model")
    if plain.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(
            f"{artifact} has format version {plain.get('format_version')}, "
            f"jobcareer {__version__} reads {FORMAT_VERSION}"
        )
    model = JobCareerClassifier.from_plain(plain)
    model.meta_ = meta
    return model
