"""Saving and loading model directories: artifact, metadata, checksums, version checks.

A model directory holds:

``model.json`` and ``model.npz``
    the fitted model as files that cannot run code (:mod:`jobcareer.model_files`): the
    coefficients as a float64 array in an ``.npz`` read with ``allow_pickle=False``,
    everything else as JSON.
``meta.json``
    format version, library and dependency versions, the two files' SHA-256 digests,
    training data hash, hyperparameters and metrics.
``MODEL_CARD.md``
    the human-readable card (written by the training script).

Directories of format version 1 (jobcareer 0.x before the JSON/npz files) hold a pickled
``model.joblib`` instead; :func:`load` refuses them with the command that converts them,
:func:`convert_legacy_model` (which reads the pickle once, admitting plain data only).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import tempfile
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from jobcareer._version import __version__
from jobcareer.artifact_check import check_meta, check_plain
from jobcareer.model import JobCareerClassifier
from jobcareer.model_files import (
    ARRAYS_NAME,
    DATA_NAME,
    ModelFileError,
    file_sha256,
    model_from_plain,
    read_json,
    read_model_files,
    write_model_files,
)

__all__ = [
    "ARRAYS_NAME",
    "ARTIFACT_NAME",
    "FORMAT_VERSION",
    "META_NAME",
    "ModelFileError",
    "bundled_model_path",
    "check_model_target",
    "convert_legacy_model",
    "file_sha256",
    "load",
    "read_meta",
    "save",
]

#: The JSON file of a model (``meta.json``'s ``artifact``); the arrays are in :data:`ARRAYS_NAME`.
ARTIFACT_NAME = DATA_NAME
META_NAME = "meta.json"
#: Version of the artifact layout; a model with another version is refused with both named.
FORMAT_VERSION = 2
#: The format of pickled ``model.joblib`` directories, read only to convert them.
LEGACY_FORMAT_VERSION = 1
_BUNDLED_DIR = "bundled_model"


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
    files = write_model_files(model, target)
    params = model.get_params()
    params["ngram_range"] = list(params["ngram_range"])
    params["lexicons"] = None
    meta: dict[str, Any] = {
        "format": "jobcareer-model",
        "format_version": FORMAT_VERSION,
        "versions": _versions(),
        **files,
        "hyperparameters": params,
        "n_features": len(model.featurizer_.feature_names_),
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
        Where to write ``model.json``, ``model.npz`` and ``meta.json``: a new or empty directory, or an
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
    meta = read_json(meta_path)
    if not isinstance(meta, dict):
        raise ModelFileError(f"{meta_path} does not describe a jobcareer model (not a JSON object)")
    if meta.get("format") == "jobcareer-model" and meta.get("format_version") == FORMAT_VERSION:
        try:
            check_meta(meta)
        except ValueError as err:
            raise ModelFileError(f"{meta_path} is not valid: {err}") from None
    if meta.get("format") != "jobcareer-model":
        raise ModelFileError(f"{meta_path} does not describe a jobcareer model")
    if meta.get("format_version") == LEGACY_FORMAT_VERSION:
        raise ModelFileError(
            f"{path} is a model directory of format version 1 (a pickled model.joblib), which jobcareer "
            f"{__version__} no longer loads; convert it once with "
            f"python -c \"import jobcareer.io; jobcareer.io.convert_legacy_model('{path}')\""
        )
    if meta.get("format_version") != FORMAT_VERSION:
        made_with = meta.get("versions", {}).get("jobcareer", "unknown")
        raise ModelFileError(
            f"model format version {meta.get('format_version')} (made with jobcareer "
            f"{made_with}) is not supported by jobcareer {__version__}, which reads format "
            f"version {FORMAT_VERSION}; retrain the model or install a matching jobcareer"
        )
    return meta


def load(path: str | Path | None = None) -> JobCareerClassifier:
    """Load a model directory, verifying its checksums and refusing anything but plain data.

    Reads ``model.json`` (JSON) and ``model.npz`` (float64 arrays, ``allow_pickle=False``):
    nothing in a model directory can run code.

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
        If the directory or files are missing, a SHA-256 does not match (naming the
        expected and actual hashes), the format version differs (a format-1 directory is
        named with the call that converts it: :func:`convert_legacy_model`), or a file
        holds anything other than plain data.

    Examples
    --------
    >>> import jobcareer
    >>> clf = jobcareer.load()
    >>> clf.classes_
    array(['career', 'job'], dtype=object)
    """
    directory = bundled_model_path() if path is None else Path(path)
    model = read_model_files(directory, meta := read_meta(directory))
    model.meta_ = meta
    return model


def convert_legacy_model(source: str | Path, target: str | Path | None = None) -> Path:
    """Convert a model directory of format version 1 (pickled ``model.joblib``) to JSON and npz.

    The pickle is read once, by :func:`jobcareer.legacy.read_legacy_model`, which admits
    plain data only (lists, dicts, strings, numbers: no class, no function, nothing that
    runs), after checking its SHA-256 against the directory's ``meta.json``. The model is
    not retrained: it scores exactly as before, to the last digit. Every other entry of
    ``meta.json`` (training data digests, metrics...) and every other file of the
    directory (the model card...) is kept; ``meta.json`` gains ``converted_from`` (the old
    artifact's name, digest and versions).

    Parameters
    ----------
    source : str or Path
        The old model directory.
    target : str or Path, optional
        Where to write the converted model (replaced if it holds a model); default
        ``source`` itself, replaced all at once.

    Returns
    -------
    Path
        The converted directory.

    Raises
    ------
    ModelFileError
        If ``source`` is not a readable format-1 directory or holds anything but plain data.
    """
    from jobcareer.legacy import LEGACY_ARTIFACT, read_legacy_model

    source = Path(source)
    plain, meta = read_legacy_model(source)
    try:
        model = model_from_plain(check_plain(plain))
    except (ValueError, TypeError, KeyError) as err:
        raise ModelFileError(f"{source / LEGACY_ARTIFACT} holds an invalid model: {err}") from None
    written_here = {"format", "format_version", "versions", "artifact", "artifact_sha256", "hyperparameters",
                    "n_features"}
    kept = {key: value for key, value in meta.items() if key not in written_here}
    kept["converted_from"] = {
        "format_version": LEGACY_FORMAT_VERSION,
        "artifact": meta.get("artifact"),
        "artifact_sha256": meta.get("artifact_sha256"),
        "versions": meta.get("versions"),
    }
    destination = source if target is None else Path(target)
    check_model_target(destination, overwrite=True)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".convert.", dir=destination.parent) as scratch:
        staging = save(model, Path(scratch) / "model", metadata_extra=kept)
        for extra in sorted(source.iterdir()):
            if extra.name not in (LEGACY_ARTIFACT, META_NAME) and not (staging / extra.name).exists():
                (shutil.copytree if extra.is_dir() else shutil.copy2)(extra, staging / extra.name)
        _swap_in(staging, destination)
    return destination
