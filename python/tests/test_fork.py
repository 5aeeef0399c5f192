"""A process forked after a parallel call can still analyse (no rayon pool
inherited without its threads)."""

import multiprocessing
import sys

import pytest

import slant

TEXTS = ["The evil regime lied again.", "Shameful, shameful lies!"] * 4


def child(queue):
    queue.put([len(r["spans"]) for r in slant.analyze_many(TEXTS)])


@pytest.mark.skipif(sys.platform != "linux", reason="fork is the default start method on Linux only")
def test_a_forked_child_analyses():
    expected = [len(r["spans"]) for r in slant.analyze_many(TEXTS, threads=2)]
    slant.analyze_many(TEXTS)  # every core, as a notebook would
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=child, args=(queue,))
    process.start()
    process.join(timeout=30)
    if process.is_alive():
        process.kill()
        pytest.fail("the forked child hung in analyze_many")
    assert process.exitcode == 0
    assert queue.get(timeout=5) == expected
