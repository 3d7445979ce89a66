"""Record TensorFlow's RNN cells and drivers (``tf.compat.v1.nn``) for
pyscope.nn's tests.

Run it from the TensorFlow venv (tf-keras 2.21, ``TF_USE_LEGACY_KERAS=1``,
set here); the tests load it for `CASES` only:

    ~/.venvs/tf/bin/python tools/record_tf_rnn.py

It writes ``tests/data/tf_rnn.json``.  The helpers are those of
record_tf_layers.py (``v1``, ``nn``, ``spec``, ``out``, ``allvars``, ``lyr``,
``uname``, ``catch``, ``setw``, ``inputs`` ...), plus ``R`` (the
``rnn_cell`` module), ``shp(y)`` (``[shape, dtype]``: the drivers' ops are
not compared, TF builds them in a while loop's function graph), ``flat(s)``
(a state's parts), ``runs(y, x, value)`` (the value of output ``y`` for
input ``x``; pyscope computes it with the cells' ``call``).
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import record_tf_layers as _layers  # noqa: E402 - numpy only

OUT = os.path.join(HERE, os.pardir, "tests", "data", "tf_rnn.json")
CASES, case = _layers.case_book()


case("cell_names_and_scopes", """
cells = [R.BasicRNNCell(3), R.BasicLSTMCell(3), R.LSTMCell(3), R.GRUCell(3),
         R.BasicLSTMCell(2, name="mine")]
multi = R.MultiRNNCell([R.BasicRNNCell(2)])
wrapped = [R.DropoutWrapper(R.GRUCell(2)), R.ResidualWrapper(R.GRUCell(2)),
           R.DeviceWrapper(R.GRUCell(2), "/cpu:0")]
rec([c.name for c in cells + [multi] + wrapped], [c.output_size for c in cells],
    json_safe([c.state_size for c in cells]))
""")
case("direct_cell_calls", """
x = spec([None, 4])
rnn = R.BasicRNNCell(3); lstm = R.BasicLSTMCell(3); gru = R.GRUCell(3)
o1, s1 = rnn(x, spec([None, 3]))
o2, s2 = lstm(x, R.LSTMStateTuple(spec([None, 3]), spec([None, 3])))
o3, s3 = gru(x, spec([None, 3]))
o4, s4 = rnn(x, s1)
rec([out(o) for o in (o1, o2, o3, o4)], [out(s) for s in flat((s1, s2, s3, s4))],
    [lyr(c) for c in (rnn, lstm, gru)], allvars(), uname("basic_lstm_cell/Mul"),
    uname("gru_cell/mul"))
""")
case("zero_state", """
lstm = R.BasicLSTMCell(3)
z = lstm.zero_state(2, v1.float32)
multi = R.MultiRNNCell([R.GRUCell(2), R.GRUCell(4)])
z2 = multi.zero_state(5, v1.float32)
rec([out(s) for s in flat((z, z2))], uname("BasicLSTMCellZeroState"),
    uname("MultiRNNCellZeroState"))
""")
case("lstm_cell_options", """
x = spec([None, 5])
cells = [R.LSTMCell(4, use_peepholes=True), R.LSTMCell(4, num_proj=2),
         R.LSTMCell(6, num_unit_shards=2, num_proj=3, num_proj_shards=3),
         R.LSTMCell(3, state_is_tuple=False)]
states = [R.LSTMStateTuple(spec([None, 4]), spec([None, 4])),
          R.LSTMStateTuple(spec([None, 4]), spec([None, 2])),
          R.LSTMStateTuple(spec([None, 6]), spec([None, 3])), spec([None, 6])]
outs = []
for c, s in zip(cells, states):
    o, ns = c(x, s)
    outs.append([shp(o)] + [shp(t) for t in flat(ns)])
rec(outs, [lyr(c) for c in cells], allvars())
""")
case("dynamic_rnn_multi", """
x = spec([None, 7, 4])
cell = R.MultiRNNCell([R.BasicLSTMCell(3), R.BasicLSTMCell(5)])
o, s = nn.dynamic_rnn(cell, x, dtype=v1.float32)
rec(shp(o), [shp(t) for t in flat(s)], lyr(cell), allvars(), uname("rnn"))
""")
case("dynamic_rnn_collision", """
x = spec([None, 7, 4])
nn.dynamic_rnn(R.BasicLSTMCell(3), x, dtype=v1.float32)
rec(catch(lambda: nn.dynamic_rnn(R.BasicLSTMCell(3), x, dtype=v1.float32)), allvars())
nn.dynamic_rnn(R.GRUCell(3), x, dtype=v1.float32)
rec(allvars())
""")
case("dynamic_rnn_sharing", """
x = spec([None, 7, 4])
cell = R.GRUCell(3)
nn.dynamic_rnn(cell, x, dtype=v1.float32, scope="enc")
nn.dynamic_rnn(cell, x, dtype=v1.float32, scope="dec")
with v1.variable_scope("M"):
    nn.dynamic_rnn(R.BasicLSTMCell(2), x, dtype=v1.float32)
with v1.variable_scope("M", reuse=True):
    o, s = nn.dynamic_rnn(R.BasicLSTMCell(2, reuse=True), x, dtype=v1.float32)
with v1.variable_scope("t", reuse=v1.AUTO_REUSE):
    nn.dynamic_rnn(R.BasicRNNCell(2), x, dtype=v1.float32, time_major=True)
    nn.dynamic_rnn(R.BasicRNNCell(2), x, dtype=v1.float32, time_major=True)
rec(lyr(cell), shp(o), allvars())
""")
case("bidirectional_and_static", """
x = spec([None, 6, 4])
(fw, bw), (sf, sb) = nn.bidirectional_dynamic_rnn(R.LSTMCell(3), R.GRUCell(2), x,
                                                  dtype=v1.float32)
steps = [spec([None, 4]) for _ in range(3)]
so, ss = nn.static_rnn(R.BasicRNNCell(2), steps, dtype=v1.float32)
bo, bsf, bsb = nn.static_bidirectional_rnn(R.GRUCell(2), R.GRUCell(2), steps,
                                           dtype=v1.float32, scope="birnn")
rec(shp(fw), shp(bw), [shp(t) for t in flat((sf, sb))], [shp(t) for t in so], shp(ss),
    [shp(t) for t in bo], allvars())
""")
case("wrappers_and_user_cell", """
class MyCell(R.RNNCell):
    @property
    def state_size(self):
        return 2
    @property
    def output_size(self):
        return 2
    def call(self, inputs, state):
        v1.get_variable("w", [int(inputs.shape[-1]), 2])
        return state, state
x = spec([None, 5, 3])
nn.dynamic_rnn(MyCell(), x, dtype=v1.float32)
cell = R.MultiRNNCell([R.DropoutWrapper(R.GRUCell(3), output_keep_prob=0.5),
                       R.ResidualWrapper(R.GRUCell(3))])
nn.dynamic_rnn(cell, spec([None, 5, 3]), dtype=v1.float32, scope="w")
rec(allvars())
""")
case("rnn_errors", """
x = spec([None, 7, 4])
rec(catch(lambda: nn.dynamic_rnn(R.GRUCell(3), x)),
    catch(lambda: R.MultiRNNCell([])),
    catch(lambda: nn.static_rnn(R.GRUCell(3), x, dtype=v1.float32)),
    catch(lambda: nn.dynamic_rnn(R.GRUCell(3), spec([None, 7, None]), dtype=v1.float32)),
    allvars())
""")
case("static_rnn_op_names_and_cell_scopes", """
x = spec([None, 4])
cell = R.BasicRNNCell(3)
outs, st = nn.static_rnn(cell, [x, x, x], dtype=v1.float32)
with v1.variable_scope("elsewhere"):
    o, s = cell(x, st)
lstm = R.BasicLSTMCell(2)
o2, s2 = lstm(x, lstm.zero_state(3, v1.float32), scope="given")
o3, s3 = lstm(x, s2)
multi = R.MultiRNNCell([R.GRUCell(2), R.GRUCell(2)])
o4, s4 = multi(x, multi.zero_state(3, v1.float32))
rec([out(t) for t in outs], out(st), out(o), out(o2), [out(t) for t in flat(s3)],
    out(o4), lyr(cell), lyr(lstm), lyr(multi), allvars(), uname("rnn/basic_rnn_cell/Tanh"),
    uname("given/basic_lstm_cell"), uname("multi_rnn_cell/cell_0/gru_cell/add"))
""")
case("static_bidirectional_lstm_tuple_false", """
steps = [spec([2, 3]) for _ in range(2)]
outs, sf, sb = nn.static_bidirectional_rnn(
    R.BasicLSTMCell(2, state_is_tuple=False), R.LSTMCell(2, state_is_tuple=False),
    steps, dtype=v1.float32)
rec([out(t) for t in outs] if False else [shp(t) for t in outs], shp(sf), shp(sb), allvars())
""")
case("math_bidirectional_sequence_length", """
value = inputs(3, 4, 2)
x = spec([None, 4, 2])
fw, bw = R.GRUCell(2), R.BasicLSTMCell(3)
(o_fw, o_bw), (s_fw, s_bw) = nn.bidirectional_dynamic_rnn(fw, bw, x, dtype=v1.float32)
setw(fw); setw(bw)
rec(run_bi(fw, bw, x, value))
""")
# -- NumPy reference --------------------------------------------------------
case("math_cells", """
value = inputs(2, 4)
h = inputs(2, 3) * 0.5
results = []
for cell, state in [(R.BasicRNNCell(3), h), (R.GRUCell(3), h),
                    (R.BasicLSTMCell(3), R.LSTMStateTuple(h, h * 0.3)),
                    (R.LSTMCell(3, use_peepholes=True, num_proj=2, cell_clip=0.4),
                     R.LSTMStateTuple(h, h[:, :2]))]:
    x = spec([None, 4])
    cell(x, nest_spec(state))
    setw(cell)
    results.append(runs(cell, x, value, state))
rec(results)
""")
case("math_dynamic_rnn", """
value = inputs(2, 5, 4)
x = spec([None, 5, 4])
cell = R.MultiRNNCell([R.BasicLSTMCell(3), R.GRUCell(2)])
o, s = nn.dynamic_rnn(cell, x, dtype=v1.float32)
for c in cell._cells:
    setw(c)
rec(run_rnn(o, s, x, value, cell))
""")

# -- Real models -------------------------------------------------------------
LM = """
def lm(ids, vocab=10, hidden=4, num_layers=2):
    # PTB word LM (Zaremba et al., 2014): embedding, stacked LSTMs, softmax
    with v1.variable_scope("Model", initializer=v1.random_uniform_initializer(-0.1, 0.1)):
        embedding = v1.get_variable("embedding", [vocab, hidden])
        x = lookup(embedding, ids)
        cell = R.MultiRNNCell([R.BasicLSTMCell(hidden, forget_bias=0.0)
                               for _ in range(num_layers)])
        outputs, state = nn.dynamic_rnn(cell, x, dtype=v1.float32)
        softmax_w = v1.get_variable("softmax_w", [hidden, vocab])
        softmax_b = v1.get_variable("softmax_b", [vocab])
        return project(outputs, softmax_w, softmax_b), state
"""
case("model_ptb_lm", LM + """
logits, state = lm(spec([None, 6], "int32"))
rec(allvars(), shp(logits), [shp(s) for s in flat(state)])
""")
case("model_bilstm_attention", """
def nmt(source, target, vocab=12, hidden=4):
    # Encoder-decoder with additive attention (Bahdanau et al., 2015) in the
    # NMT tutorial's scope layout, written with get_variable and dense
    with v1.variable_scope("embeddings"):
        embedding_encoder = v1.get_variable("embedding_encoder", [vocab, hidden])
        embedding_decoder = v1.get_variable("embedding_decoder", [vocab, hidden])
    with v1.variable_scope("encoder"):
        fw, bw = R.BasicLSTMCell(hidden), R.BasicLSTMCell(hidden)
        (o_fw, o_bw), _ = nn.bidirectional_dynamic_rnn(
            fw, bw, lookup(embedding_encoder, source), dtype=v1.float32)
        memory = concat([o_fw, o_bw])
    with v1.variable_scope("decoder"):
        keys = L.dense(memory, hidden, use_bias=False, name="memory_layer")
        cell = R.BasicLSTMCell(hidden)
        outputs, _ = nn.dynamic_rnn(cell, lookup(embedding_decoder, target),
                                    dtype=v1.float32)
        with v1.variable_scope("attention"):
            query = L.dense(outputs, hidden, use_bias=False, name="query_layer")
            score_v = v1.get_variable("attention_v", [hidden])
            context = attend(query, keys, score_v, memory)
            attention = L.dense(concat([outputs, context]), hidden, use_bias=False,
                                activation=nn.tanh, name="attention_layer")
        return L.dense(attention, vocab, use_bias=False, name="output_projection")
logits = nmt(spec([None, 7], "int32"), spec([None, 5], "int32"))
rec(allvars(), shp(logits))
""")
case("math_ptb_lm", LM + """
lm(spec([None, 6], "int32"))
setw_vars()
with v1.variable_scope(v1.get_variable_scope(), reuse=True):
    logits, state = lm(const([[1, 4, 2, 8, 5, 7], [3, 0, 9, 6, 2, 1]]))
rec(value_of(logits), [value_of(s) for s in flat(state)])
""")


def _run_on_tf():
    import tensorflow as tf

    v1 = tf.compat.v1
    v1.disable_eager_execution()
    results = {}
    for name, code in CASES.items():
        v1.reset_default_graph()
        session = _layers.CaseSession(v1)

        def setw(cell):
            for i, w in enumerate(cell.weights):
                w.load(_layers.weight_value(i, w.shape.as_list()), session.get())

        def nest_spec(state):
            return tf.nest.map_structure(
                lambda a: v1.placeholder("float32", [None] + list(a.shape[1:])), state)

        def runs(cell, x, value, state):
            placeholders = nest_spec(state)
            y = cell(x, placeholders)
            feed = {x: value}
            for p, a in zip(tf.nest.flatten(placeholders), tf.nest.flatten(state)):
                feed[p] = a
            return session.value_of(y, feed)

        def run_rnn(o, s, x, value, cell):
            return session.value_of([o, s], {x: value})

        def project(outputs, weights, biases):
            flat_outputs = tf.reshape(outputs, [-1, weights.shape[0]])
            return tf.matmul(flat_outputs, weights) + biases

        def attend(query, keys, score_v, memory):
            score = tf.reduce_sum(score_v * tf.tanh(query[:, :, None] + keys[:, None]), -1)
            return tf.matmul(tf.nn.softmax(score), memory)

        def run_bi(fw, bw, x, value):
            outputs = v1.nn.bidirectional_dynamic_rnn(
                fw, bw, x, dtype=v1.float32, sequence_length=[4, 2, 3])
            return session.value_of(outputs, {x: value})

        helpers = dict(
            _layers.tf_spec_helpers(v1), v1=v1, nn=v1.nn, R=v1.nn.rnn_cell, L=v1.layers,
            flat=tf.nest.flatten, setw=setw, runs=runs, run_rnn=run_rnn, run_bi=run_bi,
            nest_spec=nest_spec, inputs=_layers.inputs, setw_vars=session.setw_vars,
            lookup=v1.nn.embedding_lookup, attend=attend,
            concat=lambda parts: tf.concat(parts, -1), project=project, const=tf.constant,
            value_of=session.value_of, json_safe=_layers.json_safe)
        results[name] = {"code": code, "records": _layers.run_case(code, helpers)}
        session.close()
    return results


def main():
    _layers.write_results(_run_on_tf(), OUT)


if __name__ == "__main__":
    main()
