"""Replays the corpus of the coverage-guided fuzz run of the index and entry
parsers (tools/fuzz_checkpoint_index.py, atheris) kept in
tests/data/checkpoints/fuzz_corpus/: every input, read as an index and as an
entry, raises nothing but OpError/ValueError inside the reader."""
import os
import sys

import pytest

from checkpoint_support import DATA, format_only  # noqa: F401

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, os.pardir, "tools"))
from fuzz_checkpoint_index import fuzz_one  # noqa: E402  (atheris only in its main())

pytestmark = pytest.mark.usefixtures("format_only")
CORPUS = os.path.join(DATA, "fuzz_corpus")


def test_the_corpus_is_kept_small():
    names = os.listdir(CORPUS)
    assert 10 <= len(names) <= 400
    assert sum(os.path.getsize(os.path.join(CORPUS, n)) for n in names) < 400_000


def test_replay_corpus(tmp_path):
    for name in sorted(os.listdir(CORPUS)):
        with open(os.path.join(CORPUS, name), "rb") as f:
            fuzz_one(f.read(), str(tmp_path))
