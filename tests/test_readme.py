"""The README's Python examples run as written (each block in a fresh
namespace and a fresh default graph).  A block whose first line is
`# requires: <module>` is skipped when that module is not installed."""
import os
import re

import pytest

README = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "README.md")


def python_blocks():
    with open(README, encoding="utf-8") as f:
        text = f.read()
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


BLOCKS = python_blocks()


def test_readme_has_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_example_runs(ps, index):
    code = BLOCKS[index]
    first = code.splitlines()[0]
    match = re.match(r"# requires: (\w+)", first)
    if match:
        pytest.importorskip(match.group(1))
    exec(compile(code, f"README.md[python block {index}]", "exec"), {"__name__": "readme"})
