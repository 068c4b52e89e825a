"""Specification of converting format-1 model directories (pickled ``model.joblib``) once.

jobcareer/legacy.py reads the pickle, admitting plain data only; jobcareer.io's
convert_legacy_model writes the model again as model.json + model.npz, scoring exactly as
before; jobcareer.load refuses a format-1 directory, naming the conversion.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import joblib
import numpy as np
import pytest

import jobcareer
from jobcareer.io import ARRAYS_NAME, ARTIFACT_NAME, META_NAME, ModelFileError, convert_legacy_model, file_sha256
from jobcareer.legacy import LEGACY_ARTIFACT
from jobcareer.model_files import plain_model

PROBE = ["I need the money for rent.", "I want to grow into a lead in five years.", "Yes."]


def write_legacy(directory: Path, payload: object, **meta_extra) -> Path:
    """A format-1 model directory as jobcareer.save wrote them: a joblib pickle and meta.json."""
    directory.mkdir(parents=True, exist_ok=True)
    joblib.dump(payload, directory / LEGACY_ARTIFACT)
    meta = {
        "format": "jobcareer-model",
        "format_version": 1,
        "versions": {"jobcareer": "0.1.0"},
        "artifact": LEGACY_ARTIFACT,
        "artifact_sha256": file_sha256(directory / LEGACY_ARTIFACT),
        **meta_extra,
    }
    (directory / META_NAME).write_text(json.dumps(meta), encoding="utf-8")
    return directory


def legacy_plain(model) -> dict:
    """A fitted model as format 1 held it: builtins only, coefficients as a list of floats."""
    plain = plain_model(model)
    plain["coef"] = [float(v) for v in plain["coef"]]
    return {"format": "jobcareer-model", "format_version": 1, **plain}


@pytest.fixture
def legacy_dir(tmp_path, small_model) -> Path:
    directory = write_legacy(
        tmp_path / "old", legacy_plain(small_model), training_data={"text_digests": ["ab" * 32]}, seed=0
    )
    (directory / "MODEL_CARD.md").write_text("the card\n", encoding="utf-8")
    return directory


def test_load_refuses_a_format_1_directory_naming_the_conversion(legacy_dir):
    with pytest.raises(ModelFileError, match=r"format version 1.*convert_legacy_model"):
        jobcareer.load(legacy_dir)


def test_conversion_in_place_scores_to_the_last_digit_and_keeps_the_metadata_and_card(legacy_dir, small_model):
    convert_legacy_model(legacy_dir)
    converted = jobcareer.load(legacy_dir)
    np.testing.assert_array_equal(converted.career_logit(PROBE), small_model.career_logit(PROBE))
    np.testing.assert_array_equal(converted.predict_proba(PROBE), small_model.predict_proba(PROBE))
    assert converted.explain(PROBE[1]) == small_model.explain(PROBE[1])
    files = sorted(p.name for p in legacy_dir.iterdir())
    assert files == sorted([ARTIFACT_NAME, ARRAYS_NAME, META_NAME, "MODEL_CARD.md"])
    assert (legacy_dir / "MODEL_CARD.md").read_text(encoding="utf-8") == "the card\n"
    meta = converted.meta_
    assert meta["training_data"] == {"text_digests": ["ab" * 32]} and meta["seed"] == 0
    assert meta["format_version"] == 2
    assert meta["converted_from"]["artifact"] == LEGACY_ARTIFACT
    assert [p.name for p in legacy_dir.parent.iterdir()] == [legacy_dir.name]  # no scratch left


def test_conversion_to_another_directory_leaves_the_old_one(legacy_dir, tmp_path, small_model):
    target = convert_legacy_model(legacy_dir, tmp_path / "new" / "model")
    assert (legacy_dir / LEGACY_ARTIFACT).is_file()
    np.testing.assert_array_equal(jobcareer.load(target).predict_proba(PROBE), small_model.predict_proba(PROBE))


def test_a_pickled_callable_is_refused_without_running_it(tmp_path):
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    directory = write_legacy(tmp_path / "old", {"format": "jobcareer-model", "format_version": 1, "x": Exploit()})
    with pytest.raises(ModelFileError, match="plain data"):
        convert_legacy_model(directory)
    assert not marker.exists()


def test_a_numpy_payload_is_refused_too(tmp_path):
    directory = tmp_path / "old"
    write_legacy(directory, None)
    (directory / LEGACY_ARTIFACT).write_bytes(pickle.dumps({"coef": np.zeros(3)}))
    meta = json.loads((directory / META_NAME).read_text())
    meta["artifact_sha256"] = file_sha256(directory / LEGACY_ARTIFACT)
    (directory / META_NAME).write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match="numpy"):
        convert_legacy_model(directory)


def test_a_modified_pickle_names_expected_and_actual_hashes(legacy_dir):
    artifact = legacy_dir / LEGACY_ARTIFACT
    expected = file_sha256(artifact)
    artifact.write_bytes(artifact.read_bytes()[:-100])
    with pytest.raises(ModelFileError) as err:
        convert_legacy_model(legacy_dir)
    assert expected in str(err.value) and file_sha256(artifact) in str(err.value)


def test_invalid_fields_of_an_old_file_are_named(tmp_path, small_model):
    plain = legacy_plain(small_model)
    plain["calibration"] = [0.0, 1.0]
    directory = write_legacy(tmp_path / "old", plain)
    with pytest.raises(ModelFileError, match="calibration"):
        convert_legacy_model(directory)
    assert (directory / LEGACY_ARTIFACT).is_file()  # nothing replaced


def test_a_current_directory_is_not_converted(tmp_path, small_model):
    directory = jobcareer.save(small_model, tmp_path / "new")
    with pytest.raises(ModelFileError, match="not a jobcareer model directory of format version 1"):
        convert_legacy_model(directory)
