/* TF's Graph.unique_name on the path trie.  See pyscope_core.h. */
#include "pyscope_core.h"
#include "ps_util.h"

#include <stdlib.h>
#include <string.h>

static int in_use(ps_trie *t, ps_node n) { return ps_trie_value(t, n) != 0; }

/* Generated names left implicit.
 *
 * TF gives base x, used c times, the name x_c when x_c is free, else the
 * first free x_j after it; so each x_k, 1 <= k < c, is in use, either
 * stored for itself or generated with count 1.  The table therefore does
 * not store a generated x_k that x's count covers: a missing "x_k" (k
 * decimal without leading zero, k >= 1, under the same parent) is in use
 * with count 1 iff x is stored with a count above k.  Its node is made,
 * with that count, when it is first needed: as a parent (a name scope) or
 * as a name of its own whose count grows (ps_trie_child does that for
 * every used-names node it creates).  One base used N times then keeps
 * one node instead of N, and the table stays small and cached. */
int ps_names_implied(ps_trie *t, ps_node parent, const char *leaf, size_t len) {
    size_t i = len;
    while (i > 0 && (unsigned)(leaf[i - 1] - '0') < 10u) i--;
    size_t digits = len - i;
    if (digits == 0 || digits > 10 || i == 0 || leaf[i - 1] != '_' || leaf[i] == '0') return 0;
    uint64_t k = 0;
    for (size_t d = i; d < len; d++) k = k * 10 + (uint64_t)(leaf[d] - '0');
    ps_node x = ps_trie_child(t, parent, leaf, i - 1, 0, NULL);
    return ps_trie_value(t, x) > k;
}

int ps_names_unique(ps_trie *t, ps_node scope, const char *key, size_t len,
                    int mark_as_used, uint64_t *suffix, ps_node *out_node) {
    int err = PS_OK;
    *suffix = 0;
    if (out_node) *out_node = PS_NONE;

    /* The count lives on the last component; the rest is the parent path. */
    size_t cut = ps_last_component(key, len);
    ps_node parent = scope;
    if (cut > 0) parent = ps_trie_walk(t, scope, key, cut - 1, mark_as_used, &err);
    if (err) return err;
    if (parent == PS_NONE) return PS_OK; /* nothing below: not in use */
    const char *leaf = key + cut;
    size_t leaf_len = len - cut;

    ps_node n = ps_trie_child(t, parent, leaf, leaf_len, mark_as_used, &err);
    if (err) return err;
    uint64_t count = n != PS_NONE ? ps_trie_value(t, n)
                                  : (uint64_t)ps_names_implied(t, parent, leaf, leaf_len);
    uint64_t new_count = count < UINT32_MAX ? count + 1 : count;
    if (out_node) *out_node = n;
    if (count == 0) {
        if (mark_as_used) ps_trie_set_value(t, n, 1);
        return PS_OK;
    }

    /* In use: the first "<leaf>_<j>", j >= count, that is not in use.  The
     * count is raised after this probe, so none of these is implied (and
     * their creation skips that check). */
    char small[256];
    size_t cap = leaf_len + 24;
    char *buf = cap <= sizeof small ? small : malloc(cap);
    if (!buf) return PS_ENOMEM;
    memcpy(buf, leaf, leaf_len);
    /* A caller that wants the node (a name scope) gets it stored: the probe
     * then creates the missing candidate (value 0) at the slot it ends on. */
    int create = mark_as_used && out_node;
    uint64_t j = count;
    ps_node c;
    size_t cand_len;
    for (;; j++) {
        cand_len = leaf_len + ps_format_suffix(buf + leaf_len, j);
        c = ps_trie_child_unimplied(t, parent, buf, cand_len, create, &err);
        if (err || !in_use(t, c)) break;
    }
    int implicit = c == PS_NONE && new_count > j;
    if (!err && mark_as_used && c == PS_NONE && !implicit)
        c = ps_trie_child_unimplied(t, parent, buf, cand_len, 1, &err); /* j > count */
    if (buf != small) free(buf);
    if (err) return err;
    if (mark_as_used) {
        ps_trie_set_value(t, n, (uint32_t)new_count);
        if (implicit) ps_trie_note_implicit(t);
        else ps_trie_set_value(t, c, 1);
    }
    *suffix = j;
    if (out_node) *out_node = c;
    return PS_OK;
}

uint32_t ps_names_count(ps_trie *t, ps_node scope, const char *key, size_t len) {
    size_t cut = ps_last_component(key, len);
    ps_node parent = cut ? ps_trie_walk(t, scope, key, cut - 1, 0, NULL) : scope;
    ps_node n = ps_trie_child(t, parent, key + cut, len - cut, 0, NULL);
    if (n != PS_NONE) return ps_trie_value(t, n);
    return parent == PS_NONE ? 0 : (uint32_t)ps_names_implied(t, parent, key + cut, len - cut);
}

static int name_char(unsigned char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '\\' ||
           ch == '/' || ch == '>' || ch == '-';
}

int ps_valid_name(const char *name, size_t len, int at_root) {
    const unsigned char *s = (const unsigned char *)name;
    if (len > 0 && s[len - 1] == '\n') len--; /* re's '$' before a final newline */
    size_t i = 0;
    if (at_root) {
        if (len == 0) return 0;
        unsigned char ch = s[0];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '.'))
            return 0;
        i = 1;
    }
    for (; i < len; i++)
        if (!name_char(s[i])) return 0;
    return 1;
}
