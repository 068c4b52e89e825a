"""Reading a model directory of format version 1 (a pickled ``model.joblib``), to convert it.

Until format version 2 a model was *plain data* (lists, dicts, strings, numbers) pickled
by joblib. Such a directory is read here once, by :func:`jobcareer.io.convert_legacy_model`,
and written again as JSON and ``.npz``; :func:`jobcareer.load` never unpickles anything.

The pickle is read with an unpickler that refuses every global: lists, dicts, tuples,
strings, numbers, booleans and None are built by pickle opcodes without looking anything
up, while anything else (a class, a function, ``os.system`` in a ``__reduce__``, a numpy
array) needs ``find_class``, which refuses without importing or calling anything.
"""

from __future__ import annotations

import io
import pickle
import re
from pathlib import Path
from typing import Any

from jobcareer.artifact_check import MAX_ARTIFACT_BYTES
from jobcareer.model_files import ModelFileError, file_sha256, read_json

__all__ = ["LEGACY_ARTIFACT", "read_legacy_model"]

#: The artifact of a format-1 directory.
LEGACY_ARTIFACT = "model.joblib"
_SHA256 = re.compile(r"[0-9a-f]{64}")


class _PlainDataUnpickler(pickle.Unpickler):
    """Unpickler that admits builtin containers and scalars only, and no globals at all."""

    def find_class(self, module: str, name: str) -> Any:
        raise ModelFileError(
            f"model file refers to {module}.{name}; jobcareer model files hold plain data "
            "only, so this file was not made by jobcareer.save and will not be loaded"
        )


def read_legacy_model(directory: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The plain data and the ``meta.json`` of a format-1 model directory.

    Parameters
    ----------
    directory : Path
        A directory holding ``meta.json`` (format version 1) and ``model.joblib``.

    Returns
    -------
    tuple of dict
        The model's plain data (checked by :func:`jobcareer.artifact_check.check_plain`
        by the caller) and the directory's metadata.

    Raises
    ------
    ModelFileError
        If the directory is not of format version 1, the artifact is missing, too large,
        does not start as a pickle, differs from its recorded SHA-256, or holds anything
        but plain data (refused before anything in it is called).
    """
    meta = read_json(directory / "meta.json") if (directory / "meta.json").is_file() else None
    if not isinstance(meta, dict) or meta.get("format") != "jobcareer-model" or meta.get("format_version") != 1:
        raise ModelFileError(f"{directory} is not a jobcareer model directory of format version 1 (model.joblib)")
    if meta.get("artifact", LEGACY_ARTIFACT) != LEGACY_ARTIFACT or not _SHA256.fullmatch(
        str(meta.get("artifact_sha256"))
    ):
        raise ModelFileError(f"{directory / 'meta.json'} does not name {LEGACY_ARTIFACT} and its SHA-256")
    artifact = directory / LEGACY_ARTIFACT
    if not artifact.is_file():
        raise ModelFileError(f"{artifact} is missing")
    size = artifact.stat().st_size
    if size > MAX_ARTIFACT_BYTES:
        raise ModelFileError(f"{artifact} is {size:,} bytes; jobcareer model files are at most {MAX_ARTIFACT_BYTES:,}")
    payload = artifact.read_bytes()
    if len(payload) < 2 or payload[0] != 0x80 or not 2 <= payload[1] <= pickle.HIGHEST_PROTOCOL:
        raise ModelFileError(f"{artifact} does not start like a jobcareer model file (a pickle stream)")
    actual = file_sha256(artifact)
    if meta["artifact_sha256"] != actual:
        raise ModelFileError(
            f"{artifact} is corrupt or was modified: expected SHA-256 {meta['artifact_sha256']}, got {actual}"
        )
    try:
        plain = _PlainDataUnpickler(io.BytesIO(payload)).load()
    except ModelFileError:
        raise
    except Exception as err:  # truncated or garbled pickle stream
        raise ModelFileError(f"{artifact} could not be read as a model: {err}") from None
    if not isinstance(plain, dict) or plain.get("format") != "jobcareer-model" or plain.get("format_version") != 1:
        raise ModelFileError(f"{artifact} does not hold a jobcareer model of format version 1")
    return plain, meta
