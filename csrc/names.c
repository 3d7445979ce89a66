/* TF's Graph.unique_name on the path trie.  See pyscope_core.h. */
#include "pyscope_core.h"
#include "ps_util.h"

#include <stdlib.h>
#include <string.h>

static int in_use(ps_trie *t, ps_node n) { return ps_trie_value(t, n) != 0; }

int ps_names_unique(ps_trie *t, ps_node scope, const char *key, size_t len,
                    int mark_as_used, uint64_t *suffix, ps_node *out_node) {
    int err = PS_OK;
    *suffix = 0;
    *out_node = PS_NONE;

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
    uint64_t count = ps_trie_value(t, n);
    if (mark_as_used && count < UINT32_MAX) ps_trie_set_value(t, n, (uint32_t)(count + 1));
    *out_node = n;
    if (count == 0) return PS_OK;

    /* In use: the first "<leaf>_<j>", j >= count, that is not in use. */
    char small[256];
    size_t cap = leaf_len + 24;
    char *buf = cap <= sizeof small ? small : malloc(cap);
    if (!buf) return PS_ENOMEM;
    memcpy(buf, leaf, leaf_len);
    uint64_t j = count;
    ps_node c;
    size_t cand_len;
    /* Looked up with create = mark_as_used: a missing candidate is created
     * (value 0, so not in use) by the same probe that found it missing. */
    for (;; j++) {
        cand_len = leaf_len + ps_format_suffix(buf + leaf_len, j);
        c = ps_trie_child(t, parent, buf, cand_len, mark_as_used, &err);
        if (err || !in_use(t, c)) break;
    }
    if (mark_as_used && c != PS_NONE) ps_trie_set_value(t, c, 1);
    if (buf != small) free(buf);
    if (err) return err;
    *suffix = j;
    *out_node = c;
    return PS_OK;
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
