"""Specification of model directories (jobcareer/io.py): checksums, versions, safety."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import jobcareer
from jobcareer.io import ARTIFACT_NAME, META_NAME, ModelFileError, bundled_model_path, file_sha256

PROBE = ["I need the money for rent.", "I want to grow into a lead in five years."]


@pytest.fixture
def model_dir(tmp_path, small_model) -> Path:
    return jobcareer.save(small_model, tmp_path / "model")


def rewrite_artifact(directory: Path, payload: bytes) -> None:
    """Replace the artifact and update meta.json's hash to match (a 'consistent' forgery)."""
    (directory / ARTIFACT_NAME).write_bytes(payload)
    meta = json.loads((directory / META_NAME).read_text())
    meta["artifact_sha256"] = file_sha256(directory / ARTIFACT_NAME)
    (directory / META_NAME).write_text(json.dumps(meta))


def test_save_then_load_gives_the_same_predictions(model_dir, small_model):
    loaded = jobcareer.load(model_dir)
    assert np.array_equal(loaded.predict_proba(PROBE), small_model.predict_proba(PROBE))
    assert loaded.get_params() == small_model.get_params()


def test_meta_records_versions_and_the_artifact_hash(model_dir):
    meta = json.loads((model_dir / META_NAME).read_text())
    assert meta["versions"]["jobcareer"] == jobcareer.__version__
    assert {"spacy", "scikit-learn", "numpy", "python"} <= set(meta["versions"])
    assert meta["artifact_sha256"] == file_sha256(model_dir / ARTIFACT_NAME)


def test_the_artifact_holds_only_plain_data(model_dir):
    class Refuse(pickle.Unpickler):
        def find_class(self, module, name):
            raise AssertionError(f"artifact references {module}.{name}")

    with (model_dir / ARTIFACT_NAME).open("rb") as handle:
        data = Refuse(handle).load()
    assert isinstance(data["coef"], list) and isinstance(data["feature_names"], list)


def test_a_truncated_artifact_names_expected_and_actual_hashes(model_dir):
    artifact = model_dir / ARTIFACT_NAME
    expected = file_sha256(artifact)
    artifact.write_bytes(artifact.read_bytes()[:-100])
    with pytest.raises(ModelFileError) as err:
        jobcareer.load(model_dir)
    assert expected in str(err.value) and file_sha256(artifact) in str(err.value)


def test_an_edited_artifact_with_a_matching_hash_but_garbled_content_is_refused(model_dir):
    rewrite_artifact(model_dir, b"\x80\x05garbage")
    with pytest.raises(ModelFileError, match="could not be read"):
        jobcareer.load(model_dir)


def test_a_pickled_callable_is_refused_without_running_it(model_dir, tmp_path):
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    rewrite_artifact(model_dir, pickle.dumps({"format": "jobcareer-model", "x": Exploit()}))
    with pytest.raises(ModelFileError, match="plain data"):
        jobcareer.load(model_dir)
    assert not marker.exists()


def test_a_numpy_payload_is_refused_too(model_dir):
    rewrite_artifact(model_dir, pickle.dumps({"coef": np.zeros(3)}))
    with pytest.raises(ModelFileError, match="numpy"):
        jobcareer.load(model_dir)


def test_an_incompatible_format_version_names_both_versions(model_dir):
    meta = json.loads((model_dir / META_NAME).read_text())
    meta["format_version"] = 99
    meta["versions"]["jobcareer"] = "9.0.0"
    (model_dir / META_NAME).write_text(json.dumps(meta))
    expected = r"format version 99 \(made with jobcareer 9\.0\.0\).*reads format version 1"
    with pytest.raises(ModelFileError, match=expected):
        jobcareer.load(model_dir)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: shutil.rmtree(d), "not a model directory"),
        (lambda d: (d / META_NAME).unlink(), "no meta.json"),
        (lambda d: (d / META_NAME).write_text("{not json"), "not valid JSON"),
        (lambda d: (d / ARTIFACT_NAME).unlink(), "missing"),
    ],
)
def test_broken_directories_give_clear_errors(model_dir, damage, message):
    damage(model_dir)
    with pytest.raises(ModelFileError, match=message):
        jobcareer.load(model_dir)


def test_the_bundled_model_loads_from_any_working_directory(tmp_path):
    code = "import jobcareer; print(jobcareer.load().predict(['I need rent money'])[0])"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.strip() == "job"


def test_the_bundled_model_has_its_card_and_metrics():
    path = bundled_model_path()
    meta = json.loads((path / META_NAME).read_text())
    assert meta["test_metrics"]["model"]["overall"]["macro_f1"] > 0.5
    assert meta["training_data"]["sha256"]


# -- writing a model directory all at once --------------------------------------------------
def test_a_failed_save_leaves_the_previous_model_whole(model_dir, small_model, monkeypatch):
    import jobcareer.io as io_module

    def disk_full(value, path, *args, **kwargs):
        Path(path).write_bytes(b"\x80\x04half a pickle")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(io_module.joblib, "dump", disk_full)
    with pytest.raises(OSError):
        jobcareer.save(small_model, model_dir)
    monkeypatch.undo()
    assert np.array_equal(jobcareer.load(model_dir).predict_proba(PROBE), small_model.predict_proba(PROBE))
    assert [p.name for p in model_dir.parent.iterdir()] == [model_dir.name]  # no temporary directory


def test_replacing_a_model_leaves_no_file_of_the_old_one(model_dir, small_model):
    (model_dir / "MODEL_CARD.md").write_text("a card of the old model\n")
    jobcareer.save(small_model, model_dir)
    assert sorted(p.name for p in model_dir.iterdir()) == sorted([ARTIFACT_NAME, META_NAME])
    assert [p.name for p in model_dir.parent.iterdir()] == [model_dir.name]


def test_save_refuses_a_model_directory_without_overwrite_and_a_folder_that_is_not_a_model(
    model_dir, small_model, tmp_path
):
    with pytest.raises(ModelFileError, match="already holds a model"):
        jobcareer.save(small_model, model_dir, overwrite=False)
    project = tmp_path / "project"
    project.mkdir()
    (project / "notes.txt").write_text("mine\n")
    with pytest.raises(ModelFileError, match="not a jobcareer model directory"):
        jobcareer.save(small_model, project)
    assert (project / "notes.txt").read_text() == "mine\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [("[" * 100_000, "nested too deeply"), ('{"format_version": ' + "9" * 5000 + "}", "digits"), ("[1]", "not a JSON")],
)
def test_meta_json_that_cannot_be_read_is_a_model_file_error(model_dir, content, message):
    (model_dir / META_NAME).write_text(content)
    with pytest.raises(ModelFileError, match=message):
        jobcareer.load(model_dir)


# -- every field checked before use -------------------------------------------------------------
def plain_of(directory: Path) -> dict:
    import joblib

    return joblib.load(directory / ARTIFACT_NAME)


def set_field(plain: dict, path: str, value) -> dict:
    *parents, last = path.split(".")
    target = plain
    for key in parents:
        target = target[key]
    target[last] = value
    return plain


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        ("params.ngram_range", [0, 99], "params.ngram_range"),
        ("params.batch_size", 0, "params.batch_size"),
        ("params.C", float("inf"), "params.C"),
        ("params.min_df", "2", "params.min_df"),
        ("params.negation_window", -1, "params.negation_window"),
        ("featurizer.ngram_range", [2, 1], "featurizer.ngram_range"),
        ("featurizer.use_words", "yes", "featurizer.use_words"),
        ("coef", None, "coef"),
        ("intercept", float("nan"), "intercept"),
        ("calibration", [0.0, 1.0], "calibration"),
        ("classes", ["job", "career"], "classes"),
        ("feature_names", [1, 2], "feature_names"),
        ("lexicons.fillers", "um", "lexicons.fillers"),
        ("params.surprise", 1, "surprise"),
    ],
)
def test_every_field_of_the_model_file_is_checked_in_one_line(model_dir, path, value, named):
    plain = set_field(plain_of(model_dir), path, value)
    rewrite_artifact(model_dir, pickle.dumps(plain, protocol=4))
    with pytest.raises(ModelFileError, match=named) as caught:
        jobcareer.load(model_dir)
    assert "\n" not in str(caught.value)


def test_n_coefficients_must_match_the_features(model_dir):
    plain = plain_of(model_dir)
    plain["coef"] = plain["coef"][:-1]
    rewrite_artifact(model_dir, pickle.dumps(plain, protocol=4))
    with pytest.raises(ModelFileError, match="one per feature"):
        jobcareer.load(model_dir)


def test_n_process_in_a_model_file_is_ignored(model_dir):
    plain = set_field(plain_of(model_dir), "params.n_process", 64)
    rewrite_artifact(model_dir, pickle.dumps(plain, protocol=4))
    assert jobcareer.load(model_dir).n_process == 1


def test_a_file_too_large_for_a_model_is_refused_before_it_is_read(model_dir, monkeypatch):
    import jobcareer.io as io_module

    monkeypatch.setattr(io_module, "MAX_ARTIFACT_BYTES", 1000)
    monkeypatch.setattr(io_module, "file_sha256", lambda path: pytest.fail("the file was read"))
    with pytest.raises(ModelFileError, match="at most 1,000 bytes"):
        jobcareer.load(model_dir)


def test_a_file_that_does_not_start_as_a_pickle_is_refused(model_dir):
    rewrite_artifact(model_dir, b"PK\x03\x04 a zip file, say")
    with pytest.raises(ModelFileError, match="does not start like a jobcareer model file"):
        jobcareer.load(model_dir)


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [("artifact", "../../elsewhere.joblib", "artifact"), ("versions", ["3.8"], "versions"),
     ("artifact_sha256", 12, "artifact_sha256"), ("training_data", "data.jsonl", "training_data")],
)
def test_meta_fields_are_checked_in_one_line(model_dir, field, value, named):
    meta = json.loads((model_dir / META_NAME).read_text())
    meta[field] = value
    (model_dir / META_NAME).write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match=named):
        jobcareer.load(model_dir)
