/* Unit tests of the C core, in C.  Built and run by tests/test_c_core.py
 * (and with -fsanitize=address,undefined by tools/sanitize.sh). */
#include "pyscope_core.h"
#include "ps_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                        \
    do {                                                                   \
        checks++;                                                          \
        if (!(cond)) {                                                     \
            failures++;                                                    \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                \
        }                                                                  \
    } while (0)

/* unique_name from the root, returning the suffix (0 = none) */
static uint64_t uniq(ps_trie *t, ps_node scope, const char *name, int mark) {
    uint64_t suffix;
    ps_node node;
    CHECK(ps_names_unique(t, scope, name, strlen(name), mark, &suffix, &node) == PS_OK);
    return suffix;
}

static void test_tf_unique_name_example(void) {
    ps_trie *t = ps_trie_new(1);
    CHECK(uniq(t, PS_ROOT, "foo", 1) == 0);   /* foo */
    CHECK(uniq(t, PS_ROOT, "Foo", 1) == 1);   /* Foo_1: case-insensitive */
    CHECK(uniq(t, PS_ROOT, "FOO_1", 1) == 1); /* FOO_1_1: generated names reserved */
    CHECK(uniq(t, PS_ROOT, "a", 0) == 0);
    CHECK(uniq(t, PS_ROOT, "a", 0) == 0);     /* mark_as_used=0 reserves nothing */
    CHECK(uniq(t, PS_ROOT, "foo", 0) == 2);   /* foo_1 taken, so foo_2 */
    CHECK(uniq(t, PS_ROOT, "foo", 1) == 2);
    CHECK(uniq(t, PS_ROOT, "foo", 1) == 3);
    ps_trie_free(t);
}

static void test_probe_skips_names_in_use(void) {
    ps_trie *t = ps_trie_new(1);
    CHECK(uniq(t, PS_ROOT, "x_1", 1) == 0);
    CHECK(uniq(t, PS_ROOT, "x_2", 1) == 0);
    CHECK(uniq(t, PS_ROOT, "x", 1) == 0);
    CHECK(uniq(t, PS_ROOT, "x", 1) == 3); /* x_1, x_2 in use */
    /* a path node ("p" below "p/q") is not a name in use */
    CHECK(uniq(t, PS_ROOT, "p/q", 1) == 0);
    CHECK(uniq(t, PS_ROOT, "p", 1) == 0);
    CHECK(uniq(t, PS_ROOT, "P", 1) == 1);
    /* empty components are ordinary leaves */
    CHECK(uniq(t, PS_ROOT, "a//b", 1) == 0);
    CHECK(uniq(t, PS_ROOT, "A//B", 1) == 1);
    CHECK(uniq(t, PS_ROOT, "", 1) == 0);
    CHECK(uniq(t, PS_ROOT, "", 1) == 1);
    ps_trie_free(t);
}

static void test_scopes(void) {
    ps_trie *t = ps_trie_new(1);
    uint64_t suffix;
    ps_node scope;
    CHECK(ps_names_unique(t, PS_ROOT, "Tower", 5, 1, &suffix, &scope) == PS_OK);
    CHECK(suffix == 0);
    CHECK(uniq(t, scope, "MatMul", 1) == 0);
    CHECK(uniq(t, scope, "matmul", 1) == 1);
    CHECK(uniq(t, PS_ROOT, "tower/MATMUL", 1) == 2); /* same key as scope + name */
    char buf[64];
    ps_node n = ps_trie_walk(t, PS_ROOT, "tower/matmul_1", 14, 0, NULL);
    CHECK(n != PS_NONE);
    size_t len = ps_trie_key(t, n, buf, sizeof buf);
    CHECK(len == 14 && memcmp(buf, "tower/matmul_1", 14) == 0);
    CHECK(ps_trie_key(t, n, buf, 3) == 14); /* too small: length only */
    ps_trie_free(t);
}

static void test_case_sensitive_trie(void) {
    ps_trie *t = ps_trie_new(0);
    int err = 0;
    ps_node a = ps_trie_walk(t, PS_ROOT, "v/W", 3, 1, &err);
    ps_node b = ps_trie_walk(t, PS_ROOT, "v/w", 3, 1, &err);
    CHECK(err == 0 && a != b && a != PS_NONE && b != PS_NONE);
    ps_trie_set_value(t, a, 7);
    CHECK(ps_trie_value(t, a) == 7 && ps_trie_value(t, b) == 0);
    CHECK(ps_trie_walk(t, PS_ROOT, "v/x", 3, 0, NULL) == PS_NONE);
    CHECK(ps_trie_size(t) == 3);
    ps_trie_free(t);
}

static void test_growth(void) {
    ps_trie *t = ps_trie_new(1);
    char name[32];
    uint64_t suffix;
    ps_node node;
    for (int i = 0; i < 200000; i++) {
        int len = snprintf(name, sizeof name, "s%d/op", i % 1000);
        CHECK(ps_names_unique(t, PS_ROOT, name, (size_t)len, 1, &suffix, &node) == PS_OK);
        if (suffix != (uint64_t)(i / 1000)) {
            CHECK(suffix == (uint64_t)(i / 1000));
            break;
        }
    }
    /* every generated name is in use */
    ps_node n = ps_trie_walk(t, PS_ROOT, "s999/op_199", 11, 0, NULL);
    CHECK(ps_trie_value(t, n) == 1);
    ps_trie_free(t);
}

/* Every node is found again, as itself, after the slot table has grown
 * (and re-tagged its slots) many times; absent keys stay absent. */
static void test_lookup_after_growth(void) {
    enum { N = 300000 };
    ps_trie *t = ps_trie_new(1);
    ps_node *ids = malloc(N * sizeof *ids);
    char name[32];
    CHECK(ids != NULL);
    ps_node scope = ps_trie_child(t, PS_ROOT, "Scope", 5, 1, NULL);
    for (int i = 0; i < N; i++) {
        int len = snprintf(name, sizeof name, "Key%d", i);
        ids[i] = ps_trie_child(t, i % 2 ? scope : PS_ROOT, name, (size_t)len, 1, NULL);
        CHECK(ids[i] != PS_NONE && ids[i] != PS_ROOT);
    }
    CHECK(ps_trie_size(t) == N + 1);
    for (int i = 0; i < N; i++) {
        int len = snprintf(name, sizeof name, "KEY%d", i); /* folded alike */
        if (ps_trie_child(t, i % 2 ? scope : PS_ROOT, name, (size_t)len, 0, NULL) != ids[i]) {
            CHECK(!"a node was not found again after growth");
            break;
        }
        /* the same leaf under the other parent is another key */
        ps_node other = ps_trie_child(t, i % 2 ? PS_ROOT : scope, name, (size_t)len, 0, NULL);
        if (other != PS_NONE) {
            CHECK(!"a key was found under the wrong parent");
            break;
        }
    }
    CHECK(ps_trie_child(t, PS_ROOT, "Key300000", 9, 0, NULL) == PS_NONE);
    free(ids);
    ps_trie_free(t);
}

static void test_counters(void) {
    ps_counters *c = ps_counters_new();
    CHECK(ps_counters_get(c, "bar", 3) == 0);
    ps_counters_open(c, "bar", 3);
    ps_counters_open(c, "bar", 3);
    ps_counters_open(c, "foo/bar", 7);
    ps_counters_open(c, "foo/x/y", 7);
    CHECK(ps_counters_get(c, "bar", 3) == 2);
    CHECK(ps_counters_get(c, "foo/bar", 7) == 1);
    /* closing "foo" resets everything below it, not "foo" itself */
    ps_counters_open(c, "foo", 3);
    ps_counters_close_below(c, "foo", 3);
    CHECK(ps_counters_get(c, "foo/bar", 7) == 0);
    CHECK(ps_counters_get(c, "foo/x/y", 7) == 0);
    CHECK(ps_counters_get(c, "foo", 3) == 1);
    CHECK(ps_counters_get(c, "bar", 3) == 2);
    ps_counters_open(c, "foo/bar", 7);
    CHECK(ps_counters_get(c, "foo/bar", 7) == 1);
    /* "" is a scope name like any other: it owns keys starting with "/" */
    ps_counters_open(c, "/z", 2);
    ps_counters_close_below(c, "", 0);
    CHECK(ps_counters_get(c, "/z", 2) == 0);
    CHECK(ps_counters_get(c, "bar", 3) == 2);
    /* NULL resets all */
    ps_counters_close_below(c, NULL, 0);
    CHECK(ps_counters_get(c, "bar", 3) == 0);
    ps_counters_open(c, "bar", 3);
    CHECK(ps_counters_get(c, "bar", 3) == 1);
    /* the same by node */
    ps_node node;
    CHECK(ps_counters_open_node(c, "q/r", 3, &node) == PS_OK && node != PS_NONE);
    ps_counters_open(c, "q/r/s", 5);
    CHECK(ps_counters_get(c, "q/r/s", 5) == 1);
    CHECK(ps_counters_close_below_node(c, node) == PS_OK);
    CHECK(ps_counters_get(c, "q/r/s", 5) == 0 && ps_counters_get(c, "q/r", 3) == 1);
    ps_counters_free(c);
}

static void test_first_free(void) {
    ps_counters *c = ps_counters_new();
    uint64_t j;
    CHECK(ps_counters_first_free(c, "p/layer", 7, &j) == PS_OK && j == 0);
    ps_counters_open(c, "p/layer", 7);
    CHECK(ps_counters_first_free(c, "p/layer", 7, &j) == PS_OK && j == 1);
    ps_counters_open(c, "p/layer_1", 9);
    ps_counters_open(c, "p/layer_2", 9);
    CHECK(ps_counters_first_free(c, "p/layer", 7, &j) == PS_OK && j == 3);
    ps_counters_open(c, "p/layer_3", 9);
    ps_counters_open(c, "p/layer_5", 9);
    CHECK(ps_counters_first_free(c, "p/layer", 7, &j) == PS_OK && j == 4);
    ps_counters_open(c, "p/layer_4", 9);
    CHECK(ps_counters_first_free(c, "p/layer", 7, &j) == PS_OK && j == 6);
    /* closing a sibling's subtree does not reset the siblings themselves */
    ps_counters_close_below(c, "p/layer_2", 9);
    CHECK(ps_counters_first_free(c, "p/layer", 7, &j) == PS_OK && j == 6);
    /* closing the parent resets them all: the hint must not survive it */
    ps_counters_close_below(c, "p", 1);
    CHECK(ps_counters_first_free(c, "p/layer", 7, &j) == PS_OK && j == 0);
    ps_counters_open(c, "p/layer", 7);
    CHECK(ps_counters_first_free(c, "p/layer", 7, &j) == PS_OK && j == 1);
    /* at the root */
    ps_counters_open(c, "top", 3);
    ps_counters_open(c, "top_1", 5);
    CHECK(ps_counters_first_free(c, "top", 3, &j) == PS_OK && j == 2);
    ps_counters_close_below(c, NULL, 0);
    CHECK(ps_counters_first_free(c, "top", 3, &j) == PS_OK && j == 0);
    ps_counters_free(c);
}

/* Counts of a few keys, for comparing states. */
static void snapshot(ps_counters *c, uint32_t out[6], uint64_t *first_free) {
    static const char *keys[] = {"a", "a/b", "a/b/c", "a_1", "a/b_1", "x"};
    for (int i = 0; i < 6; i++) out[i] = ps_counters_get(c, keys[i], strlen(keys[i]));
    CHECK(ps_counters_first_free(c, "a/b", 3, first_free) == PS_OK);
}

static void test_checkpoint_restore(void) {
    ps_counters *c = ps_counters_new();
    uint32_t before[6], after[6];
    uint64_t ff_before, ff_after, t1, t2, t3;
    CHECK(ps_counters_open(c, "a", 1) == PS_OK);
    CHECK(ps_counters_open(c, "a/b", 3) == PS_OK);
    CHECK(ps_counters_open(c, "a/b", 3) == PS_OK);
    snapshot(c, before, &ff_before);
    CHECK(ff_before == 1 && before[1] == 2);

    /* everything done after a checkpoint is undone by restoring it */
    CHECK(ps_counters_checkpoint(c, &t1) == PS_OK);
    CHECK(ps_counters_open(c, "a/b_1", 5) == PS_OK);
    CHECK(ps_counters_open(c, "a/b/c", 5) == PS_OK);
    CHECK(ps_counters_close_below(c, "a", 1) == PS_OK);
    CHECK(ps_counters_open(c, "x", 1) == PS_OK);
    CHECK(ps_counters_get(c, "a/b", 3) == 0); /* reset by closing "a" */
    CHECK(ps_counters_close_below(c, NULL, 0) == PS_OK);
    CHECK(ps_counters_get(c, "a", 1) == 0);
    ps_counters_restore(c, t1);
    snapshot(c, after, &ff_after);
    CHECK(memcmp(before, after, sizeof before) == 0 && ff_after == ff_before);

    /* nested: restoring the inner one keeps what came between */
    CHECK(ps_counters_checkpoint(c, &t1) == PS_OK);
    CHECK(ps_counters_open(c, "a/b_1", 5) == PS_OK);
    CHECK(ps_counters_checkpoint(c, &t2) == PS_OK);
    CHECK(ps_counters_open(c, "a/b_1", 5) == PS_OK);
    CHECK(ps_counters_open(c, "x", 1) == PS_OK);
    ps_counters_restore(c, t2);
    CHECK(ps_counters_get(c, "a/b_1", 5) == 1 && ps_counters_get(c, "x", 1) == 0);
    uint64_t ff;
    CHECK(ps_counters_first_free(c, "a/b", 3, &ff) == PS_OK && ff == 2);

    /* restoring an outer one drops the inner ones; a dropped token is a no-op */
    CHECK(ps_counters_checkpoint(c, &t3) == PS_OK);
    CHECK(t1 != t2 && t2 != t3);
    CHECK(ps_counters_open(c, "x", 1) == PS_OK);
    ps_counters_restore(c, t1);
    snapshot(c, after, &ff_after);
    CHECK(memcmp(before, after, sizeof before) == 0 && ff_after == ff_before);
    CHECK(ps_counters_open(c, "x", 1) == PS_OK);
    ps_counters_restore(c, t3);
    CHECK(ps_counters_get(c, "x", 1) == 1);

    /* with no checkpoint open, nothing is journaled */
    size_t memory = ps_counters_memory(c);
    for (int i = 0; i < 1000; i++) CHECK(ps_counters_open(c, "a/b", 3) == PS_OK);
    CHECK(ps_counters_memory(c) == memory);

    /* under a checkpoint, a node is saved once however often it is written
     * (a checkpoint never restored does not grow the journal without end) */
    uint32_t b_count = ps_counters_get(c, "a/b", 3);
    CHECK(ps_counters_checkpoint(c, &t1) == PS_OK);
    CHECK(ps_counters_open(c, "a/b", 3) == PS_OK);
    memory = ps_counters_memory(c);
    for (int i = 0; i < 100000; i++) {
        ps_counters_open(c, "a/b", 3);
        ps_counters_close_below(c, "a/b", 3);
        ps_counters_first_free(c, "a/b", 3, &ff);
    }
    CHECK(ps_counters_memory(c) == memory);
    ps_counters_restore(c, t1);
    CHECK(ps_counters_get(c, "a/b", 3) == b_count);
    ps_counters_free(c);
}

static void test_suffix_formatting(void) {
    char buf[32];
    const uint64_t values[] = {0, 1, 9, 10, 42, 99, 100, 101, 999, 1000, 1234,
                               99999, 100000, 1234567890123ULL, UINT64_MAX};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char want[32];
        int want_len = snprintf(want, sizeof want, "_%llu", (unsigned long long)values[i]);
        size_t len = ps_format_suffix(buf, values[i]);
        CHECK(len == (size_t)want_len && memcmp(buf, want, len) == 0);
    }
}

/* Every length 0..20 and every position of a non-ASCII byte. */
static void test_is_ascii(void) {
    char buf[24];
    for (size_t len = 0; len <= 20; len++) {
        memset(buf, 'a', sizeof buf);
        CHECK(ps_is_ascii(buf, len));
        for (size_t at = 0; at < len; at++) {
            buf[at] = (char)0xC3;
            CHECK(!ps_is_ascii(buf, len));
            CHECK(ps_is_ascii(buf + at + 1, len - at - 1)); /* what follows it */
            buf[at] = 'a';
        }
        buf[len] = (char)0x80; /* just past the end: not read */
        CHECK(ps_is_ascii(buf, len));
    }
}

static uint32_t count_of(ps_trie *t, const char *name) {
    return ps_names_count(t, PS_ROOT, name, strlen(name));
}

/* unique_name for an op (no node wanted): generated names may stay implicit */
static uint64_t uniq_op(ps_trie *t, const char *name) {
    uint64_t suffix;
    CHECK(ps_names_unique(t, PS_ROOT, name, strlen(name), 1, &suffix, NULL) == PS_OK);
    return suffix;
}

/* One base used N times keeps one node; every generated name is still in
 * use with count 1, and the table's size counts them as before. */
static void test_implicit_same_base(void) {
    ps_trie *t = ps_trie_new(1);
    size_t empty = ps_trie_memory(t);
    for (uint64_t i = 0; i < 100000; i++)
        if (uniq_op(t, i % 2 ? "MatMul" : "matmul") != i) {
            CHECK(!"wrong suffix for a repeated base");
            break;
        }
    CHECK(ps_trie_size(t) == 100000);
    CHECK(ps_trie_memory(t) == empty); /* nothing stored but "matmul" */
    CHECK(count_of(t, "matmul") == 100000);
    CHECK(count_of(t, "matmul_1") == 1 && count_of(t, "MATMUL_99999") == 1);
    CHECK(count_of(t, "matmul_100000") == 0);
    CHECK(count_of(t, "matmul_0") == 0);   /* TF never generates _0 ... */
    CHECK(count_of(t, "matmul_05") == 0);  /* ... nor leading zeros */
    CHECK(count_of(t, "matmul_") == 0 && count_of(t, "matmul_x5") == 0);
    CHECK(count_of(t, "matmul_99999999999") == 0); /* beyond any count */
    CHECK(ps_trie_walk(t, PS_ROOT, "matmul_5", 8, 0, NULL) == PS_NONE);
    /* mark_as_used = 0 sees them and changes nothing */
    CHECK(uniq(t, PS_ROOT, "matmul_5", 0) == 1);
    CHECK(uniq(t, PS_ROOT, "MatMul", 0) == 100000);
    CHECK(ps_trie_size(t) == 100000 && count_of(t, "matmul_5") == 1);
    /* a generated name used again gets its node, with its count bumped */
    CHECK(uniq_op(t, "MatMul_5") == 1); /* matmul_5_1 */
    CHECK(count_of(t, "matmul_5") == 2 && count_of(t, "matmul_5_1") == 1);
    CHECK(ps_trie_walk(t, PS_ROOT, "matmul_5", 8, 0, NULL) != PS_NONE);
    CHECK(ps_trie_size(t) == 100001); /* matmul_5_1 is new, matmul_5 was counted */
    CHECK(uniq_op(t, "matmul_5_1") == 1); /* matmul_5_1_1 */
    CHECK(uniq_op(t, "matmul_5") == 2);   /* matmul_5_2 */
    ps_trie_free(t);
}

/* Explicit names in the way of the generated ones, in adversarial orders. */
static void test_implicit_explicit_orders(void) {
    ps_trie *t = ps_trie_new(1);
    CHECK(uniq_op(t, "a_2") == 0);
    CHECK(uniq_op(t, "a") == 0);
    CHECK(uniq_op(t, "a") == 1);  /* a_1, implicit */
    CHECK(uniq_op(t, "A") == 3);  /* a_2 in use (stored): a_3, stored (past a's count) */
    CHECK(count_of(t, "a") == 3 && count_of(t, "a_3") == 1 && count_of(t, "a_2") == 1);
    CHECK(uniq_op(t, "a") == 4);  /* a_3 in use: a_4 */
    CHECK(uniq_op(t, "a_3") == 1);
    CHECK(uniq_op(t, "a_4") == 1);
    CHECK(uniq_op(t, "a_1") == 1);
    CHECK(uniq_op(t, "a_1") == 2);
    CHECK(uniq_op(t, "a") == 5);
    CHECK(ps_trie_size(t) == 10); /* a, a_1..a_5, a_1_1, a_1_2, a_3_1, a_4_1 */
    /* a base used twice in a row, then its _1 used as is and again */
    CHECK(uniq_op(t, "b") == 0 && uniq_op(t, "b") == 1 && uniq_op(t, "b_1") == 1);
    CHECK(uniq_op(t, "b") == 2 && uniq_op(t, "b_1") == 2 && uniq_op(t, "b_1_1") == 1);
    /* a path node at a_k before the base reaches k is not a name in use */
    CHECK(uniq_op(t, "c_1/op") == 0);
    CHECK(uniq_op(t, "c") == 0 && uniq_op(t, "c") == 1); /* c_1: its node, now in use */
    CHECK(count_of(t, "c_1") == 1 && uniq_op(t, "c") == 2 && uniq_op(t, "c_1") == 1);
    /* the empty base ("" at the root, "p/" below p) */
    CHECK(uniq_op(t, "") == 0 && uniq_op(t, "") == 1 && count_of(t, "_1") == 1);
    CHECK(uniq_op(t, "_1") == 1);
    ps_trie_free(t);
}

/* A generated name entered as a name scope, or walked as a parent path,
 * gets its node with count 1, and what it holds is found again. */
static void test_implicit_as_scope(void) {
    ps_trie *t = ps_trie_new(1);
    uint64_t suffix;
    ps_node node;
    CHECK(uniq_op(t, "a") == 0 && uniq_op(t, "a") == 1 && uniq_op(t, "a") == 2);
    CHECK(ps_trie_size(t) == 3);
    /* a_1 as a parent path: materialized, in use once */
    CHECK(uniq_op(t, "A_1/x") == 0);
    CHECK(ps_trie_size(t) == 4 && count_of(t, "a_1") == 1);
    CHECK(uniq_op(t, "a_1") == 1);
    /* a_2 re-entered as a scope ("a_2/"): the binding walks with create */
    int err = 0;
    ps_node s = ps_trie_walk(t, PS_ROOT, "a_2", 3, 1, &err);
    CHECK(err == 0 && s != PS_NONE && ps_trie_value(t, s) == 1);
    CHECK(uniq(t, s, "op", 1) == 0 && uniq(t, s, "op", 1) == 1);
    CHECK(count_of(t, "a_2/op") == 2 && count_of(t, "a_2/op_1") == 1);
    CHECK(uniq_op(t, "a_2") == 1);
    /* a new name scope wants its node: the generated name is stored */
    CHECK(ps_names_unique(t, PS_ROOT, "Tower", 5, 1, &suffix, &node) == PS_OK && suffix == 0);
    CHECK(ps_names_unique(t, PS_ROOT, "tower", 5, 1, &suffix, &node) == PS_OK && suffix == 1);
    char buf[16];
    CHECK(node != PS_NONE && ps_trie_key(t, node, buf, sizeof buf) == 7 &&
          memcmp(buf, "tower_1", 7) == 0 && ps_trie_value(t, node) == 1);
    CHECK(uniq(t, node, "w", 1) == 0 && count_of(t, "tower_1/w") == 1);
    /* an implicit name asked for without marking has no node */
    CHECK(uniq_op(t, "tower") == 2);
    CHECK(ps_names_unique(t, PS_ROOT, "tower_2", 7, 0, &suffix, &node) == PS_OK);
    CHECK(suffix == 1 && node == PS_NONE);
    CHECK(ps_names_unique(t, PS_ROOT, "tower", 5, 0, &suffix, &node) == PS_OK);
    CHECK(suffix == 3 && node == PS_NONE);
    /* nothing below an implicit name: lookups through it find nothing */
    CHECK(count_of(t, "tower_2/w") == 0 && uniq(t, PS_ROOT, "tower_2/w", 0) == 0);
    ps_trie_free(t);
}

/* A large table keeps its newest nodes in a small side table and filters
 * the slot table (trie.c): every key is found at every age (just added,
 * still recent, moved to the slots, across growths), absent keys are not,
 * and creating an existing key returns it. */
static void test_buffered_lookups(void) {
    enum { N = 400000 };
    ps_trie *t = ps_trie_new(0);
    char name[32];
    ps_node last = PS_NONE;
    for (int i = 0; i < N; i++) {
        int len = snprintf(name, sizeof name, "k%d", i);
        ps_node id = ps_trie_child(t, PS_ROOT, name, (size_t)len, 1, NULL);
        int ok = id != PS_NONE && id != last &&
                 ps_trie_child(t, PS_ROOT, name, (size_t)len, 0, NULL) == id &&
                 ps_trie_child(t, PS_ROOT, name, (size_t)len, 1, NULL) == id;
        ps_trie_set_value(t, id, (uint32_t)i + 1);
        for (int back = 1; ok && back <= i && back <= 4096; back *= 2) {
            len = snprintf(name, sizeof name, "k%d", i - back);
            ps_node old = ps_trie_child(t, PS_ROOT, name, (size_t)len, 0, NULL);
            ok = ps_trie_value(t, old) == (uint32_t)(i - back) + 1;
        }
        len = snprintf(name, sizeof name, "k%d", i + 1);
        ok = ok && ps_trie_child(t, PS_ROOT, name, (size_t)len, 0, NULL) == PS_NONE;
        if (!ok) {
            CHECK(!"a key was lost, or an absent one found, in a buffered table");
            break;
        }
        last = id;
    }
    CHECK(ps_trie_size(t) == N);
    for (int i = 0; i < N; i += 7) {
        int len = snprintf(name, sizeof name, "k%d", i);
        if (ps_trie_value(t, ps_trie_child(t, PS_ROOT, name, (size_t)len, 0, NULL)) !=
            (uint32_t)i + 1) {
            CHECK(!"a key was lost at the end");
            break;
        }
    }
    ps_trie_free(t);
}

int main(void) {
    test_is_ascii();
    test_suffix_formatting();
    test_first_free();
    test_tf_unique_name_example();
    test_probe_skips_names_in_use();
    test_implicit_same_base();
    test_implicit_explicit_orders();
    test_implicit_as_scope();
    test_scopes();
    test_case_sensitive_trie();
    test_growth();
    test_lookup_after_growth();
    test_buffered_lookups();
    test_checkpoint_restore();
    test_counters();
    printf("%d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
