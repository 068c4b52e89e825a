"""Specification of the garbage-collector pause around batches (jobcareer/_gc.py)."""

from __future__ import annotations

import gc

import pytest

from jobcareer._gc import cyclic_gc_paused


@pytest.fixture
def restore_gc():
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


@pytest.mark.parametrize("enabled", [True, False])
def test_pauses_inside_and_restores_the_previous_state(restore_gc, enabled):
    gc.enable() if enabled else gc.disable()
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled


def test_restores_the_state_after_an_error(restore_gc):
    gc.enable()
    with pytest.raises(RuntimeError), cyclic_gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_scoring_leaves_the_collector_running(restore_gc, bundled_model):
    gc.enable()
    bundled_model.predict(["I need the pay.", "I want to grow into a lead role."])
    assert gc.isenabled()
