"""pyscope's annotations as a user's type checker sees them.

mypy --strict runs once per session over the example scripts in
tests/typing/, against the pyscope that the tests import (the source tree
or an installed wheel, whichever it is).  Scripts mark each line where mypy
must report an error with ``# E: code`` (several codes comma-separated);
the set of (line, code) mypy reports for a script must be exactly the
marked one, so a good script (no marks) must pass clean.
"""
import os
import re
import site
import subprocess
import sys
import sysconfig

import pytest

import pyscope

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS_DIR = os.path.join(HERE, "typing")
SCRIPTS = sorted(name for name in os.listdir(SCRIPTS_DIR) if name.endswith(".py"))

MARK = re.compile(r"#\s*E:\s*([\w-]+(?:\s*,\s*[\w-]+)*)\s*$")
REPORT = re.compile(r"^(?P<path>.+?):(?P<line>\d+): error: .*\[(?P<code>[\w-]+)\]$")


def _expected(path):
    marks = set()
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            match = MARK.search(line)
            if match:
                for code in match.group(1).split(","):
                    marks.add((number, code.strip()))
    return marks


def _site_dirs():
    dirs = set(site.getsitepackages() + [site.getusersitepackages()])
    dirs.update(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    return {os.path.realpath(d) for d in dirs}


def _mypy_env():
    """The environment that makes mypy analyse the imported pyscope: an
    installed one is found in site-packages; a source tree is put on
    MYPYPATH (mypy refuses site-packages there)."""
    env = dict(os.environ)
    package_parent = os.path.realpath(
        os.path.dirname(os.path.dirname(pyscope.__file__)))
    env.pop("MYPYPATH", None)
    if package_parent not in _site_dirs():
        env["MYPYPATH"] = package_parent
    return env


@pytest.fixture(scope="module")
def mypy_report(tmp_path_factory):
    """{script name: {(line, code)}} from one mypy --strict run."""
    try:
        import mypy  # noqa: F401
    except ImportError:
        pytest.fail("mypy is not installed: `pip install 'mypy>=1.8'` (it is "
                    "in pyscope's `test` extra) to check pyscope's types")
    work = tmp_path_factory.mktemp("mypy")
    paths = [os.path.join(SCRIPTS_DIR, name) for name in SCRIPTS]
    # From an empty directory, so that only the imported pyscope is seen;
    # follow-imports=silent: check the scripts against pyscope's types
    # without reporting on pyscope's own code.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--show-error-codes",
         "--no-error-summary", "--show-absolute-path", "--hide-error-context",
         "--follow-imports=silent", "--cache-dir", str(work / "cache"),
         *paths],
        cwd=str(work), env=_mypy_env(), capture_output=True, text=True)
    if result.returncode not in (0, 1) or result.stderr.strip():
        pytest.fail("mypy failed to run (exit %d):\n%s%s"
                    % (result.returncode, result.stdout, result.stderr))
    report = {name: set() for name in SCRIPTS}
    by_path = {os.path.realpath(p): name for p, name in zip(paths, SCRIPTS)}
    stray = []
    for line in result.stdout.splitlines():
        match = REPORT.match(line)
        if not match:
            continue  # notes
        name = by_path.get(os.path.realpath(match.group("path")))
        if name is None:
            stray.append(line)
            continue
        report[name].add((int(match.group("line")), match.group("code")))
    assert not stray, "mypy reported errors outside the scripts:\n" + "\n".join(stray)
    report["<output>"] = result.stdout
    return report


def test_the_package_is_typed():
    package = os.path.dirname(pyscope.__file__)
    for name in ("py.typed", "_core.pyi", "_fastpaths.pyi"):
        assert os.path.exists(os.path.join(package, name)), name


@pytest.mark.parametrize("script", SCRIPTS)
def test_mypy_reports_exactly_the_marked_errors(mypy_report, script):
    expected = _expected(os.path.join(SCRIPTS_DIR, script))
    found = mypy_report[script]
    assert found == expected, (
        "missing: %s\nunexpected: %s\nmypy said:\n%s"
        % (sorted(expected - found), sorted(found - expected),
           mypy_report["<output>"]))


def test_there_are_good_and_bad_scripts():
    marked = [name for name in SCRIPTS
              if _expected(os.path.join(SCRIPTS_DIR, name))]
    assert marked and len(marked) < len(SCRIPTS)
