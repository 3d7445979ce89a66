"""The distributions and the missing-C-core warning.

The sdist built from this checkout holds every file git tracks (a wheel
built from an sdist without csrc/ps_util.h has no C core, and pip says
nothing); tools/check_dist.py, which CI also runs on the built sdist and
wheel, finds what is missing.  When pyscope._core cannot be imported, the
warning names the true cause and its fix: each case is staged in a copy of
the package in a temp dir and imported in a subprocess."""
import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig

import numpy
import pytest

import pyscope

pytestmark = pytest.mark.parametrize("backend", ["python"], indirect=True)  # once

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.dirname(os.path.abspath(pyscope.__file__))


def _load_check_dist():
    spec = importlib.util.spec_from_file_location(
        "check_dist", os.path.join(ROOT, "tools", "check_dist.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_dist = _load_check_dist()


def _in_git_checkout():
    return shutil.which("git") is not None and subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"], cwd=ROOT,
        capture_output=True).returncode == 0


# --- the sdist ------------------------------------------------------------

@pytest.mark.skipif(not _in_git_checkout(), reason="compares the sdist with git's file list")
def test_sdist_holds_every_tracked_file(tmp_path):
    code = ("import sys, setuptools.build_meta as b; "
            "print(b.build_sdist(sys.argv[1]))")
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    sdist = str(tmp_path / run.stdout.strip().splitlines()[-1])
    files = check_dist.sdist_files(sdist)
    tracked = check_dist.tracked_files(ROOT)
    assert check_dist.sdist_problems(files, tracked) == []
    # the file whose absence once cost every sdist-built wheel its C core
    assert "csrc/ps_util.h" in files and "LICENSE" in files


def test_sdist_check_names_missing_and_generated_files():
    tracked = ["LICENSE", "csrc/ps_util.h", "csrc/trie.c", "tests/data/tf_template.json"]
    sdist = ["PKG-INFO", "LICENSE", "csrc/trie.c", "pyscope/_core.c",
             "pyscope/_core.cpython-311-x86_64-linux-gnu.so"]
    assert check_dist.sdist_problems(sdist, tracked) == [
        "missing from the sdist: csrc/ps_util.h",
        "missing from the sdist: tests/data/tf_template.json",
        "generated file in the sdist: pyscope/_core.c",
        "generated file in the sdist: pyscope/_core.cpython-311-x86_64-linux-gnu.so",
    ]


def test_wheel_check_wants_what_runs_and_nothing_else():
    sdist = ["pyscope/__init__.py", "pyscope/_core.pyx", "pyscope/_core.pxd",
             "pyscope/py.typed", "pyscope/nn/__init__.py", "pyscope/include/pyscope_capi.h",
             "pyscope/nn/data.json"]
    wheel = ["pyscope/__init__.py", "pyscope/_core.pyx", "pyscope/_core.c",
             "pyscope/_core.cpython-311-x86_64-linux-gnu.so",
             "pyscope-0.1.0.dist-info/licenses/LICENSE"]
    assert check_dist.wheel_problems(wheel, sdist) == [
        "missing from the wheel: pyscope/_core.pxd",
        "missing from the wheel: pyscope/include/pyscope_capi.h",
        "missing from the wheel: pyscope/nn/__init__.py",
        "missing from the wheel: pyscope/nn/data.json",
        "missing from the wheel: pyscope/py.typed",
        "source file in the wheel: pyscope/_core.c",
        "source file in the wheel: pyscope/_core.pyx",
        "the wheel has no compiled pyscope/_fastpaths (the C core was not built)",
    ]


# --- the warning when the C core is missing -------------------------------

def _staged_package(tmp_path, keep_pyx):
    """A copy of the package under test without any compiled extension (a
    clone never built when keep_pyx, an install that compiled nothing when
    not)."""
    ignore = ["*.so", "*.pyd", "__pycache__", "*.c"] + ([] if keep_pyx else ["*.pyx"])
    package = tmp_path / "pyscope"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns(*ignore))
    if keep_pyx and not (package / "_core.pyx").exists():  # copied from a wheel
        (package / "_core.pyx").write_text("# the Cython source of a checkout\n")
    return package


def _run_staged(path, code, **env_vars):
    """Run `code` in a fresh interpreter that imports pyscope from `path`:
    without `site` (an editable install's import hook would find the real
    pyscope._core), with NumPy's directory on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYSCOPE_")}
    numpy_dir = os.path.dirname(os.path.dirname(numpy.__file__))
    env.update(PYTHONPATH=os.pathsep.join([str(path), numpy_dir]), **env_vars)
    return subprocess.run([sys.executable, "-S", "-W", "always", "-c", code],
                          cwd=str(path), env=env, capture_output=True, text=True)


def _import_in(path):
    """Import pyscope from `path` in a fresh interpreter: (backend, stderr)."""
    code = "import pyscope; print(pyscope.__file__); print(pyscope.__backend__)"
    run = _run_staged(path, code)
    assert run.returncode == 0, run.stderr
    where, backend = run.stdout.split()
    assert where.startswith(str(path)), where  # the staged copy, not the one under test
    return backend, run.stderr


def test_never_built_checkout_says_not_built_and_pip_install_e(tmp_path):
    _staged_package(tmp_path, keep_pyx=True)
    backend, warning = _import_in(tmp_path)
    assert backend == "python"
    assert "RuntimeWarning" in warning
    assert "not built in this source checkout" in warning
    assert "`pip install -e .`" in warning and str(tmp_path) in warning
    assert "circular import" not in warning


def test_install_without_compiler_says_install_a_compiler(tmp_path):
    _staged_package(tmp_path, keep_pyx=False)
    backend, warning = _import_in(tmp_path)
    assert backend == "python"
    assert "installed without a working C compiler" in warning
    assert "Install a C compiler and the Python headers" in warning
    assert "--force-reinstall" in warning
    assert "circular import" not in warning and "pip install -e" not in warning


def test_broken_extension_shows_the_loader_error(tmp_path):
    package = _staged_package(tmp_path, keep_pyx=False)
    broken = package / ("_core" + sysconfig.get_config_var("EXT_SUFFIX"))
    broken.write_bytes(b"not a shared object")
    backend, warning = _import_in(tmp_path)
    assert backend == "python"
    assert f"the C core {broken.name} is there but fails to load" in warning
    # the dynamic loader's own words (glibc: "invalid ELF header"; others differ)
    assert str(broken) in warning
    assert "circular import" not in warning


def test_extension_for_another_python_says_so(tmp_path):
    package = _staged_package(tmp_path, keep_pyx=True)
    other = package / "_core.cpython-27-x86_64-linux-gnu.so"
    other.write_bytes(b"\x7fELF")
    backend, warning = _import_in(tmp_path)
    assert backend == "python"
    assert f"built for another Python ({other.name})" in warning
    assert sys.version.split()[0] in warning
    assert "_core" + sysconfig.get_config_var("EXT_SUFFIX") in warning
    assert "`pip install -e .`" in warning


def test_pure_on_purpose_warns_nothing(tmp_path):
    _staged_package(tmp_path, keep_pyx=True)
    run = _run_staged(tmp_path, "import pyscope; print(pyscope.__backend__)",
                      PYSCOPE_PURE="1")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "python" and "Warning" not in run.stderr
