"""jobcareer.web.server and ``jobcareer serve``: loopback by default, a warning otherwise."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

import jobcareer.web as web  # noqa: E402
from jobcareer.cli import main  # noqa: E402
from jobcareer.web.server import _is_loopback, serve  # noqa: E402


@pytest.fixture
def started(monkeypatch):
    """Record what uvicorn would be started with, instead of starting it."""
    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append({"app": app, **kwargs}))
    return calls


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                ("0.0.0.0", False), ("192.0.2.7", False), ("example", False)])
def test_loopback_addresses_are_recognised(host, loopback):
    assert _is_loopback(host) is loopback


def test_the_command_binds_to_loopback_by_default(started, tiny_model_dir, capsys):
    assert main(["serve", "--model", str(tiny_model_dir)]) == 0
    assert started[0]["host"] == "127.0.0.1" and started[0]["port"] == 8000
    assert "warning" not in capsys.readouterr().err


def test_another_address_is_served_with_a_warning(started, tiny_model_dir, capsys):
    serve("0.0.0.0", 8123, tiny_model_dir)
    assert started[0]["host"] == "0.0.0.0" and started[0]["port"] == 8123
    assert "reachable from other machines" in capsys.readouterr().err


def test_a_missing_model_directory_is_named(started, tmp_path, capsys):
    assert main(["serve", "--model", str(tmp_path / "nope")]) == 1
    assert "no such model directory" in capsys.readouterr().err
    assert not started


def test_the_module_exports_serve():
    assert web.serve is serve
