"""Shared fixtures: the `slant` binary to compare with, and the PTC corpus.

`SLANT_BIN` names the binary (`.ci/run` uses the debug one its cargo tests
built); without it the tests look for `release/slant`, then `debug/slant`,
under `CARGO_TARGET_DIR` or the repository's `target/`. `SLANT_PTC_DIR` names the corpus;
tests that need it skip without it.
"""

import os
import pathlib
import shutil
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def _find_cli():
    if os.environ.get("SLANT_BIN"):
        return os.environ["SLANT_BIN"]
    targets = [os.environ.get("CARGO_TARGET_DIR"), REPO / "target"]
    for target in filter(None, targets):
        for profile in ("release", "debug"):
            path = pathlib.Path(target) / profile / "slant"
            if path.is_file():
                return str(path)
    return shutil.which("slant")


@pytest.fixture(scope="session")
def cli():
    """Runs the `slant` binary: `cli("analyze", "-f", "jsonl", path)`; returns
    the CompletedProcess (stdout as bytes)."""
    binary = _find_cli()
    if not binary:
        pytest.skip("no slant binary: set SLANT_BIN or run `cargo build -p slant-cli`")

    def run(*args, stdin=None, check=True):
        return subprocess.run([binary, *map(str, args)], input=stdin, capture_output=True, check=check)

    return run


@pytest.fixture(scope="session")
def ptc_dir():
    """The PTC corpus folder (SLANT_PTC_DIR), with train/ and dev/ splits."""
    value = os.environ.get("SLANT_PTC_DIR")
    if not value or not pathlib.Path(value, "dev", "articles").is_dir():
        pytest.skip("SLANT_PTC_DIR is not set to the PTC corpus; skipping the corpus tests")
    return pathlib.Path(value)


def ptc_articles(split_dir):
    """(id, bytes) of every article of a PTC split folder, in id order, as the
    CLI names them (the digits of article<ID>.txt)."""
    files = sorted(pathlib.Path(split_dir, "articles").glob("article*.txt"))
    return [(f.stem.removeprefix("article"), f.read_bytes()) for f in files]


def normalise(record):
    """A record as canonical JSON text: sorted keys, no spaces."""
    import json

    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
