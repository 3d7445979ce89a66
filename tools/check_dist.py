"""Checks built distributions against the source tree.

    python tools/check_dist.py sdist dist/pyscope-0.1.0.tar.gz
    python tools/check_dist.py wheel dist/pyscope-0.1.0-*.whl dist/pyscope-0.1.0.tar.gz

The sdist must hold every file git tracks (the C core's sources and headers,
the tests with their data, LICENSE ...) and nothing the build generates.  The
wheel must ship what runs and only that: every file of the sdist's package
(modules, .pxd for cimport, headers, typing files, data) but the .pyx and .c
that the compiled core and fast paths replace, and those binaries without
debug symbols.  Prints what it checked;
exits 1 with the list of problems otherwise."""
import argparse
import fnmatch
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from typing import List

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# git's own files: not part of the project's content
NOT_SHIPPED = {".gitignore"}
# made by the build, never in a distribution
GENERATED = ["pyscope/_core.c", "pyscope/_fastpaths.c", "pyscope/include/pyscope_core.h",
             "*.so", "*.pyd", "*.o", "*.pyc", "*/__pycache__/*"]
COMPILED = ["pyscope/_core", "pyscope/_fastpaths"]
# package files the wheel leaves out: the compiled modules replace them
NOT_RUN = ["*.pyx", "*.c"]


def tracked_files(root: str = ROOT) -> List[str]:
    """The files git tracks in `root` (the sdist's required content)."""
    out = subprocess.run(["git", "ls-files", "-z"], cwd=root, check=True,
                         capture_output=True, text=True).stdout
    return sorted(f for f in out.split("\0") if f and f not in NOT_SHIPPED)


def sdist_files(path: str) -> List[str]:
    """Paths inside an sdist, without its top directory (pyscope-0.1.0/)."""
    with tarfile.open(path) as tar:
        names = [m.name for m in tar.getmembers() if m.isfile()]
    return sorted(n.split("/", 1)[1] for n in names if "/" in n)


def wheel_files(path: str) -> List[str]:
    with zipfile.ZipFile(path) as whl:
        return sorted(n for n in whl.namelist() if not n.endswith("/"))


def _matches(name: str, patterns: List[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) for p in patterns)


def sdist_problems(sdist: List[str], tracked: List[str]) -> List[str]:
    """What makes an sdist incomplete or unclean, given its file list."""
    present = set(sdist)
    problems = [f"missing from the sdist: {f}" for f in tracked if f not in present]
    problems += [f"generated file in the sdist: {f}" for f in sdist
                 if _matches(f, GENERATED) and f not in tracked]
    if "PKG-INFO" not in present:
        problems.append("the sdist has no PKG-INFO")
    return problems


def wheel_problems(wheel: List[str], sdist: List[str]) -> List[str]:
    """What the wheel lacks or should not ship, given the sdist it came from."""
    present = set(wheel)
    package = [f for f in sdist if f.startswith("pyscope/")]
    needed = [f for f in sorted(package) if not _matches(f, NOT_RUN)]
    problems = [f"missing from the wheel: {f}" for f in needed if f not in present]
    problems += [f"source file in the wheel: {f}" for f in sorted(wheel)
                 if f.endswith((".pyx", ".c", ".o"))]
    for stem in COMPILED:
        if not any(f.startswith(stem + ".") and f.endswith((".so", ".pyd")) for f in wheel):
            problems.append(f"the wheel has no compiled {stem} (the C core was not built)")
    if not any(f.endswith(".dist-info/licenses/LICENSE") for f in wheel):
        problems.append("the wheel's metadata has no LICENSE")
    return problems


def debug_sections(binary: bytes) -> List[str]:
    """Names of an ELF binary's debug and symbol-table sections (empty when
    it is stripped); readelf does the parsing."""
    with tempfile.NamedTemporaryFile(suffix=".so") as f:
        f.write(binary)
        f.flush()
        out = subprocess.run(["readelf", "-SW", f.name], check=True,
                             capture_output=True, text=True).stdout
    names = [line.split("]", 1)[1].split()[0] for line in out.splitlines()
             if line.lstrip().startswith("[") and "]" in line and line.split("]", 1)[1].split()]
    return [n for n in names if n.startswith(".debug") or n == ".symtab"]


def binary_problems(wheel_path: str) -> List[str]:
    problems = []
    with zipfile.ZipFile(wheel_path) as whl:
        for name in whl.namelist():
            if name.endswith(".so") and sys.platform.startswith("linux"):
                extra = debug_sections(whl.read(name))
                if extra:
                    problems.append(f"{name} is not stripped: has {', '.join(extra)}")
    return problems


def _report(what: str, problems: List[str], count: int) -> int:
    if problems:
        print(f"{what}: {len(problems)} problem(s)")
        for p in problems:
            print("  " + p)
        return 1
    print(f"{what}: OK ({count} files)")
    return 0


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="kind", required=True)
    s = sub.add_parser("sdist", help="the sdist holds every tracked file, no generated one")
    s.add_argument("sdist")
    w = sub.add_parser("wheel", help="the wheel ships what runs, stripped")
    w.add_argument("wheel")
    w.add_argument("sdist", help="the sdist the wheel was built from")
    args = parser.parse_args(argv)
    if args.kind == "sdist":
        files = sdist_files(args.sdist)
        return _report(os.path.basename(args.sdist),
                       sdist_problems(files, tracked_files()), len(files))
    files = wheel_files(args.wheel)
    problems = wheel_problems(files, sdist_files(args.sdist)) + binary_problems(args.wheel)
    return _report(os.path.basename(args.wheel), problems, len(files))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
