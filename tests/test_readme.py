"""The Python examples of README.md and docs/*.md run as written (each block
in a fresh namespace and a fresh default graph).  A block whose first line is
`# requires: <module>` is skipped when that module is not installed."""
import glob
import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCUMENTS = ["README.md"] + sorted(
    os.path.relpath(path, ROOT) for path in glob.glob(os.path.join(ROOT, "docs", "*.md")))


def python_blocks(document):
    with open(os.path.join(ROOT, document), encoding="utf-8") as f:
        text = f.read()
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


BLOCKS = [(document, index, code) for document in DOCUMENTS
          for index, code in enumerate(python_blocks(document))]


def test_documents_have_examples():
    assert len(python_blocks("README.md")) >= 3
    assert len(python_blocks(os.path.join("docs", "api.md"))) >= 10


@pytest.mark.parametrize("document, index, code", BLOCKS,
                         ids=[f"{document}[{index}]" for document, index, _ in BLOCKS])
def test_example_runs(ps, document, index, code):
    first = code.splitlines()[0]
    match = re.match(r"# requires: (\w+)", first)
    if match:
        pytest.importorskip(match.group(1))
    exec(compile(code, f"{document}[python block {index}]", "exec"), {"__name__": "readme"})
