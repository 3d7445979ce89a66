"""``python -m pyscope bench``: the benchmark table (see pyscope/bench.py)."""
import sys


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m pyscope bench [--full] [--vs-tensorflow] [--plot FILE]")
        return 0 if argv else 2
    if argv[0] == "bench":
        from pyscope import bench
        return bench.run(argv[1:])
    print(f"unknown command {argv[0]!r}; try: python -m pyscope bench", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
