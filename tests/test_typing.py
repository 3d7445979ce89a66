"""pyscope's annotations as a user's type checker sees them.

mypy --strict runs once per session over the example scripts in
tests/typing/, against the pyscope that the tests import (the source tree
or an installed wheel, whichever it is).  Scripts mark each line where mypy
must report an error with ``# E: code`` (several codes comma-separated);
the set of (line, code) mypy reports for a script must be exactly the
marked one, so a good script (no marks) must pass clean.  A second run
checks pyscope itself (``mypy --strict -p pyscope``): it must be clean.
"""
import os
import re
import site
import subprocess
import sys
import sysconfig

import pytest

import pyscope

# pyscope modules (or subpackages) not yet held to mypy --strict, e.g.
# "pyscope.train._bundle": their errors are not reported.  Keep it empty.
NOT_YET_STRICT = ()

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_DIR = os.path.realpath(os.path.dirname(pyscope.__file__))
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


def _module_of(path):
    """The pyscope module a file of the imported package is, or None."""
    path = os.path.realpath(path)
    if not path.startswith(PACKAGE_DIR + os.sep):
        return None
    relative = os.path.relpath(path, os.path.dirname(PACKAGE_DIR))
    parts = os.path.splitext(relative)[0].split(os.sep)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _not_yet_strict(module):
    return any(module == name or module.startswith(name + ".")
               for name in NOT_YET_STRICT)


def _run_mypy(work, *args):
    """mypy --strict from an empty directory (so that only the imported
    pyscope is seen): its stdout, after checking that it ran."""
    try:
        import mypy  # noqa: F401
    except ImportError:
        pytest.fail("mypy is not installed: `pip install 'mypy>=1.8'` (it is "
                    "in pyscope's `test` extra) to check pyscope's types")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--show-error-codes",
         "--no-error-summary", "--show-absolute-path", "--hide-error-context",
         "--cache-dir", str(work / "cache"), *args],
        cwd=str(work), env=_mypy_env(), capture_output=True, text=True)
    if result.returncode not in (0, 1) or result.stderr.strip():
        pytest.fail("mypy failed to run (exit %d):\n%s%s"
                    % (result.returncode, result.stdout, result.stderr))
    return result.stdout


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
    paths = [os.path.join(SCRIPTS_DIR, name) for name in SCRIPTS]
    output = _run_mypy(tmp_path_factory.mktemp("mypy"), *paths)
    report = {name: set() for name in SCRIPTS}
    by_path = {os.path.realpath(p): name for p, name in zip(paths, SCRIPTS)}
    stray = []
    for line in output.splitlines():
        match = REPORT.match(line)
        if not match:
            continue  # notes
        name = by_path.get(os.path.realpath(match.group("path")))
        if name is None:
            module = _module_of(match.group("path"))
            if module is None or not _not_yet_strict(module):
                stray.append(line)  # test_the_package_is_strict_clean says more
            continue
        report[name].add((int(match.group("line")), match.group("code")))
    assert not stray, "mypy reported errors outside the scripts:\n" + "\n".join(stray)
    report["<output>"] = output
    return report


@pytest.fixture(scope="module")
def package_errors(tmp_path_factory):
    """mypy --strict's errors in pyscope's own modules (those of the
    imported package; an installed one is not silenced), less NOT_YET_STRICT."""
    output = _run_mypy(tmp_path_factory.mktemp("mypy-package"),
                       "--no-silence-site-packages", "-p", "pyscope")
    errors = []
    for line in output.splitlines():
        match = REPORT.match(line)
        if not match:
            continue  # notes
        module = _module_of(match.group("path"))
        if module is not None and not _not_yet_strict(module):
            errors.append(line)
    return errors


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


def test_the_package_is_strict_clean(package_errors):
    """pyscope's own code passes mypy --strict (modules of NOT_YET_STRICT
    aside): annotate what it reports, or list a module there for now."""
    assert package_errors == [], "\n".join(package_errors)


def test_not_yet_strict_names_pyscope_modules():
    for name in NOT_YET_STRICT:
        assert name.startswith("pyscope."), name
        __import__(name)  # a typo would silently exclude nothing


def test_there_are_good_and_bad_scripts():
    marked = [name for name in SCRIPTS
              if _expected(os.path.join(SCRIPTS_DIR, name))]
    assert marked and len(marked) < len(SCRIPTS)
