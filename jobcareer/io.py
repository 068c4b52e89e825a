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
import os
import pickle
import platform
import shutil
import tempfile
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import joblib

from jobcareer._version import __version__
from jobcareer.artifact_check import MAX_ARTIFACT_BYTES, check_meta, check_plain
from jobcareer.model import JobCareerClassifier

__all__ = ["ARTIFACT_NAME", "FORMAT_VERSION", "META_NAME", "ModelFileError", "check_model_target", "load", "save"]

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


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks (model artifacts, training files)."""
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


def check_model_target(directory: str | Path, *, overwrite: bool) -> Path:
    """Check that a model may be written to ``directory`` (before any long work).

    A new or empty directory may always be written; an existing model directory only
    with ``overwrite``; anything else never (so that ``save(model, ".")`` cannot replace a
    project folder).

    Raises
    ------
    ModelFileError
        If ``directory`` is a file, a non-empty directory without ``overwrite``, or a
        non-empty directory that is not a model directory.
    """
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise ModelFileError(f"{target} exists and is not a directory; choose a directory for the model")
    if target.is_dir() and any(target.iterdir()):
        if not (target / META_NAME).is_file():
            raise ModelFileError(
                f"{target} is not empty and is not a jobcareer model directory; choose a new or empty directory"
            )
        if not overwrite:
            raise ModelFileError(
                f"{target} already holds a model; pass overwrite=True (jobcareer train --overwrite) "
                "to replace it, or choose another directory"
            )
    return target


def _write_model_files(model: JobCareerClassifier, target: Path, metadata_extra: dict[str, Any] | None) -> None:
    artifact = target / ARTIFACT_NAME
    plain = {"format": "jobcareer-model", "format_version": FORMAT_VERSION, **model.to_plain()}
    joblib.dump(plain, artifact)
    meta: dict[str, Any] = {
        "format": "jobcareer-model",
        "format_version": FORMAT_VERSION,
        "versions": _versions(),
        "artifact": ARTIFACT_NAME,
        "artifact_sha256": file_sha256(artifact),
        "hyperparameters": plain["params"],
        "n_features": len(plain["feature_names"]),
    }
    meta.update(metadata_extra or {})
    (target / META_NAME).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _swap_in(staging: Path, target: Path) -> None:
    """Rename the finished ``staging`` directory to ``target``, replacing what was there."""
    if not target.exists() or not any(target.iterdir()):
        os.replace(staging, target)  # an empty directory is replaced in one rename
        return
    backup = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    os.rmdir(backup)  # a free name beside the target
    os.rename(target, backup)
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(backup, target)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def save(
    model: JobCareerClassifier,
    directory: str | Path,
    *,
    metadata_extra: dict[str, Any] | None = None,
    overwrite: bool = True,
) -> Path:
    """Write a fitted model to a directory, all at once.

    The files are written to a temporary directory beside ``directory`` and renamed into
    place only when complete, so a failure (disk full, interrupted) leaves the previous
    model whole. Replacing a model replaces the whole directory: no file of the old model
    (a stale model card, say) is left behind.

    Parameters
    ----------
    model : JobCareerClassifier
        A fitted classifier.
    directory : str or Path
        Where to write ``model.joblib`` and ``meta.json``: a new or empty directory, or an
        existing model directory (replaced when ``overwrite`` is true).
    metadata_extra : dict, optional
        More JSON-serialisable entries for ``meta.json`` (training data hash, metrics...).
    overwrite : bool, default True
        Whether an existing model directory may be replaced.

    Returns
    -------
    Path
        The directory.

    Raises
    ------
    ModelFileError
        If ``directory`` may not be written (see :func:`check_model_target`).
    """
    target = check_model_target(directory, overwrite=overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent))
    try:
        _write_model_files(model, staging, metadata_extra)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)
        _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
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
    except RecursionError:
        raise ModelFileError(f"{meta_path} cannot be read: its JSON is nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as err:  # an integer over Python's digit limit; not UTF-8
        raise ModelFileError(f"{meta_path} cannot be read: {str(err).split(';')[0]}") from None
    if not isinstance(meta, dict):
        raise ModelFileError(f"{meta_path} does not describe a jobcareer model (not a JSON object)")
    if meta.get("format") == "jobcareer-model" and meta.get("format_version") == FORMAT_VERSION:
        try:
            check_meta(meta)
        except ValueError as err:
            raise ModelFileError(f"{meta_path} is not valid: {err}") from None
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
    _check_artifact_start(artifact)
    expected = meta.get("artifact_sha256")
    actual = file_sha256(artifact)
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
    try:
        model = JobCareerClassifier.from_plain(check_plain(plain))
    except (ValueError, TypeError, KeyError) as err:
        raise ModelFileError(f"{artifact} holds an invalid model: {err}") from None
    model.meta_ = meta
    return model


def _check_artifact_start(artifact: Path) -> None:
    """Refuse a file too large to be a model, or one that does not start as a pickle,
    before reading it (a multi-gigabyte file is never read whole)."""
    size = artifact.stat().st_size
    if size > MAX_ARTIFACT_BYTES:
        raise ModelFileError(
            f"{artifact} is {size:,} bytes; jobcareer model files are at most "
            f"{MAX_ARTIFACT_BYTES:,} bytes, so this is not one"
        )
    with artifact.open("rb") as handle:
        start = handle.read(2)
    if len(start) < 2 or start[0] != 0x80 or not 2 <= start[1] <= pickle.HIGHEST_PROTOCOL:
        raise ModelFileError(f"{artifact} does not start like a jobcareer model file (a pickle stream)")
