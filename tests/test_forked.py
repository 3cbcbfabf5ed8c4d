"""A piece of a build run by a forked child (:mod:`pmgraph.kb.forked`): what it writes, what it
raises, a child that is stopped, and no child where none can be forked."""

from __future__ import annotations

import sys
import time

import pytest

from pmgraph.errors import UnknownName
from pmgraph.kb.forked import fork

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="a build forks on Linux only")


def test_the_child_sees_what_the_parent_had_and_writes_its_file(tmp_path):
    numbers = list(range(100_000))  # made before the fork: the child reads it without a copy
    child = fork(lambda: (tmp_path / "sum.txt").write_text(str(sum(numbers))))
    assert child is not None and child._child.pid != 0
    child.wait()
    assert (tmp_path / "sum.txt").read_text() == "4999950000"


def test_what_the_child_raises_is_raised_by_wait():
    def fail():
        raise UnknownName("no such role 'Tech PN'", ["Tech PM"])

    child = fork(fail)
    with pytest.raises(UnknownName, match="no such role 'Tech PN'"):
        child.wait()


def test_an_exception_that_does_not_pickle_comes_back_as_its_text():
    class Local(Exception):  # a local class does not pickle
        pass

    def fail():
        raise Local("the disk is full")

    with pytest.raises(RuntimeError, match="^Local: the disk is full$"):
        fork(fail).wait()


def test_a_child_that_dies_without_a_word_is_an_error():
    import os

    with pytest.raises(RuntimeError, match="^the build's child process ended with exit code 3$"):
        fork(lambda: os._exit(3)).wait()


def test_stop_ends_a_running_child():
    child = fork(lambda: time.sleep(60))
    start = time.monotonic()
    child.stop()
    assert not child._child.is_alive() and time.monotonic() - start < 10


def test_without_fork_no_child_is_started_and_the_work_is_left_to_the_caller(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert fork(lambda: (tmp_path / "done").write_text("here")) is None
    assert not (tmp_path / "done").exists()


def test_where_fork_fails_no_child_is_started(monkeypatch, tmp_path):
    import multiprocessing

    def no_more_processes(method):
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing, "get_context", no_more_processes)
    assert fork(lambda: (tmp_path / "done").write_text("here")) is None
    assert not (tmp_path / "done").exists()
