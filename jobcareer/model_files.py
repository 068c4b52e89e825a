"""A fitted classifier as files that cannot run code: ``model.json`` and ``model.npz``.

``model.json``
    everything but the coefficients, as JSON: parameters, word lists, feature names,
    featurizer settings, intercept, calibration, classes.
``model.npz``
    the coefficients, one float64 array ``coef`` in numpy's uncompressed ``.npz`` format,
    read with ``allow_pickle=False``.

Neither format can hold code: JSON is parsed into builtins, and an ``.npz`` member is
read only after its header says it is a plain float64 vector whose size matches the
bytes stored, so a pickled object array, a forged shape or a zip bomb is refused before
anything is allocated. Floats survive both files exactly (JSON writes the shortest repr
that reads back to the same double), so a saved model scores to the last digit as it did
in memory. :mod:`jobcareer.io` checks the files' SHA-256 digests against ``meta.json``
and :mod:`jobcareer.artifact_check` every value before use.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from jobcareer.artifact_check import MAX_ARTIFACT_BYTES, check_plain
from jobcareer.features import Featurizer
from jobcareer.model import JobCareerClassifier

__all__ = [
    "ARRAYS_NAME",
    "DATA_NAME",
    "ModelFileError",
    "check_files",
    "file_sha256",
    "model_from_plain",
    "plain_model",
    "read_arrays",
    "read_json",
    "read_model_files",
    "write_model_files",
]

DATA_NAME = "model.json"
ARRAYS_NAME = "model.npz"
#: The arrays of ``model.npz``: name -> number of dimensions (all float64).
ARRAYS = {"coef": 1}


class ModelFileError(ValueError):
    """A model directory is missing, corrupt, unsafe or from an incompatible version."""


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks (model artifacts, training files)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def plain_model(model: JobCareerClassifier) -> dict[str, Any]:
    """A fitted classifier as builtins (JSON-ready) plus its ``coef`` array.

    Returns
    -------
    dict
        ``params``, ``lexicons``, ``feature_names``, ``featurizer``, ``intercept``,
        ``calibration``, ``classes`` (all JSON-ready) and ``coef`` (float64 ndarray).
    """
    params = model.get_params()
    params["ngram_range"] = list(params["ngram_range"])
    params["lexicons"] = None
    return {
        "params": params,
        "lexicons": model.lexicons_,
        "feature_names": list(model.featurizer_.feature_names_),
        "featurizer": {k: (list(v) if isinstance(v, tuple) else v) for k, v in model.featurizer_.get_params().items()},
        "coef": np.asarray(model.coef_, dtype=np.float64),
        "intercept": model.intercept_,
        "calibration": list(model.calibration_),
        "classes": list(model.classes_),
    }


#: Word lists added to the lexicons after models were first saved; a saved model without one
#: was trained without it and loads with the list empty (its results stay as they were).
LISTS_ADDED_LATER = ("idioms", "denied_reasons")
#: Parameters added after models were first saved, with the value that gives a saved model
#: without one the features it was trained with.
PARAMS_ADDED_LATER: Mapping[str, Any] = MappingProxyType({"skip_conceded_words": False})


def model_from_plain(data: dict[str, Any]) -> JobCareerClassifier:
    """Rebuild a fitted classifier from :func:`plain_model` output checked by ``check_plain``."""
    params = {**PARAMS_ADDED_LATER, **data["params"]}
    params["ngram_range"] = tuple(params["ngram_range"])
    clf = JobCareerClassifier(**params)
    featurizer_params = dict(data["featurizer"])
    for key in ("ngram_range", "char_range"):
        featurizer_params[key] = tuple(featurizer_params[key])
    featurizer = Featurizer(**featurizer_params)
    names = list(data["feature_names"])
    featurizer.feature_names_ = names
    featurizer.vocabulary_ = {n: i for i, n in enumerate(names)}
    clf.featurizer_ = featurizer
    # a list the saved model does not hold was added after it was trained: it never used it
    clf.lexicons_ = {**{name: [] for name in LISTS_ADDED_LATER}, **data["lexicons"]}
    clf.coef_ = np.asarray(data["coef"], dtype=np.float64)
    clf.intercept_ = float(data["intercept"])
    slope, offset = (float(v) for v in data["calibration"])
    clf.calibration_ = (slope, offset)
    clf.classes_ = np.array(data["classes"], dtype=object)
    return clf


def write_model_files(model: JobCareerClassifier, directory: Path) -> dict[str, Any]:
    """Write ``model.json`` and ``model.npz`` of a fitted classifier into ``directory``.

    Returns
    -------
    dict
        The entries ``meta.json`` records about them: ``artifact``/``artifact_sha256``
        (the JSON) and ``arrays``/``arrays_sha256`` (the npz).
    """
    plain = plain_model(model)
    arrays = {name: plain.pop(name) for name in ARRAYS}
    (directory / DATA_NAME).write_text(json.dumps(plain, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    with (directory / ARRAYS_NAME).open("wb") as handle:
        np.savez(handle, **arrays)
    return {
        "artifact": DATA_NAME,
        "artifact_sha256": file_sha256(directory / DATA_NAME),
        "arrays": ARRAYS_NAME,
        "arrays_sha256": file_sha256(directory / ARRAYS_NAME),
    }


def read_json(path: Path) -> Any:
    """Parse a JSON file of a model directory, every failure a one-line :class:`ModelFileError`."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ModelFileError(f"{path} is not valid JSON: {err}") from None
    except RecursionError:
        raise ModelFileError(f"{path} cannot be read: its JSON is nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as err:  # an integer over Python's digit limit; not UTF-8
        raise ModelFileError(f"{path} cannot be read: {str(err).split(';')[0]}") from None


def check_files(expected_sha256: dict[Path, object]) -> None:
    """Refuse a missing file, one too large to be part of a model, or one whose SHA-256 differs.

    Every size is checked before any file is read, so a multi-gigabyte file is never read.
    """
    for path in expected_sha256:
        if not path.is_file():
            raise ModelFileError(f"{path} is missing")
        size = path.stat().st_size
        if size > MAX_ARTIFACT_BYTES:
            raise ModelFileError(
                f"{path} is {size:,} bytes; jobcareer model files are at most "
                f"{MAX_ARTIFACT_BYTES:,} bytes, so this is not one"
            )
    for path, expected in expected_sha256.items():
        actual = file_sha256(path)
        if expected != actual:
            raise ModelFileError(f"{path} is corrupt or was modified: expected SHA-256 {expected}, got {actual}")


def _read_vector(archive: zipfile.ZipFile, name: str, ndim: int, path: Path) -> np.ndarray:
    """One float64 array of the archive, its header checked before any data is read."""
    member = archive.getinfo(f"{name}.npy")
    with archive.open(member) as handle:
        version = np.lib.format.read_magic(handle)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(handle)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(handle)
        else:
            raise ModelFileError(f"{path}: {name} has .npy format version {version}; expected 1.0 or 2.0")
        if dtype != np.dtype("<f8") or len(shape) != ndim or fortran:
            raise ModelFileError(
                f"{path}: {name} is a {len(shape)}-dimensional array of {dtype}; expected {ndim} dimension(s) of "
                "float64 (jobcareer model arrays hold numbers only)"
            )
        if int(np.prod(shape)) * 8 != member.file_size - handle.tell():
            raise ModelFileError(f"{path}: {name}'s header says shape {shape}, which does not match its stored size")
    with archive.open(member) as handle:
        return np.lib.format.read_array(handle, allow_pickle=False)


def read_arrays(path: Path) -> dict[str, np.ndarray]:
    """The arrays of a ``model.npz``: exactly :data:`ARRAYS`, float64, no pickles.

    Raises
    ------
    ModelFileError
        If the file is not a zip of exactly the expected ``.npy`` members, a member is
        compressed, larger than a model file may be, or not a plain float64 array.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = {m.filename: m for m in archive.infolist()}
            expected = {f"{name}.npy" for name in ARRAYS}
            if set(members) != expected:
                raise ModelFileError(f"{path} holds {sorted(members)}; a jobcareer model's arrays are "
                                     f"{sorted(expected)}")
            for member in members.values():
                if member.compress_type != zipfile.ZIP_STORED or member.file_size > MAX_ARTIFACT_BYTES:
                    raise ModelFileError(f"{path}: {member.filename} is compressed or too large for a model array")
            return {name: _read_vector(archive, name, ndim, path) for name, ndim in ARRAYS.items()}
    except ModelFileError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as err:
        raise ModelFileError(f"{path} could not be read as a model's arrays (.npz): {err}") from None


def read_model_files(directory: Path, meta: dict[str, Any]) -> JobCareerClassifier:
    """Read and check ``model.json`` and ``model.npz`` as ``meta.json`` names and hashes them.

    Raises
    ------
    ModelFileError
        If a file is missing, too large, has another SHA-256 than recorded, cannot be
        parsed, or holds an invalid value (the field is named).
    """
    data_path = directory / str(meta.get("artifact", DATA_NAME))
    arrays_path = directory / str(meta.get("arrays", ARRAYS_NAME))
    check_files({data_path: meta.get("artifact_sha256"), arrays_path: meta.get("arrays_sha256")})
    data = read_json(data_path)
    if not isinstance(data, dict):
        raise ModelFileError(f"{data_path} does not hold a jobcareer model (not a JSON object)")
    if set(ARRAYS) & set(data):
        raise ModelFileError(f"{data_path} holds {sorted(set(ARRAYS) & set(data))}, which belong in {arrays_path.name}")
    plain = {**data, **read_arrays(arrays_path)}
    try:
        return model_from_plain(check_plain(plain))
    except (ValueError, TypeError, KeyError) as err:
        raise ModelFileError(f"{directory} holds an invalid model: {err}") from None
