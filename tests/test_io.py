"""Specification of model directories (jobcareer/io.py): checksums, versions, safety."""

from __future__ import annotations

import io
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
from jobcareer.io import ARRAYS_NAME, ARTIFACT_NAME, META_NAME, ModelFileError, bundled_model_path, file_sha256

PROBE = ["I need the money for rent.", "I want to grow into a lead in five years."]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def model_dir(tmp_path, small_model) -> Path:
    return jobcareer.save(small_model, tmp_path / "model")


def rewrite(directory: Path, name: str, payload: bytes) -> None:
    """Replace one model file and update meta.json's hash to match (a 'consistent' forgery)."""
    (directory / name).write_bytes(payload)
    meta = json.loads((directory / META_NAME).read_text())
    meta["artifact_sha256" if name == ARTIFACT_NAME else "arrays_sha256"] = file_sha256(directory / name)
    (directory / META_NAME).write_text(json.dumps(meta))


def rewrite_artifact(directory: Path, payload: bytes) -> None:
    rewrite(directory, ARTIFACT_NAME, payload)


def npz_bytes(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def test_save_then_load_gives_the_same_predictions(model_dir, small_model):
    loaded = jobcareer.load(model_dir)
    assert np.array_equal(loaded.predict_proba(PROBE), small_model.predict_proba(PROBE))
    assert loaded.get_params() == small_model.get_params()


def test_meta_records_versions_and_both_files_hashes(model_dir):
    meta = json.loads((model_dir / META_NAME).read_text())
    assert meta["versions"]["jobcareer"] == jobcareer.__version__
    assert {"spacy", "scikit-learn", "numpy", "python"} <= set(meta["versions"])
    assert meta["artifact"] == ARTIFACT_NAME and meta["arrays"] == ARRAYS_NAME
    assert meta["artifact_sha256"] == file_sha256(model_dir / ARTIFACT_NAME)
    assert meta["arrays_sha256"] == file_sha256(model_dir / ARRAYS_NAME)


def test_the_model_files_are_json_and_a_float_array_that_cannot_run_code(model_dir, small_model):
    data = json.loads((model_dir / ARTIFACT_NAME).read_text(encoding="utf-8"))
    with np.load(model_dir / ARRAYS_NAME, allow_pickle=False) as arrays:
        assert arrays.files == ["coef"]
        np.testing.assert_array_equal(arrays["coef"], small_model.coef_)
        assert arrays["coef"].dtype == np.float64
    assert data["feature_names"] == list(small_model.featurizer_.feature_names_)
    assert data["intercept"] == small_model.intercept_ and tuple(data["calibration"]) == small_model.calibration_
    assert sorted(p.name for p in model_dir.iterdir()) == sorted([ARTIFACT_NAME, ARRAYS_NAME, META_NAME])


@pytest.mark.parametrize("name", [ARTIFACT_NAME, ARRAYS_NAME])
def test_a_truncated_file_names_expected_and_actual_hashes(model_dir, name):
    path = model_dir / name
    expected = file_sha256(path)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(ModelFileError) as err:
        jobcareer.load(model_dir)
    assert expected in str(err.value) and file_sha256(path) in str(err.value)


@pytest.mark.parametrize(
    ("name", "payload", "message"),
    [(ARTIFACT_NAME, b'{"params": garbage', "not valid JSON"), (ARRAYS_NAME, b"PK\x03\x04garbage", "could not be read"),
     (ARRAYS_NAME, b"\x80\x04 a pickle, say", "could not be read")],
)
def test_an_edited_file_with_a_matching_hash_but_garbled_content_is_refused(model_dir, name, payload, message):
    rewrite(model_dir, name, payload)
    with pytest.raises(ModelFileError, match=message):
        jobcareer.load(model_dir)


class Exploit:
    """Unpickling this runs a shell command (what a hostile model file would do)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_inside_the_npz_is_refused_without_running_it(model_dir, tmp_path):
    marker = tmp_path / "pwned"
    rewrite(model_dir, ARRAYS_NAME, npz_bytes(coef=np.array([Exploit(marker)], dtype=object)))
    with pytest.raises(ModelFileError, match="float64"):
        jobcareer.load(model_dir)
    assert not marker.exists()


def test_a_pickle_in_place_of_the_json_is_refused_without_running_it(model_dir, tmp_path):
    marker = tmp_path / "pwned"
    rewrite_artifact(model_dir, pickle.dumps({"format": "jobcareer-model", "x": Exploit(marker)}))
    with pytest.raises(ModelFileError, match=r"cannot be read|not valid JSON"):
        jobcareer.load(model_dir)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        ({"coef": np.zeros(3, dtype=np.int64)}, "float64"),
        ({"coef": np.zeros((3, 2))}, "dimension"),
        ({"coef": np.zeros(3), "extra": np.zeros(1)}, "extra.npy"),
        ({"weights": np.zeros(3)}, "weights.npy"),
    ],
)
def test_arrays_other_than_one_float64_vector_named_coef_are_refused(model_dir, arrays, message):
    rewrite(model_dir, ARRAYS_NAME, npz_bytes(**arrays))
    with pytest.raises(ModelFileError, match=message):
        jobcareer.load(model_dir)


def test_an_array_header_that_claims_more_data_than_stored_is_refused_before_allocating(model_dir):
    import zipfile

    member = io.BytesIO()
    np.save(member, np.zeros(4))
    forged = member.getvalue().replace(b"(4,)", b"(9,)", 1)  # the header promises 9 floats
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("coef.npy", forged)  # 4 floats stored
    rewrite(model_dir, ARRAYS_NAME, archive.getvalue())
    with pytest.raises(ModelFileError, match="does not match its stored size"):
        jobcareer.load(model_dir)


def test_a_compressed_npz_is_refused(model_dir):
    buffer = io.BytesIO()
    np.savez_compressed(buffer, coef=np.zeros(3))
    rewrite(model_dir, ARRAYS_NAME, buffer.getvalue())
    with pytest.raises(ModelFileError, match="compressed"):
        jobcareer.load(model_dir)


def test_an_incompatible_format_version_names_both_versions(model_dir):
    meta = json.loads((model_dir / META_NAME).read_text())
    meta["format_version"] = 99
    meta["versions"]["jobcareer"] = "9.0.0"
    (model_dir / META_NAME).write_text(json.dumps(meta))
    expected = r"format version 99 \(made with jobcareer 9\.0\.0\).*reads format version 2"
    with pytest.raises(ModelFileError, match=expected):
        jobcareer.load(model_dir)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: shutil.rmtree(d), "not a model directory"),
        (lambda d: (d / META_NAME).unlink(), "no meta.json"),
        (lambda d: (d / META_NAME).write_text("{not json"), "not valid JSON"),
        (lambda d: (d / ARTIFACT_NAME).unlink(), "missing"),
        (lambda d: (d / ARRAYS_NAME).unlink(), "missing"),
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

    def disk_full(model, directory):
        (Path(directory) / ARRAYS_NAME).write_bytes(b"PK\x03\x04half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(io_module, "write_model_files", disk_full)
    with pytest.raises(OSError):
        jobcareer.save(small_model, model_dir)
    monkeypatch.undo()
    assert np.array_equal(jobcareer.load(model_dir).predict_proba(PROBE), small_model.predict_proba(PROBE))
    assert [p.name for p in model_dir.parent.iterdir()] == [model_dir.name]  # no temporary directory


def test_replacing_a_model_leaves_no_file_of_the_old_one(model_dir, small_model):
    (model_dir / "MODEL_CARD.md").write_text("a card of the old model\n")
    jobcareer.save(small_model, model_dir)
    assert sorted(p.name for p in model_dir.iterdir()) == sorted([ARTIFACT_NAME, ARRAYS_NAME, META_NAME])
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
    plain = json.loads((directory / ARTIFACT_NAME).read_text(encoding="utf-8"))
    with np.load(directory / ARRAYS_NAME, allow_pickle=False) as arrays:
        plain["coef"] = arrays["coef"]
    return plain


def write_plain(directory: Path, plain: dict) -> None:
    """Write plain data back as the two files (``coef`` to the npz when it is an array)."""
    plain = dict(plain)
    if isinstance(plain.get("coef"), np.ndarray):
        rewrite(directory, ARRAYS_NAME, npz_bytes(coef=plain.pop("coef")))
    rewrite_artifact(directory, json.dumps(plain).encode())


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
        ("coef", None, "coef"),  # in the JSON: the coefficients belong in the npz
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
    write_plain(model_dir, plain)
    with pytest.raises(ModelFileError, match=named) as caught:
        jobcareer.load(model_dir)
    assert "\n" not in str(caught.value)


def test_n_coefficients_must_match_the_features(model_dir):
    plain = plain_of(model_dir)
    plain["coef"] = plain["coef"][:-1]
    write_plain(model_dir, plain)
    with pytest.raises(ModelFileError, match="one per feature"):
        jobcareer.load(model_dir)


def test_n_process_in_a_model_file_is_ignored(model_dir):
    plain = set_field(plain_of(model_dir), "params.n_process", 64)
    write_plain(model_dir, plain)
    assert jobcareer.load(model_dir).n_process == 1


@pytest.mark.parametrize("name", [ARTIFACT_NAME, ARRAYS_NAME])
def test_a_file_too_large_for_a_model_is_refused_before_it_is_read(model_dir, monkeypatch, name):
    import jobcareer.model_files as model_files

    big = max((model_dir / n).stat().st_size for n in (ARTIFACT_NAME, ARRAYS_NAME))
    (model_dir / name).write_bytes(b" " * (big + 1))
    monkeypatch.setattr(model_files, "MAX_ARTIFACT_BYTES", big)
    monkeypatch.setattr(model_files, "file_sha256", lambda path: pytest.fail("the file was read"))
    with pytest.raises(ModelFileError, match=f"at most {big:,} bytes"):
        jobcareer.load(model_dir)


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [("artifact", "../../elsewhere.json", "artifact"), ("versions", ["3.8"], "versions"),
     ("artifact_sha256", 12, "artifact_sha256"), ("training_data", "data.jsonl", "training_data"),
     ("arrays", "../elsewhere.npz", "arrays"), ("arrays_sha256", None, "arrays_sha256")],
)
def test_meta_fields_are_checked_in_one_line(model_dir, field, value, named):
    meta = json.loads((model_dir / META_NAME).read_text())
    meta[field] = value
    (model_dir / META_NAME).write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match=named):
        jobcareer.load(model_dir)


def test_a_model_saved_before_a_word_list_existed_loads_without_it(model_dir):
    plain = plain_of(model_dir)
    del plain["lexicons"]["denied_reasons"], plain["lexicons"]["idioms"]
    write_plain(model_dir, plain)
    loaded = jobcareer.load(model_dir)
    assert loaded.lexicons_["denied_reasons"] == [] and loaded.lexicons_["idioms"] == []
    analysis = loaded.analysis_tools.analyzer.analyse([loaded.nlp_.make_doc("Money was never why.")])
    assert not analysis.negated[0]  # the rule needs the list: the old model's results are unchanged


def test_a_model_saved_before_conceded_words_were_skipped_keeps_its_features(model_dir):
    plain = plain_of(model_dir)
    del plain["params"]["skip_conceded_words"], plain["featurizer"]["skip_conceded_words"]
    write_plain(model_dir, plain)
    loaded = jobcareer.load(model_dir)
    assert loaded.skip_conceded_words is False and loaded.featurizer_.skip_conceded_words is False
