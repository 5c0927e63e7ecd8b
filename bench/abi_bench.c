/* abi_bench.c — `make bench`: the cost of one evaluation through the C ABI, result JSON
 * included (coach_evaluate + coach_result_free), per example snapshot of the shipped rules;
 * and the same with the result on one line (coach_evaluate_line).
 *
 *   abi_bench ROOT [ITERATIONS]
 */
#define _POSIX_C_SOURCE 199309L
#include "coach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *read_file(const char *path, size_t *length) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = (char *)malloc((size_t)n + 1);
    *length = fread(text, 1, (size_t)n, f);
    fclose(f);
    return text;
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    int iterations = argc > 2 ? atoi(argv[2]) : 5000;
    static const char *names[] = {"high-returns-day-45", "missing-and-malformed", "new-seller-day-3", "no-sale-day-25",
                                  "policy-problem", "slipping-day-58", "thriving-day-80"};
    char rules[4096], playbooks[4096];
    snprintf(rules, sizeof rules, "%s/Rules", root);
    snprintf(playbooks, sizeof playbooks, "%s/Playbooks", root);
    coach_engine *engine = NULL;
    coach_result *made = coach_engine_new(rules, playbooks, &engine);
    if (!coach_result_ok(made)) {
        fprintf(stderr, "%s\n", coach_result_json(made));
        return 1;
    }
    coach_result_free(made);
    double total = 0, total_line = 0;
    int count = 0;
    printf("snapshot                        bytes   µs per coach_evaluate (result JSON included)   coach_evaluate_line\n");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[4096];
        size_t length = 0;
        snprintf(path, sizeof path, "%s/Examples/%s.json", root, names[i]);
        char *snapshot = read_file(path, &length);
        if (!snapshot) continue;
        double best = 1e9, best_line = 1e9;
        for (int form = 0; form < 2; form++) {
            coach_result *(*evaluate)(coach_engine *, const char *, size_t) = form == 0 ? coach_evaluate : coach_evaluate_line;
            double *kept = form == 0 ? &best : &best_line;
            coach_result_free(evaluate(engine, snapshot, length));
            for (int pass = 0; pass < 3; pass++) {
                double start = now();
                for (int k = 0; k < iterations; k++) coach_result_free(evaluate(engine, snapshot, length));
                double us = (now() - start) * 1e6 / iterations;
                if (us < *kept) *kept = us;
            }
        }
        printf("%-30s %6zu   %8.2f                                      %8.2f\n", names[i], length, best, best_line);
        total += best;
        total_line += best_line;
        count++;
        free(snapshot);
    }
    printf("mean: %.2f µs per evaluation through the C ABI (target < 10 µs: %s); %.2f µs on one line (%s)\n", total / count,
           total / count < 10 ? "met" : "NOT MET", total_line / count, total_line / count < 10 ? "met" : "NOT MET");
    coach_engine_free(engine);
    return 0;
}
