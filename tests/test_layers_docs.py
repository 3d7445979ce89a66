"""docs/layers.md's Python examples run as written (each block in a fresh
namespace and a fresh default graph; math registered by a block is
unregistered after it).  A block whose first line is `# requires: <module>`
is skipped when that module is not installed."""
import os
import re

import pytest

import pyscope.layers.numerics as numerics

DOC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                   "docs", "layers.md")
with open(DOC, encoding="utf-8") as _f:
    BLOCKS = re.findall(r"```python\n(.*?)```", _f.read(), flags=re.S)


def test_doc_has_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_doc_example_runs(ps, index):
    code = BLOCKS[index]
    match = re.match(r"# requires: (\w+)", code.splitlines()[0])
    if match:
        pytest.importorskip(match.group(1))
    registered = dict(numerics._MATHS)
    try:
        exec(compile(code, "docs/layers.md[python block %d]" % index, "exec"),
             {"__name__": "doc"})
    finally:
        numerics._MATHS.clear()
        numerics._MATHS.update(registered)
