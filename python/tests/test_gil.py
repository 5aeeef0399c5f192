"""The analysis runs without the GIL: other Python threads run meanwhile,
and two threads get through twice the work in about the time of one."""

import os
import threading
import time

import pytest

import slant
from conftest import REPO

TEXT = (REPO / "examples" / "harbour-tax.txt").read_bytes().decode("utf-8")


class Spinner:
    """A Python thread counting as fast as the GIL lets it."""

    def __init__(self):
        self.count = 0
        self.stop = False
        self.thread = threading.Thread(target=self.run)

    def run(self):
        while not self.stop:
            self.count += 1

    def during(self, fn):
        """How far the counter gets while `fn` runs in this thread."""
        before = self.count
        fn()
        return self.count - before

    def __enter__(self):
        self.thread.start()
        time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.stop = True
        self.thread.join()


def work(n):
    for i in range(n):
        slant.analyze(TEXT, id=str(i))


def timed(threads, n):
    workers = [threading.Thread(target=work, args=(n,)) for _ in range(threads)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - start


def test_python_threads_run_during_an_analysis():
    slant.analyze(TEXT)  # load the model outside the measure
    with Spinner() as spinner:
        start = time.perf_counter()
        analysing = spinner.during(lambda: slant.analyze_many([TEXT] * 20, threads=1))
        seconds = time.perf_counter() - start
        sleeping = spinner.during(lambda: time.sleep(seconds))
    # Holding the GIL, the analysis would stop the counter for its whole
    # length; released, the counter runs about as while this thread sleeps.
    assert analysing > 0.3 * sleeping, f"counter: {analysing} while analysing, {sleeping} while sleeping"


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_two_threads_take_about_the_time_of_one():
    work(2)  # load the model and warm the caches
    n = 1
    while timed(1, n) < 0.5:  # enough work to time: at least half a second
        n *= 2
    # What two cores give here now: other processes may share them.
    texts = [TEXT] * (2 * n)
    serial = min(_seconds(lambda: slant.analyze_many(texts, threads=1)) for _ in range(2))
    parallel = min(_seconds(lambda: slant.analyze_many(texts, threads=2)) for _ in range(2))
    if parallel > 0.65 * serial:
        pytest.skip(f"the cores are busy: two Rust threads take {parallel / serial:.0%} of one's time")
    one = min(timed(1, n) for _ in range(3))
    two = min(timed(2, n) for _ in range(3))
    # With the GIL held, two threads would take twice as long as one.
    assert two < 1.5 * one, f"one thread {one:.2f}s, two threads {two:.2f}s for twice the work"


def _seconds(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start
