"""``python -m pyscope bench``: the columns are measured alternating (row by
row, repeat by repeat), progress goes to stderr, the table to stdout, and
Ctrl-C prints the partial table.  Timings themselves are not asserted (they
belong to bench/); what each cell holds is."""
import argparse
import os
import re
import signal
import subprocess
import sys

import pytest

from pyscope import bench


def bench_env(backend):
    """The environment for a bench child on this test's backend: the C core
    (with the twin in its worker) or the twin alone."""
    env = dict(os.environ)
    env.pop("PYSCOPE_PURE", None)
    if backend == "python":
        env["PYSCOPE_PURE"] = "1"
    return env


def options(*argv):
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    return parser.parse_args(list(argv))


class FakeColumn:
    """A column whose samples come from a list, recording the call order."""

    def __init__(self, label, samples, log, skip=()):
        self.label, self.samples, self.log, self.skip = label, list(samples), log, skip

    def can_measure(self, row):
        return row.key not in self.skip

    def sample(self, row):
        self.log.append((row.key, self.label))
        value = self.samples.pop(0)
        if isinstance(value, BaseException):
            raise value
        return value

    def close(self):
        self.log.append(("closed", self.label))


def fake_row(key, repeats):
    return bench.Row(key, key.title(), None, repeats, "Graph", "time")


def test_columns_alternate_within_each_repeat_and_cells_keep_the_best():
    log, results = [], {}
    rows = [fake_row("a", 2), fake_row("b", 3)]
    columns = [FakeColumn("C core", [5, 3, 9, 8, 7], log),
               FakeColumn("Python twin", [50, 60, 90, 70, 80], log),
               FakeColumn("floor", [1, 2], log, skip={"b"})]
    bench.measure_interleaved(rows, columns, results)
    assert log == [("a", "C core"), ("a", "Python twin"), ("a", "floor"),
                   ("a", "C core"), ("a", "Python twin"), ("a", "floor"),
                   ("b", "C core"), ("b", "Python twin"),
                   ("b", "C core"), ("b", "Python twin"),
                   ("b", "C core"), ("b", "Python twin")]
    assert results == {"C core": {"a": 3, "b": 7}, "Python twin": {"a": 50, "b": 70},
                       "floor": {"a": 1}}


def test_tensorflow_takes_one_model_build_and_no_memory_or_huge_scale_rows():
    log, results = [], {}
    rows = [fake_row("model_build", 3), fake_row("memory", 1),
            fake_row("scale_10000", 1), fake_row("scale_100000", 1)]
    columns = [FakeColumn("C core", [4, 2, 3, 1, 1, 1], log),
               FakeColumn("TensorFlow", [40, 10], log)]
    bench.measure_interleaved(rows, columns, results)
    assert results["TensorFlow"] == {"model_build": 40, "scale_10000": 10}
    assert results["C core"] == {"model_build": 2, "memory": 1, "scale_10000": 1,
                                 "scale_100000": 1}


def test_an_interrupt_leaves_the_cells_measured_so_far():
    log, results = [], {}
    rows = [fake_row("a", 2), fake_row("b", 2), fake_row("c", 2)]
    columns = [FakeColumn("C core", [2, 1, 4, KeyboardInterrupt()], log),
               FakeColumn("Python twin", [20, 10, 40], log)]
    with pytest.raises(KeyboardInterrupt):
        bench.measure_interleaved(rows, columns, results)
    assert results == {"C core": {"a": 1, "b": 4}, "Python twin": {"a": 10, "b": 40}}
    cells, headers = bench.table_rows(rows, ["C core", "Python twin"], results)
    assert headers == ["operation (per op)", "C core", "Python twin", "twin / C"]
    assert cells == [["A", "1,000.0 ms", "10,000.0 ms", "10.0x"],
                     ["B", "4,000.0 ms", "40,000.0 ms", "10.0x"]]


def test_progress_counts_every_row():
    seen = []
    rows = [fake_row("a", 1), fake_row("b", 1)]
    bench.measure_interleaved(rows, [FakeColumn("C core", [1, 1], [])], {},
                              progress=lambda k, n, row: seen.append((k, n, row.key)))
    assert seen == [(1, 2, "a"), (2, 2, "b")]


def test_rows_planned_for_each_option():
    quick = [row.key for row in bench.plan_rows(options())]
    assert quick == [w.key for w in bench.WORKLOADS] + ["flatness"]
    full = bench.plan_rows(options("--full"))
    assert [row.key for row in full][len(quick):] == [
        "scale_1000", "scale_10000", "scale_100000", "scale_1000000", "memory",
        "flat_same", "flat_same_ratio", "flat_distinct", "flat_distinct_ratio"]
    labels = {row.key: row.label for row in full}
    assert labels["memory"] == "bytes per used name, 1,000,000 names"
    assert labels["flat_distinct_ratio"] == (
        "unique_name, distinct bases, after 1M names in one scope / after 1k")
    plot = [row.key for row in bench.plan_rows(options("--plot", "x.png"))]
    assert plot[len(quick):] == ["scale_1000", "scale_10000", "memory"]


def test_a_planned_row_samples_seconds_per_operation(backend):
    row = next(r for r in bench.plan_rows(options("--scale", "0.01")) if r.key == "unique_same")
    seconds = row.measure(bench.PyscopeAPI(backend))
    assert 0 < seconds < 0.01


def run_bench(backend, *argv, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "pyscope", "bench", *argv],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=bench_env(backend), **kwargs)


def test_bench_prints_backend_first_progress_on_stderr_table_on_stdout(backend):
    child = run_bench(backend, "--scale", "0.01", "--repeats", "1")
    out, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(f"pyscope ") and f"live backend {backend!r}" in lines[0]
    assert lines[1].startswith("Python ") and "CPUs" in lines[1]
    total = len(bench.WORKLOADS) + 1
    progress = [line for line in err.splitlines() if line.startswith("[")]
    assert [line.split("]")[0] + "]" for line in progress] == [
        f"[{k}/{total}]" for k in range(1, total + 1)]
    assert all("s elapsed" in line for line in progress)
    assert not any(line.startswith("[") for line in lines)
    labels = ["C core", "Python twin"] if backend == "c" else ["Python twin"]
    header = next(line for line in lines if line.startswith("operation (per op)"))
    assert header.split()[3:] == " ".join(labels + (["twin / C"] if backend == "c" else [])).split()
    for workload in bench.WORKLOADS:
        assert any(line.startswith(workload.label) for line in lines), workload.label
    assert ("how close the C core is to the floor" in out) == (backend == "c")


def test_ctrl_c_prints_the_partial_table(backend):
    child = run_bench(backend, "--scale", "0.01", "--repeats", "30")
    for line in child.stderr:
        if line.startswith("[2/"):
            break
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    assert "Traceback" not in err
    rows = len(bench.WORKLOADS) + 1  # and the flatness row
    match = re.search(r"interrupted during row (\d+) of %d" % rows, out)
    assert match, out
    at = int(match.group(1))  # 2, unless the signal came late on a loaded machine
    assert 2 <= at < rows
    measured = [line for line in out.splitlines()
                if any(line.startswith(w.label) for w in bench.WORKLOADS)]
    # row 1 is complete: every column and the ratio
    assert measured[0].startswith(bench.WORKLOADS[0].label)
    assert len(measured[0].split()) == len(bench.WORKLOADS[0].label.split()) + (
        5 if backend == "c" else 2)  # C core and twin (value, unit), the ratio
    # nothing after the row that was interrupted
    assert not any(line.startswith(w.label) for w in bench.WORKLOADS[at:] for line in measured)


def test_a_worker_that_dies_is_reported():
    worker = bench.WorkerColumn("twin", ["--scale", "0.01"], env={"PYSCOPE_PURE": "1"})
    try:
        assert worker.label == "Python twin"
        assert worker.rows == {row.key for row in bench.plan_rows(options())}
        row = next(r for r in bench.plan_rows(options("--scale", "0.01")) if r.key == "unique_same")
        assert worker.sample(row) > 0
        worker.process.kill()
        worker.process.wait()
        with pytest.raises(bench.WorkerDied, match="the bench worker exited"):
            worker.sample(row)
    finally:
        worker.close()


def test_main_prints_the_partial_table_when_a_worker_dies(monkeypatch, capsys):
    rows = bench.plan_rows(options())
    samples = [1e-6, 2e-6, 1e-6, 2e-6, bench.WorkerDied("boom")]
    monkeypatch.setattr(bench, "open_columns", lambda args, pass_on: [
        FakeColumn("C core", samples[0::2], []), FakeColumn("Python twin", samples[1::2], [])])
    assert bench.main(options("--repeats", "1")) == 1
    captured = capsys.readouterr()
    assert "python -m pyscope bench: boom" in captured.err
    assert f"interrupted during row 3 of {len(rows)}" in captured.out
    table = [line for line in captured.out.splitlines() if line.startswith(rows[0].label[:11])]
    assert table == ["unique_name, same base       1,000 ns     2,000 ns      2.0x",
                     "unique_name, distinct bases  1,000 ns     2,000 ns      2.0x"]


# -- the model and checkpoint rows ------------------------------------------------
from pyscope import _bench_checkpoints as checkpoints  # noqa: E402
from pyscope import _bench_models as models  # noqa: E402


def test_model_and_checkpoint_rows_are_opt_in_and_planned_after_the_others():
    quick = [row.key for row in bench.plan_rows(options())]
    planned = bench.plan_rows(options("--models", "--checkpoints", "--repeats", "5"))
    extra = planned[len(quick):]
    assert [row.key for row in planned[:len(quick)]] == quick
    assert [row.key for row in extra] == [m.key for m in models.present()] + [
        "ckpt_list", "ckpt_read", "ckpt_save"]
    assert "model_resnet_v1_50" in [row.key for row in extra]
    by_key = {row.key: row for row in extra}
    assert [by_key[k].floor is None for k in ("ckpt_list", "ckpt_read", "ckpt_save")] == [
        True, False, False]  # the plain copy cannot list
    assert {by_key[k].repeats for k in ("ckpt_list", "ckpt_read", "ckpt_save")} == {3}
    assert bench.repeats_on(by_key["model_resnet_v1_50"], "TensorFlow") == 3
    assert bench.repeats_on(by_key["model_resnet_v1_50"], "C core") == 5


def test_every_model_is_present_or_reported_missing(monkeypatch, capsys):
    keys = [m.key for m in models.MODELS]
    assert sorted(m.key for m in models.present() + models.missing()) == sorted(keys)
    assert "model_resnet_v1_50" in [m.key for m in models.present()]
    monkeypatch.setattr(models, "_importable", lambda module: module != "pyscope._models.bert")
    assert [m.key for m in models.missing()] == ["model_bert_base"]
    bench.print_models_note(["C core", "TensorFlow"], {
        "C core": {"model_resnet_v1_50": 0.04}, "TensorFlow": {"model_resnet_v1_50": 1.6}})
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == [
        "  name ResNet-50 from shapes (per build): TF / C = 40x, goal >= 50x: missed",
        "  name BERT-base from shapes (per build): skipped, pyscope._models.bert is not "
        "in this pyscope"]


def test_naming_a_model_takes_time_and_leaves_the_default_graph_alone(ps):
    before = ps.get_default_graph()
    assert models.name_model(ps, "model_resnet_v1_50") > 0
    assert ps.get_default_graph() is before and not ps.global_variables()


@pytest.fixture
def tiny_checkpoint(tmp_path):
    files = checkpoints.CheckpointFiles(str(tmp_path), 0.25, variables=4)
    files.write_reference()
    return files


def test_each_checkpoint_sample_times_its_operation_and_removes_what_it_wrote(
        backend, tiny_checkpoint, tmp_path):
    from pyscope import train
    api = bench.PyscopeAPI(backend)
    reader = train.load_checkpoint(tiny_checkpoint.reference)
    assert reader.get_variable_to_shape_map() == {
        "v%03d" % i: [tiny_checkpoint.count] for i in range(4)}
    assert (reader.get_tensor("v003") == 3).all()
    before = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    for op in ("list", "read", "save"):
        assert 0 < api.checkpoint(op, tiny_checkpoint) < 5
    for op in ("read", "save"):
        assert 0 < checkpoints.plain_op(op, tiny_checkpoint) < 5
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == before
    assert tiny_checkpoint.nbytes == 4 * 4 * tiny_checkpoint.count == 262144


def test_checkpoint_rows_without_a_directory_say_how_to_get_one():
    files = checkpoints.CheckpointFiles(None, 1)
    with pytest.raises(RuntimeError, match="--checkpoints makes one"):
        files.reference


def test_the_checkpoint_table_gives_rates_shares_of_the_copy_and_the_goals():
    mib = checkpoints.MIB
    results = {"C core": {"ckpt_list": 0.0004, "ckpt_read": 0.5, "ckpt_save": 2.0},
               "TensorFlow": {"ckpt_list": 0.002, "ckpt_read": 1.0, "ckpt_save": 1.5},
               "floor": {"ckpt_read": 0.4, "ckpt_save": 1.0}}
    cells, headers = checkpoints.table(1024 * mib, "C core", results, bench.fmt_ns)
    assert headers == ["checkpoint operation", "C core", "TensorFlow", "plain copy",
                       "C core / copy", "goal"]
    assert cells == [
        ["list the variables", "400.0 µs", "2.0 ms", "n/a", "", "<= 1 ms: met"],
        ["read every tensor (checksums)", "500.0 ms  2,048 MiB/s", "1,000.0 ms  1,024 MiB/s",
         "400.0 ms  2,560 MiB/s", "80%", ">= 70% of copy, ahead of TF: met"],
        ["save (Saver.save, fsync)", "2,000.0 ms  512 MiB/s", "1,500.0 ms  683 MiB/s",
         "1,000.0 ms  1,024 MiB/s", "50%", ">= 70% of copy, ahead of TF: missed"]]
    alone, headers = checkpoints.table(mib, "Python twin", {"Python twin": {"ckpt_read": 1.0}},
                                       bench.fmt_ns)
    assert headers == ["checkpoint operation", "Python twin", "Python twin / copy", "goal"]
    assert alone[1] == ["read every tensor (checksums)", "1,000.0 ms  1 MiB/s", "",
                        ">= 70% of copy: met"]


def test_a_tf_python_without_tensorflow_is_reported_and_leaves_nothing_behind(tmp_path,
                                                                               monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(bench.tempfile, "tempdir", None)  # re-read TMPDIR
    args = options("--tf-python", sys.executable)  # this venv: pyscope, no TensorFlow
    with pytest.raises(bench.WorkerDied, match="TensorFlow is not importable by"):
        bench.tensorflow_column(args, ["--scale", "0.01"])
    with pytest.raises(OSError):
        bench.tensorflow_column(options("--tf-python", str(tmp_path / "no-python")), [])
    assert list(tmp_path.iterdir()) == []


def test_bench_prints_the_model_and_checkpoint_rows(backend, tmp_path):
    env = dict(bench_env(backend), TMPDIR=str(tmp_path))
    child = subprocess.run(
        [sys.executable, "-m", "pyscope", "bench", "--models", "--checkpoints",
         "--checkpoint-mb", "1", "--scale", "0.01", "--repeats", "1",
         "--tf-python", sys.executable],
        capture_output=True, text=True, env=env, timeout=300)
    assert child.returncode == 0, child.stderr
    out = child.stdout
    mine = "C core" if backend == "c" else "Python twin"
    for model in models.present():
        line = next(line for line in out.splitlines() if line.startswith(model.label))
        assert len(re.findall(r"[\d.,]+ (?:ms|µs)", line)) == (2 if backend == "c" else 1)
    for model in models.missing():
        assert f"{model.label}: skipped, {model.module} is not in this pyscope" in out
    assert "the TensorFlow column is skipped" in child.stderr
    assert re.search(r"checkpoint: 1 MiB in 200 float32 variables; best of 1", out)
    header = next(line for line in out.splitlines() if line.startswith("checkpoint operation"))
    assert header.split("  ")[0] == "checkpoint operation"
    assert [h for h in re.split(r"\s{2,}", header)] == [
        "checkpoint operation", mine, "plain copy", f"{mine} / copy", "goal"]
    for _, label in checkpoints.OPS:
        line = next(line for line in out.splitlines() if line.startswith(label))
        assert ("MiB/s" in line) == (label != "list the variables")
        assert re.search(r"(met|missed)$", line)
    assert not any(line.startswith("list the variables") for line in
                   out.split("checkpoint operation")[0].splitlines())  # not in the main table
    # the checkpoint and the path link are removed (the C-API rows keep their build)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("pyscope_bench")] == []


def test_every_reuse_call_shape_is_spelled_with_what_the_tensorflow_column_has():
    # the TF column offers a few tf.compat.v1 names (TensorFlowAPI); a row
    # that spells its call with another would fail there, minutes into a run
    import types

    import pyscope
    from pyscope import bench_reuse
    fake_tf = types.SimpleNamespace(compat=types.SimpleNamespace(v1=pyscope), raw_ops=None)
    offered = bench.TensorFlowAPI(fake_tf).ps
    for shape in bench_reuse.CALL_SHAPES:
        shape.call(offered)
        shape.scope(offered)
        if shape.made_in is not None:
            shape.made_in(offered)
