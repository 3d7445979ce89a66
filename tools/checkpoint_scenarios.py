"""Saver / init_from_checkpoint scenarios, run the same way on TensorFlow
(tools/record_tf_checkpoints.py records them) and on pyscope
(tests/test_checkpoint_saver.py replays them).

A scenario is a snippet run in a fresh graph, in a fresh temporary working
directory, with these names:

* ``v1``: ``tf.compat.v1`` there, ``pyscope`` here (``v1.train`` is
  ``pyscope.train``); ``np``; ``sess``: a session there, None here.
* ``ramp(base)``: an initializer whose full value is ``arange + base``
  whatever the partitioning (it reads ``partition_info``).
* ``init()``: runs the variable initializers there (nothing here: values
  exist at creation, and init_from_checkpoint assigns at once).
* ``val(v)``: a variable's value (a partitioned one joined) as a list.
* ``new_graph()``: starts a fresh default graph (and session there).
* ``rec(x)``: records a JSON-able value; ``catch(f)``: ``f()`` or
  ``["error", type name, first line of the message]``.
* ``ls(d)``: sorted file names in a directory; ``text(p)``: a file's text.
"""
from typing import Dict

SCENARIOS: Dict[str, str] = {}


def scenario(name: str, code: str) -> None:
    assert name not in SCENARIOS, name
    SCENARIOS[name] = code.strip("\n")


scenario("rotation_relative_paths", """
v = v1.get_variable("v", shape=[2], initializer=ramp(1))
init()
saver = v1.train.Saver(max_to_keep=2)
for step in (10, 20, 30):
    rec(saver.save(sess, "ck/model.ckpt", global_step=step, write_meta_graph=False))
rec(text("ck/checkpoint"))
rec(ls("ck"))
rec(saver.last_checkpoints)
rec(v1.train.latest_checkpoint("ck"))
rec(v1.train.get_checkpoint_state("ck").all_model_checkpoint_paths[:])
rec(v1.train.checkpoint_exists("ck/model.ckpt-30"))
rec(v1.train.checkpoint_exists("ck/model.ckpt-10"))
""")

scenario("pad_step_and_latest_filename", """
v = v1.get_variable("v", shape=[], initializer=ramp(3))
init()
saver = v1.train.Saver(pad_step_number=True, max_to_keep=None)
rec(saver.save(sess, "m/x", global_step=7, latest_filename="state", write_meta_graph=False))
rec(saver.save(sess, "m/x", global_step=8, latest_filename="state", write_meta_graph=False))
rec(text("m/state"))
rec(ls("m"))
rec(saver.last_checkpoints)
rec(catch(lambda: saver.save(sess, "m/x", latest_filename="a/b")))
""")

scenario("restore_into_other_partitionings", """
with v1.variable_scope("emb", partitioner=v1.fixed_size_partitioner(3)):
    w = v1.get_variable("w", shape=[10, 4], initializer=ramp(0))
q = v1.get_variable("q", shape=[6, 2], initializer=ramp(100))
r = v1.get_variable("r", shape=[3, 5], initializer=ramp(7),
                    partitioner=v1.fixed_size_partitioner(2, axis=1))
init()
rec(v1.train.Saver().save(sess, "a/model", write_meta_graph=False))
rec(v1.train.list_variables("a/model"))
new_graph()
with v1.variable_scope("emb", partitioner=v1.fixed_size_partitioner(2)):
    w = v1.get_variable("w", shape=[10, 4], initializer=ramp(-50))
q = v1.get_variable("q", shape=[6, 2], initializer=ramp(-50),
                    partitioner=v1.fixed_size_partitioner(3))
r = v1.get_variable("r", shape=[3, 5], initializer=ramp(-50))
init()
v1.train.Saver().restore(sess, "a/model")
rec([val(w), val(q), val(r)])
new_graph()
with v1.variable_scope("emb", partitioner=v1.fixed_size_partitioner(2, axis=1)):
    w = v1.get_variable("w", shape=[10, 4], initializer=ramp(-50))
init()
v1.train.Saver().restore(sess, "a/model")
rec(val(w))
""")

scenario("restore_errors", """
a = v1.get_variable("a", shape=[3], initializer=ramp(1))
init()
v1.train.Saver().save(sess, "e/model", write_meta_graph=False)
new_graph()
a = v1.get_variable("a", shape=[3], initializer=ramp(-9))
b = v1.get_variable("b", shape=[2], initializer=ramp(-9))
init()
rec(catch(lambda: v1.train.Saver().restore(sess, "e/model")))
new_graph()
a = v1.get_variable("a", shape=[4], initializer=ramp(-9))
init()
rec(catch(lambda: v1.train.Saver().restore(sess, "e/model")))
new_graph()
a = v1.get_variable("a", shape=[3], dtype=v1.float64, initializer=ramp(-9))
init()
rec(catch(lambda: v1.train.Saver().restore(sess, "e/model")))
rec(catch(lambda: v1.train.Saver().restore(sess, "e/nothing")))
rec(catch(lambda: v1.train.Saver().restore(sess, None)))
new_graph()
rec(catch(lambda: v1.train.Saver()))
rec(catch(lambda: v1.train.load_checkpoint("e/empty_dir_missing")))
""")

scenario("var_list_forms", """
with v1.variable_scope("s"):
    a = v1.get_variable("a", shape=[2], initializer=ramp(1))
    p = v1.get_variable("p", shape=[5, 2], initializer=ramp(3),
                        partitioner=v1.fixed_size_partitioner(2))
init()
v1.train.Saver({"renamed/a": a, "renamed/p": p}).save(sess, "d/m", write_meta_graph=False)
rec(v1.train.list_variables("d/m"))
v1.train.Saver([a] + list(p)).save(sess, "l/m", write_meta_graph=False)
rec(v1.train.list_variables("l/m"))
rec(v1.train.load_variable("l/m", "s/p").tolist())
rec(v1.train.load_variable("l/m", "s/a:0").tolist())
rec(catch(lambda: v1.train.Saver([a, a])))
rec(catch(lambda: v1.train.Saver({"x": a, "y": 3})))
rec(catch(lambda: v1.train.load_variable("l/m", "s/p/part_0")))
""")

scenario("init_from_checkpoint_rules", """
with v1.variable_scope("old"):
    v1.get_variable("a", shape=[2], initializer=ramp(1))
    with v1.variable_scope("inner"):
        v1.get_variable("b", shape=[3], initializer=ramp(10))
    v1.get_variable("p", shape=[6, 2], initializer=ramp(20),
                    partitioner=v1.fixed_size_partitioner(3))
v1.get_variable("top", shape=[2], initializer=ramp(40))
init()
v1.train.Saver().save(sess, "c/model", write_meta_graph=False)
new_graph()
with v1.variable_scope("new"):
    a = v1.get_variable("a", shape=[2], initializer=ramp(-1))
    with v1.variable_scope("inner"):
        b = v1.get_variable("b", shape=[3], initializer=ramp(-1))
    p = v1.get_variable("p", shape=[6, 2], initializer=ramp(-1),
                        partitioner=v1.fixed_size_partitioner(2))
v1.train.init_from_checkpoint("c", {"old/": "new/"})
init()
rec([val(a), val(b), val(p)])
new_graph()
with v1.variable_scope("scope"):
    top = v1.get_variable("top", shape=[2], initializer=ramp(-1))
v1.train.init_from_checkpoint("c/model", {"/": "scope/"})
init()
rec(val(top))
new_graph()
x = v1.get_variable("x", shape=[3], initializer=ramp(-1))
y = v1.get_variable("y", shape=[2], initializer=ramp(-1))
z = v1.get_variable("z", shape=[6, 2], initializer=ramp(-1),
                    partitioner=v1.fixed_size_partitioner(2))
v1.train.init_from_checkpoint("c/model", {"old/inner/b": "x", "old/a": y, "old/p": "z"})
init()
rec([val(x), val(y), val(z)])
new_graph()
x = v1.get_variable("x", shape=[3], initializer=ramp(-1))
rec(catch(lambda: v1.train.init_from_checkpoint("c/model", {"old/missing": "x"})))
rec(catch(lambda: v1.train.init_from_checkpoint("c/model", {"old/a": "x"})))
rec(catch(lambda: v1.train.init_from_checkpoint("c/model", {"old/a": "nowhere/"})))
rec(catch(lambda: v1.train.init_from_checkpoint("c/model", {"old/": "x/"})))
with v1.variable_scope("only"):
    v1.get_variable("zz", shape=[1], initializer=ramp(-1))
rec(catch(lambda: v1.train.init_from_checkpoint("c/model", {"old/": "only/"})))
""")

# keep_checkpoint_every_n_hours: a tiny period keeps every rotated-out
# checkpoint on disk (only the state file forgets them); 0 disables keeping.
scenario("keep_checkpoint_every_n_hours", """
v = v1.get_variable("v", shape=[2], initializer=ramp(1))
init()
for folder, hours in (("keep", 1e-9), ("zero", 0), ("default", 10000.0)):
    saver = v1.train.Saver(max_to_keep=1, keep_checkpoint_every_n_hours=hours)
    for step in (1, 2, 3):
        saver.save(sess, folder + "/model.ckpt", global_step=step, write_meta_graph=False)
    rec(ls(folder))
    rec(saver.last_checkpoints)
    rec(v1.train.get_checkpoint_state(folder).all_model_checkpoint_paths[:])
""")

# string variables: saved and restored by name, empty and non-UTF-8 bytes kept.
scenario("restore_string_variables", """
s = v1.get_variable("s", dtype=v1.string, initializer=np.array([b"", b"ab\\xff\\x00", b"long" * 50], dtype=object))
t = v1.get_variable("t", dtype=v1.string, initializer=np.array(b"scalar", dtype=object))
init()
rec(v1.train.Saver().save(sess, "str/model", write_meta_graph=False))
rec([x.hex() for x in v1.train.load_variable("str", "s")])
new_graph()
s = v1.get_variable("s", shape=[3], dtype=v1.string, initializer=v1.zeros_initializer())
t = v1.get_variable("t", shape=[], dtype=v1.string, initializer=v1.zeros_initializer())
init()
v1.train.Saver().restore(sess, "str/model")
rec([x.hex() for x in val(s)])
rec(val(t).hex())
u = v1.get_variable("u", shape=[2], dtype=v1.string, initializer=v1.zeros_initializer())
rec(catch(lambda: v1.train.Saver({"s": u}).restore(sess, "str/model")))
""")
