/* coach.h — the C ABI of coach, a rules-and-recommendation engine for seller-mentorship
 * programs: JSON in, JSON out.
 *
 * Link with -lcoach (libcoach.so). Every function is safe to call from any thread, at the
 * same time, on the same engine; the engine keeps the per-thread state it needs.
 *
 * Ownership: every function returning a coach_result * hands the caller a result it owns.
 * Read it with coach_result_ok / coach_result_json / coach_result_length, and release it
 * with coach_result_free — the one function that frees what this library returns. The text
 * of coach_result_json is valid until then. An engine made by coach_engine_new or
 * coach_engine_new_from_texts is released with coach_engine_free.
 *
 * Errors: nothing is thrown and nothing aborts. A call that fails returns a result whose
 * coach_result_ok is 0 and whose JSON is
 *     {"error": "first message", "diagnostics": [{"severity", "code", "message",
 *      "location": {"file", "line", "column"}, "hint", "notes": [{"message", "location"}]}, ...]}
 * (location, hint and notes appear when known; docs/diagnostics.md lists every code). A NULL or unknown engine or result pointer, or a
 * NULL argument that is required, is such an error, never a crash.
 */
#ifndef COACH_H
#define COACH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A rule set serving evaluations, reloadable while it serves. Opaque. */
typedef struct coach_engine coach_engine;

/* The answer of one call: JSON text, or an error JSON. Opaque; owned by the caller. */
typedef struct coach_result coach_result;

/* The library's version, e.g. "0.1.0". Static: do not free. */
const char *coach_version(void);

/* Loads and compiles the rule set in rules_dir with the playbooks in playbooks_dir.
 * On success *engine is the new engine (owned by the caller: coach_engine_free) and the
 * result's JSON is the engine's info (as coach_engine_info); on failure *engine is NULL
 * and the result holds every problem found. The paths are UTF-8 (one that is not is an
 * abi.argument error, never repaired); a relative path is taken from the working directory
 * of this call, and coach_reload reads the same folders whatever the working directory is
 * then. */
coach_result *coach_engine_new(const char *rules_dir, const char *playbooks_dir, coach_engine **engine);

/* The same from files held in memory: count files, each a name ("Rules/NAME.yaml" or
 * "Playbooks/NAME.yaml") and a UTF-8 text of lengths[i] bytes. The library copies what it
 * needs; the caller keeps ownership of names and texts. A name or text that is not UTF-8 is
 * an error (yaml.invalid-utf8 at its line and column, as for the same file in a folder),
 * never repaired; the limits of a folder apply (at most 1,000 rule and 1,000 playbook files). */
coach_result *coach_engine_new_from_texts(const char *const *names, const char *const *texts, const size_t *lengths,
                                          size_t count, coach_engine **engine);

/* Evaluates one seller snapshot (JSON, length bytes). The result's JSON is the same bytes
 * `coach eval --format json` prints for it; it names the fingerprint of the rule set that
 * produced it ("ruleset": {"fingerprint": ...}). */
coach_result *coach_evaluate(coach_engine *engine, const char *snapshot, size_t length);

/* The same evaluation, its JSON on one line with a line feed at the end: the line `coach
 * batch --output full` writes for the snapshot. A quarter fewer bytes than coach_evaluate's,
 * and faster to write: for hosts that parse the result rather than show it. */
coach_result *coach_evaluate_line(coach_engine *engine, const char *snapshot, size_t length);

/* Explains every rule for one snapshot, or only rule_id (UTF-8) when it is not NULL: the same
 * bytes as `coach explain --format json`. */
coach_result *coach_explain(coach_engine *engine, const char *snapshot, size_t length, const char *rule_id);

/* Loads the rule set again from where it came from and swaps it in atomically: evaluations
 * already running finish on the version they started with. On failure the old version keeps
 * serving and the result holds every problem of the new one. On success the JSON is the
 * new version's info. */
coach_result *coach_reload(coach_engine *engine);

/* The same, from files held in memory (as coach_engine_new_from_texts); later calls to
 * coach_reload read these files again. */
coach_result *coach_reload_from_texts(coach_engine *engine, const char *const *names, const char *const *texts,
                                      const size_t *lengths, size_t count);

/* {"engine": library version, "name", "version", "fingerprint", "rules", "items"} of the
 * rule set serving now. */
coach_result *coach_engine_info(coach_engine *engine);

/* Releases an engine. Evaluations running on it from other threads finish first; calls
 * after this one with the same pointer are errors. NULL is ignored. */
void coach_engine_free(coach_engine *engine);

/* 1 when the result holds the answer, 0 when it holds an error (or result is not a live
 * result). */
int coach_result_ok(const coach_result *result);

/* The result's JSON, NUL-terminated UTF-8, valid until coach_result_free. Never NULL: an
 * unknown result gives an error JSON of static storage. */
const char *coach_result_json(const coach_result *result);

/* The length of the result's JSON in bytes, without the terminating NUL. */
size_t coach_result_length(const coach_result *result);

/* Releases a result. NULL, and a pointer that is not a live result, are ignored. */
void coach_result_free(coach_result *result);

#ifdef __cplusplus
}
#endif

#endif /* COACH_H */
