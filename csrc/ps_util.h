/* Small helpers shared by the core's .c files (not part of the API). */
#ifndef PYSCOPE_UTIL_H
#define PYSCOPE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Writes "_<j>" at dst (at most 22 bytes) and returns its length: the
 * digits are counted first and written from the end, two at a time. */
static inline size_t ps_format_suffix(char *dst, uint64_t j) {
    static const char pairs[201] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    size_t n = 1;
    for (uint64_t t = j; t >= 10; t /= 10) n++;
    dst[0] = '_';
    char *p = dst + n; /* the last digit */
    while (j >= 100) {
        unsigned r = (unsigned)(j % 100);
        j /= 100;
        p[-1] = pairs[2 * r];
        p[0] = pairs[2 * r + 1];
        p -= 2;
    }
    if (j >= 10) {
        p[-1] = pairs[2 * j];
        p[0] = pairs[2 * j + 1];
    } else {
        p[0] = (char)('0' + j);
    }
    return n + 1;
}

/* Where the last '/'-separated component of key[0:len] starts. */
static inline size_t ps_last_component(const char *key, size_t len) {
    size_t cut = len;
    while (cut > 0 && key[cut - 1] != '/') cut--;
    return cut;
}

/* Whether s[0:len] is all ASCII (no byte >= 0x80): eight bytes at a time,
 * the last 4..7 as two overlapping loads, the last 1..3 bytewise. */
static inline int ps_is_ascii(const char *s, size_t len) {
    const unsigned char *p = (const unsigned char *)s;
    uint64_t any = 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        any |= w;
    }
    size_t rest = len - i;
    if (rest >= 4) {
        uint32_t a, b;
        memcpy(&a, p + i, 4);
        memcpy(&b, p + len - 4, 4);
        any |= a | b;
    } else if (rest) {
        any |= (uint64_t)(p[i] | p[i + rest / 2] | p[len - 1]);
    }
    return (any & 0x8080808080808080ULL) == 0;
}

/* Between trie.c and names.c (see ps_names_unique): whether leaf, missing
 * below parent in a used-names table, is a generated name left implicit
 * (then in use with count 1); ps_trie_child for a leaf known not to be one
 * (no check when creating it); and the tally of the implicit names, which
 * ps_trie_size counts as nodes. */
struct ps_trie;
int ps_names_implied(struct ps_trie *t, uint32_t parent, const char *leaf, size_t len);
uint32_t ps_trie_child_unimplied(struct ps_trie *t, uint32_t parent, const char *leaf,
                                 size_t len, int create, int *err);
void ps_trie_note_implicit(struct ps_trie *t);

#endif /* PYSCOPE_UTIL_H */
