"""Before/after timings of two pyscope checkouts in one run.

    python tools/compare_builds.py BEFORE_DIR AFTER_DIR [ROWS] [ROUNDS]

Each directory is a checkout with its extensions built in place
(`python setup.py build_ext --inplace`).  Child processes alternate between
the two (PYTHONPATH=dir), each timing the bench workloads (best of 5); the
table gives the best of ROUNDS rounds per side.  ROWS is a comma-separated
list of bench row keys (default: all but the model rows, which are
named by key: model_resnet_v1_50, model_bert_base)."""
import json
import os
import subprocess
import sys

CHILD = r'''
import json, sys
import pyscope
from pyscope import bench

class API:
    label = "pyscope"
    ps = pyscope
    def __enter__(self):
        pyscope.reset_default_graph()
        return pyscope
    def __exit__(self, *exc):
        pyscope.reset_default_graph()

keys = json.loads(sys.argv[1])
out = {}
for key, label, workload, n, needs in bench.WORKLOADS:
    if (keys and key not in keys) or not bench.available(pyscope, needs):
        continue
    if key in ("partitioned", "model_build", "get_variable_create"):
        n = max(1, n // 4)
    out[key] = bench.measure(API(), workload, n, 5)
for model in bench.models.present():  # the --models rows: seconds per build
    if model.key in keys:
        out[model.key] = min(bench.models.name_model(pyscope, model.key) for _ in range(5))
print(json.dumps(out))
'''


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    before, after = argv[0], argv[1]
    keys = [k for k in argv[2].split(",") if k] if len(argv) > 2 else []
    rounds = int(argv[3]) if len(argv) > 3 else 3
    best = {}
    for _ in range(rounds):
        for side, path in (("before", before), ("after", after)):
            env = dict(os.environ, PYTHONPATH=os.path.abspath(path), OPENBLAS_NUM_THREADS="1")
            run = subprocess.run([sys.executable, "-c", CHILD, json.dumps(keys)], env=env,
                                 capture_output=True, text=True, cwd="/")
            if run.returncode:
                print(run.stderr, file=sys.stderr)
                return 1
            for key, seconds in json.loads(run.stdout.strip().splitlines()[-1]).items():
                best.setdefault(key, {}).setdefault(side, []).append(seconds)
    print(f"{'row':28} {'before ns':>12} {'after ns':>12} {'gain':>7}")
    for key, sides in best.items():
        b = min(sides["before"]) * 1e9 if "before" in sides else None
        a = min(sides["after"]) * 1e9 if "after" in sides else None
        gain = f"{b / a:6.2f}x" if a and b else "    n/a"
        print(f"{key:28} {b or 0:12,.0f} {a or 0:12,.0f} {gain:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
