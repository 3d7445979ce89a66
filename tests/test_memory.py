"""No leaks: dropping a graph frees its tables, and building and dropping
graphs of 100k names and 10k variables over and over keeps RSS flat."""
import gc
import os
import weakref

import pytest


def rss_bytes():
    """Resident set size after a full collection, with freed heap handed
    back to the OS (glibc's malloc_trim) so only live memory counts."""
    gc.collect()
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def build(ps, names=100_000, variables=10_000):
    g = ps.Graph()
    with g.as_default():
        with ps.variable_scope("model"):
            for i in range(variables):
                ps.get_variable(f"v{i}", shape=[2], initializer=ps.zeros_initializer())
        unique = g.unique_name
        for s in range(names // 1000):
            with g.name_scope(f"scope_{s}"):
                for _ in range(1000):
                    unique("op")
    return g


def test_dropped_graph_is_collected(ps):
    g = build(ps, names=2000, variables=200)
    core_ref = weakref.ref(g._core)  # its C tables go with it
    ref = weakref.ref(g)
    del g
    gc.collect()
    assert ref() is None
    assert core_ref() is None


def test_default_graph_reset_frees_it(ps):
    g = ps.get_default_graph()
    ps.get_variable("v", shape=[3])
    ref = weakref.ref(g)
    del g
    ps.reset_default_graph()
    gc.collect()
    assert ref() is None


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc")
def test_rss_stays_flat_over_repeated_builds(ps):
    # warm up allocator pools and caches, then compare the lowest RSS of
    # three rounds with the lowest of the next five: a leak adds up
    # round after round, allocator noise does not
    def lowest(rounds):
        sizes = []
        for _ in range(rounds):
            build(ps)
            sizes.append(rss_bytes())
        return min(sizes)

    build(ps)
    before = lowest(3)
    after = lowest(5)
    growth = after - before
    # a build holds ~15 MB of tables and variables; leaking 10% of it per
    # round would add over 5 MB here
    assert growth < 5 * 1024 * 1024, f"RSS grew by {growth / 1e6:.1f} MB"
