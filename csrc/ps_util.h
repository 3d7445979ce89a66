/* Small helpers shared by the core's .c files (not part of the API). */
#ifndef PYSCOPE_UTIL_H
#define PYSCOPE_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Writes "_<j>" at dst (at most 22 bytes) and returns its length. */
static inline size_t ps_format_suffix(char *dst, uint64_t j) {
    char digits[20];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + j % 10);
        j /= 10;
    } while (j);
    dst[0] = '_';
    for (size_t i = 0; i < n; i++) dst[1 + i] = digits[n - 1 - i];
    return n + 1;
}

#endif /* PYSCOPE_UTIL_H */
