/* How the cost of a unique name grows as one flat scope fills (issue 13,
 * part 3): fills a used-names table with N distinct names, then times the
 * next W names, distinct ("x<i>") or one base ("MatMul" W times after it was
 * used N times), in ns per name, best of R rounds; and the mean cost of the
 * N names that filled it (the table's growth included).
 *
 *   cc -std=c99 -O3 -o bench_flat bench_flat.c trie.c names.c
 *   ./bench_flat [W] [R] [N ...]       (default 10000 5 1000 ... 1000000)
 *
 * BENCH_FLAT_ONLY=same (or =distinct) runs one kind only, for profiles
 * (valgrind --tool=cachegrind: the misses of the W names are those of a run
 * minus those of the same run with W = 0).
 */
#define _POSIX_C_SOURCE 199309L
#include "pyscope_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the cores are shared */
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void unique(ps_trie *t, const char *name, size_t len) {
    uint64_t suffix;
    if (ps_names_unique(t, PS_ROOT, name, len, 1, &suffix, NULL) != PS_OK) {
        fputs("out of memory\n", stderr);
        exit(1);
    }
}

/* ns per name of the W names after N (and in *fill, of the N names that
 * filled the table, growth included; in *bytes, the table's bytes per name
 * then); same != 0: one base throughout. */
static double run(long n, long w, int same, double *fill, double *bytes) {
    ps_trie *t = ps_trie_new(1);
    char buf[32];
    double t_fill = now();
    for (long i = 0; i < n; i++) {
        if (same) unique(t, "MatMul", 6);
        else unique(t, buf, (size_t)snprintf(buf, sizeof buf, "op%ld", i));
    }
    *fill = (now() - t_fill) * 1e9 / (double)n;
    *bytes = (double)ps_trie_memory(t) / (double)n;
    char (*names)[16] = malloc((size_t)w * sizeof *names);
    size_t *lens = malloc((size_t)w * sizeof *lens);
    for (long i = 0; i < w; i++)
        lens[i] = (size_t)snprintf(names[i], sizeof names[i], same ? "MatMul" : "x%ld", i);
    double t0 = now();
    for (long i = 0; i < w; i++) unique(t, names[i], lens[i]);
    double seconds = now() - t0;
    free(names);
    free(lens);
    ps_trie_free(t);
    return w ? seconds * 1e9 / (double)w : 0.0;
}

int main(int argc, char **argv) {
    long w = argc > 1 ? atol(argv[1]) : 10000;
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    long sizes[16] = {1000, 10000, 100000, 1000000};
    int n_sizes = 4;
    if (argc > 3) {
        n_sizes = 0;
        for (int i = 3; i < argc && n_sizes < 16; i++) sizes[n_sizes++] = atol(argv[i]);
    }
    const char *only = getenv("BENCH_FLAT_ONLY");
    int first = only && strcmp(only, "same") == 0, last = !(only && strcmp(only, "distinct") == 0);
    printf("%10s %12s %12s %12s %12s %12s\n", "N", "same ns", "distinct ns", "fill same",
           "fill dist.", "B/name dist.");
    for (int s = 0; s < n_sizes; s++) {
        double best[2] = {1e30, 1e30}, best_fill[2] = {1e30, 1e30}, bytes[2] = {1e30, 1e30};
        for (int r = 0; r < rounds; r++)
            for (int same = first; same <= last; same++) {
                double fill, ns = run(sizes[s], w, same, &fill, &bytes[same]);
                if (ns < best[same]) best[same] = ns;
                if (fill < best_fill[same]) best_fill[same] = fill;
            }
        printf("%10ld", sizes[s]);
        const double *cols[5] = {&best[1], &best[0], &best_fill[1], &best_fill[0], &bytes[0]};
        for (int k = 0; k < 5; k++) /* a kind not run (BENCH_FLAT_ONLY) shows "-" */
            if (*cols[k] < 1e29) printf(" %12.1f", *cols[k]);
            else printf(" %12s", "-");
        printf("\n");
    }
    return 0;
}
