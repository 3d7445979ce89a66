"""Builds and runs the C core's own unit tests (csrc/test_core.c)."""
import os
import shutil
import subprocess
import sysconfig

import pytest

CSRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "csrc")
SOURCES = ["test_core.c", "trie.c", "names.c", "counters.c"]


def _compiler():
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(cc) or shutil.which("cc") or shutil.which("gcc")


@pytest.fixture(scope="module")
def core_test_binary(tmp_path_factory):
    cc = _compiler()
    if cc is None:
        pytest.fail("no C compiler found: the C core's unit tests need one")
    out = str(tmp_path_factory.mktemp("ccore") / "test_core")
    cmd = [cc, "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-pedantic",
           "-o", out] + [os.path.join(CSRC, s) for s in SOURCES]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return out


@pytest.mark.parametrize("backend", ["c"], indirect=True)
def test_c_core_unit_tests(core_test_binary):
    result = subprocess.run([core_test_binary], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 failures" in result.stdout
