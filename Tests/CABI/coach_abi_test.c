/* coach_abi_test.c — exercises every function of include/coach.h from C, as an embedder
 * would: engines from directories and from texts, evaluation (the same bytes as
 * `coach eval --format json`), explain, reload (good and broken) while four threads evaluate,
 * info, and every kind of wrong argument. Built and run by `make test` (also as C++).
 *
 *   coach_abi_test PACKAGE_ROOT
 */
#include "coach.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
static const char *root = ".";

#define CHECK(cond, what)                                                    \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, (what)); \
            failures++;                                                      \
        }                                                                    \
    } while (0)

static char *read_file(const char *relative, size_t *length) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, relative);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = (char *)malloc((size_t)n + 1);
    size_t got = fread(text, 1, (size_t)n, f);
    fclose(f);
    text[got] = 0;
    if (length) *length = got;
    return text;
}

static int contains(const coach_result *r, const char *needle) { return strstr(coach_result_json(r), needle) != NULL; }

/* JSON text without the spaces and line breaks between its tokens (those inside strings kept):
 * indented JSON made one line. Written over `text` itself; returns the new length. */
static size_t without_layout(char *text, size_t length) {
    size_t out = 0;
    int in_string = 0, escaped = 0;
    for (size_t i = 0; i < length; i++) {
        char ch = text[i];
        if (in_string) {
            if (escaped) escaped = 0;
            else if (ch == '\\') escaped = 1;
            else if (ch == '"') in_string = 0;
        } else if (ch == '"') {
            in_string = 1;
        } else if (ch == ' ' || ch == '\n') {
            continue;
        }
        text[out++] = ch;
    }
    return out;
}

/* The fingerprint in a result's JSON ("fingerprint":"..." or "fingerprint": "..."). */
static void fingerprint_of(const coach_result *r, char out[17]) {
    const char *p = strstr(coach_result_json(r), "\"fingerprint\":");
    out[0] = 0;
    if (!p) return;
    p = strchr(p + 14, '"');
    if (!p) return;
    memcpy(out, p + 1, 16);
    out[16] = 0;
}

static const char *examples[] = {"high-returns-day-45", "missing-and-malformed", "new-seller-day-3", "no-sale-day-25",
                                 "policy-problem", "slipping-day-58", "thriving-day-80"};
#define EXAMPLES (sizeof examples / sizeof examples[0])

static void test_directories_and_evaluation(void) {
    char rules[4096], playbooks[4096];
    snprintf(rules, sizeof rules, "%s/Rules", root);
    snprintf(playbooks, sizeof playbooks, "%s/Playbooks", root);
    coach_engine *engine = NULL;
    coach_result *made = coach_engine_new(rules, playbooks, &engine);
    CHECK(coach_result_ok(made) == 1 && engine != NULL, coach_result_json(made));
    CHECK(contains(made, "\"fingerprint\""), "the new engine's info names its fingerprint");
    coach_result_free(made);

    for (size_t i = 0; i < EXAMPLES; i++) {
        char path[256];
        size_t length = 0, expected_length = 0;
        snprintf(path, sizeof path, "Examples/%s.json", examples[i]);
        char *snapshot = read_file(path, &length);
        snprintf(path, sizeof path, "Tests/CoachCLITests/Expected/%s.json", examples[i]);
        char *expected = read_file(path, &expected_length);
        CHECK(snapshot && expected, "the example and its expected output are readable");
        if (!snapshot || !expected) continue;
        coach_result *r = coach_evaluate(engine, snapshot, length);
        CHECK(coach_result_ok(r) == 1, coach_result_json(r));
        CHECK(coach_result_length(r) == expected_length && memcmp(coach_result_json(r), expected, expected_length) == 0,
              "coach_evaluate gives the bytes of coach eval --format json");
        CHECK(coach_result_json(r)[coach_result_length(r)] == 0, "the JSON is NUL-terminated");
        coach_result_free(r);

        coach_result *line = coach_evaluate_line(engine, snapshot, length);
        size_t expected_line = without_layout(expected, expected_length);
        CHECK(coach_result_ok(line) == 1, coach_result_json(line));
        CHECK(coach_result_length(line) == expected_line + 1 && memcmp(coach_result_json(line), expected, expected_line) == 0 &&
                  coach_result_json(line)[expected_line] == '\n',
              "coach_evaluate_line gives the same JSON on one line, a line feed at the end");
        coach_result_free(line);

        coach_result *all = coach_explain(engine, snapshot, length, NULL);
        CHECK(coach_result_ok(all) == 1 && contains(all, "\"rules\""), coach_result_json(all));
        coach_result_free(all);
        free(snapshot);
        free(expected);
    }

    size_t length = 0;
    char *snapshot = read_file("Examples/no-sale-day-25.json", &length);
    coach_result *one = coach_explain(engine, snapshot, length, "escalate.no-first-sale");
    CHECK(coach_result_ok(one) == 1 && contains(one, "escalate.no-first-sale"), coach_result_json(one));
    coach_result_free(one);
    coach_result *unknown = coach_explain(engine, snapshot, length, "escalate.no-first-sal");
    CHECK(coach_result_ok(unknown) == 0 && contains(unknown, "did you mean"), coach_result_json(unknown));
    coach_result_free(unknown);
    /* A rule id that is not UTF-8 is refused as such, not repaired into another id. */
    coach_result *not_utf8_id = coach_explain(engine, snapshot, length, "listing.\xff");
    CHECK(coach_result_ok(not_utf8_id) == 0 && contains(not_utf8_id, "abi.argument") && contains(not_utf8_id, "not UTF-8"),
          coach_result_json(not_utf8_id));
    coach_result_free(not_utf8_id);
    /* An unknown rule id of a megabyte is named by its first 200 characters, not echoed whole. */
    char *long_id = (char *)malloc(1 << 20);
    CHECK(long_id != NULL, "malloc");
    memset(long_id, 'x', (1 << 20) - 1);
    long_id[(1 << 20) - 1] = '\0';
    coach_result *long_unknown = coach_explain(engine, snapshot, length, long_id);
    CHECK(coach_result_ok(long_unknown) == 0 && contains(long_unknown, "no rule with id") && strlen(coach_result_json(long_unknown)) < 2000,
          "an unknown rule id is clipped in the error");
    coach_result_free(long_unknown);
    free(long_id);

    const char *broken = "{\"seller\": {\"id\": \"S-1\"}, \"as_of\": 3}";
    coach_result *bad = coach_evaluate(engine, broken, strlen(broken));
    CHECK(coach_result_ok(bad) == 0, "a broken snapshot is an error");
    CHECK(contains(bad, "\"error\"") && contains(bad, "\"diagnostics\"") && contains(bad, "\"code\""), coach_result_json(bad));
    coach_result_free(bad);
    coach_result *syntax = coach_evaluate(engine, "{\"seller\":", 10);
    CHECK(coach_result_ok(syntax) == 0 && contains(syntax, "malformed JSON"), coach_result_json(syntax));
    coach_result_free(syntax);

    coach_result *info = coach_engine_info(engine);
    CHECK(coach_result_ok(info) == 1 && contains(info, "\"engine\"") && contains(info, "marketplace-mentorship"), coach_result_json(info));
    coach_result_free(info);
    coach_result *again = coach_reload(engine);
    CHECK(coach_result_ok(again) == 1, coach_result_json(again));
    coach_result_free(again);

    coach_engine_free(engine);
    coach_result *gone = coach_evaluate(engine, snapshot, length);
    CHECK(coach_result_ok(gone) == 0 && contains(gone, "not a live engine"), "a freed engine is an error, not a crash");
    coach_result_free(gone);
    free(snapshot);

    coach_engine *none = (coach_engine *)1;
    /* A path that is not UTF-8 is refused, never repaired into another folder's name. */
    coach_result *not_utf8_path = coach_engine_new("R\xe8gles", playbooks, &none);
    CHECK(coach_result_ok(not_utf8_path) == 0 && none == NULL && contains(not_utf8_path, "not UTF-8"), coach_result_json(not_utf8_path));
    coach_result_free(not_utf8_path);
    none = (coach_engine *)1;
    coach_result *missing = coach_engine_new("/nonexistent/Rules", playbooks, &none);
    CHECK(coach_result_ok(missing) == 0 && none == NULL, "a missing directory is an error and no engine");
    CHECK(contains(missing, "does not exist") && contains(missing, "rules.no-directory"), coach_result_json(missing));
    coach_result_free(missing);
}

/* The shipped rule set as in-memory files. */
#define MAX_FILES 64
static const char *rule_files[] = {"ruleset.yaml", "signals.yaml", "definitions.yaml", "customer-service.yaml",
                                   "data-driven-decisions.yaml", "escalations.yaml", "inventory.yaml",
                                   "listing-optimisation.yaml", "policy-compliance.yaml", "pricing.yaml",
                                   "supplier-negotiation.yaml"};
static const char *playbook_files[] = {"new-seller-90-days.yaml", "resources.yaml"};

struct files {
    const char *names[MAX_FILES];
    const char *texts[MAX_FILES];
    size_t lengths[MAX_FILES];
    size_t count;
};

static void load_files(struct files *f) {
    f->count = 0;
    for (size_t i = 0; i < sizeof rule_files / sizeof rule_files[0]; i++) {
        char path[256], *name = (char *)malloc(256);
        snprintf(path, sizeof path, "Rules/%s", rule_files[i]);
        snprintf(name, 256, "Rules/%s", rule_files[i]);
        f->names[f->count] = name;
        f->texts[f->count] = read_file(path, &f->lengths[f->count]);
        f->count++;
    }
    for (size_t i = 0; i < sizeof playbook_files / sizeof playbook_files[0]; i++) {
        char path[256], *name = (char *)malloc(256);
        snprintf(path, sizeof path, "Playbooks/%s", playbook_files[i]);
        snprintf(name, 256, "Playbooks/%s", playbook_files[i]);
        f->names[f->count] = name;
        f->texts[f->count] = read_file(path, &f->lengths[f->count]);
        f->count++;
    }
}

struct worker {
    coach_engine *engine;
    const char *snapshot;
    size_t length;
    volatile int *stop;
    int evaluations, errors, mixed;
    char first[17];
};

static void *evaluate_continuously(void *arg) {
    struct worker *w = (struct worker *)arg;
    while (!*w->stop) {
        coach_result *r = coach_evaluate(w->engine, w->snapshot, w->length);
        if (coach_result_ok(r) != 1) w->errors++;
        /* A result is all from one version: its fingerprint and its content agree. */
        char fp[17];
        fingerprint_of(r, fp);
        if (strlen(fp) != 16) w->mixed++;
        w->evaluations++;
        coach_result_free(r);
    }
    return NULL;
}

static void test_texts_reload_and_threads(void) {
    struct files f;
    load_files(&f);
    coach_engine *engine = NULL;
    coach_result *made = coach_engine_new_from_texts(f.names, f.texts, f.lengths, f.count, &engine);
    CHECK(coach_result_ok(made) == 1 && engine != NULL, coach_result_json(made));
    char before[17];
    fingerprint_of(made, before);
    coach_result_free(made);

    size_t length = 0;
    char *snapshot = read_file("Examples/slipping-day-58.json", &length);
    volatile int stop = 0;
    struct worker workers[4];
    pthread_t threads[4];
    for (int t = 0; t < 4; t++) {
        memset(&workers[t], 0, sizeof workers[t]);
        workers[t].engine = engine;
        workers[t].snapshot = snapshot;
        workers[t].length = length;
        workers[t].stop = &stop;
        pthread_create(&threads[t], NULL, evaluate_continuously, &workers[t]);
    }

    /* A broken update: the old version keeps serving, every problem comes back. */
    const char *saved = f.texts[0];
    size_t saved_length = f.lengths[0];
    const char *broken = "name: x\nversion: \"1\"\nphases: [";
    f.texts[0] = broken;
    f.lengths[0] = strlen(broken);
    coach_result *failed = coach_reload_from_texts(engine, f.names, f.texts, f.lengths, f.count);
    CHECK(coach_result_ok(failed) == 0 && contains(failed, "Rules/ruleset.yaml"), coach_result_json(failed));
    coach_result_free(failed);
    coach_result *still = coach_engine_info(engine);
    char during[17];
    fingerprint_of(still, during);
    CHECK(strcmp(before, during) == 0, "after a broken reload the old version serves");
    coach_result_free(still);

    /* A text that is not UTF-8 is refused at its place, as the same file in a folder is
       (never loaded with the byte replaced). */
    const char *latin1 = "name: x\nversion: \"caf\xe9\"\n";
    f.texts[0] = latin1;
    f.lengths[0] = strlen(latin1);
    coach_result *not_utf8 = coach_reload_from_texts(engine, f.names, f.texts, f.lengths, f.count);
    CHECK(coach_result_ok(not_utf8) == 0 && contains(not_utf8, "yaml.invalid-utf8") && contains(not_utf8, "\"line\":2"),
          coach_result_json(not_utf8));
    coach_result_free(not_utf8);

    /* A fixed update: the new fingerprint answers. */
    f.texts[0] = saved;
    f.lengths[0] = saved_length;
    size_t limits_at = 0;
    char *changed = (char *)malloc(saved_length + 64);
    memcpy(changed, saved, saved_length);
    const char *extra = "\n# reloaded\n";
    memcpy(changed + saved_length, extra, strlen(extra));
    f.texts[0] = changed;
    f.lengths[0] = saved_length + strlen(extra);
    (void)limits_at;
    coach_result *fixed = coach_reload_from_texts(engine, f.names, f.texts, f.lengths, f.count);
    CHECK(coach_result_ok(fixed) == 1, coach_result_json(fixed));
    char after[17];
    fingerprint_of(fixed, after);
    CHECK(strlen(after) == 16 && strcmp(before, after) != 0, "the fixed version has a new fingerprint");
    coach_result_free(fixed);
    coach_result *now = coach_evaluate(engine, snapshot, length);
    char answered[17];
    fingerprint_of(now, answered);
    CHECK(strcmp(answered, after) == 0, "evaluations after the reload name the new fingerprint");
    coach_result_free(now);

    stop = 1;
    int total = 0;
    for (int t = 0; t < 4; t++) {
        pthread_join(threads[t], NULL);
        CHECK(workers[t].errors == 0, "no evaluation failed during the reloads");
        CHECK(workers[t].mixed == 0, "every result names one fingerprint");
        total += workers[t].evaluations;
    }
    CHECK(total > 0, "the threads evaluated");
    coach_engine_free(engine);
    free(changed);
    free(snapshot);
    for (size_t i = 0; i < f.count; i++) {
        free((void *)f.names[i]);
        if (i != 0) free((void *)f.texts[i]);
    }
    free((void *)saved);
}

static void test_wrong_arguments(void) {
    CHECK(strlen(coach_version()) > 0, "the version is known");
    coach_engine *engine = NULL;
    coach_result *r = coach_engine_new(NULL, NULL, &engine);
    CHECK(coach_result_ok(r) == 0 && engine == NULL && contains(r, "must not be NULL"), coach_result_json(r));
    coach_result_free(r);
    r = coach_engine_new("Rules", "Playbooks", NULL);
    CHECK(coach_result_ok(r) == 0, "a NULL out-parameter is an error");
    coach_result_free(r);
    r = coach_engine_new_from_texts(NULL, NULL, NULL, 3, &engine);
    CHECK(coach_result_ok(r) == 0 && engine == NULL, coach_result_json(r));
    coach_result_free(r);
    const char *names[] = {"notes.txt"};
    const char *texts[] = {"hello"};
    size_t lengths[] = {5};
    r = coach_engine_new_from_texts(names, texts, lengths, 1, &engine);
    CHECK(coach_result_ok(r) == 0 && contains(r, "rules.file-name"), coach_result_json(r));
    coach_result_free(r);
    r = coach_evaluate(NULL, "{}", 2);
    CHECK(coach_result_ok(r) == 0 && contains(r, "abi.argument"), coach_result_json(r));
    coach_result_free(r);
    r = coach_explain(NULL, "{}", 2, NULL);
    CHECK(coach_result_ok(r) == 0, "explain without an engine is an error");
    coach_result_free(r);
    r = coach_reload(NULL);
    CHECK(coach_result_ok(r) == 0, "reload without an engine is an error");
    coach_result_free(r);
    r = coach_reload_from_texts(NULL, names, texts, lengths, 1);
    CHECK(coach_result_ok(r) == 0, "reload_from_texts without an engine is an error");
    coach_result_free(r);
    r = coach_engine_info((coach_engine *)&failures);
    CHECK(coach_result_ok(r) == 0, "a pointer that is not an engine is an error");
    coach_result_free(r);
    CHECK(coach_result_ok(NULL) == 0 && coach_result_length(NULL) == strlen(coach_result_json(NULL)), "a NULL result reads as an error");
    /* A result freed twice: the second free touches nothing, even a result made in between. */
    coach_result *first = coach_engine_info(NULL);
    coach_result_free(first);
    coach_result *second = coach_engine_info(NULL);
    coach_result_free(first);
    CHECK(coach_result_ok(first) == 0 && strstr(coach_result_json(first), "not a live coach_result") != NULL, "a freed result stays unknown");
    CHECK(strstr(coach_result_json(second), "not a live engine") != NULL, "a result made after another was freed stays live");
    coach_result_free(second);
    size_t huge[] = {(size_t)-1};
    r = coach_engine_new_from_texts(names, texts, huge, 1, &engine);
    CHECK(coach_result_ok(r) == 0 && contains(r, "too large"), coach_result_json(r));
    coach_result_free(r);
    coach_result_free(NULL);
    coach_result_free((coach_result *)&failures);
    coach_engine_free(NULL);
}

int main(int argc, char **argv) {
    if (argc > 1) root = argv[1];
    test_directories_and_evaluation();
    test_texts_reload_and_threads();
    test_wrong_arguments();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("coach C ABI: every function checked, all passed\n");
    return 0;
}
