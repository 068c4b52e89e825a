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


def test_stays_paused_while_another_thread_is_still_inside(restore_gc):
    """The first thread to leave must not re-enable the collector under the second."""
    import threading

    gc.enable()
    inside, first_left, seen = threading.Barrier(2), threading.Event(), []

    def first() -> None:
        with cyclic_gc_paused():
            inside.wait()
        first_left.set()

    def second() -> None:
        with cyclic_gc_paused():
            inside.wait()
            first_left.wait()
            seen.append(gc.isenabled())

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [False]
    assert gc.isenabled()


def test_many_threads_pausing_at_once_leave_the_collector_enabled(restore_gc):
    import sys
    import threading

    gc.enable()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        def work() -> None:
            for _ in range(2000):
                with cyclic_gc_paused():
                    pass

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert gc.isenabled()


def test_nested_pauses_restore_only_at_the_outermost(restore_gc):
    gc.enable()
    with cyclic_gc_paused():
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
