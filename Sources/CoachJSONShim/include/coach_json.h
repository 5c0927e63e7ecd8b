/* coach_json.h — a C view of simdjson for Swift: parse JSON bytes and hand over simdjson's
   tape, which Swift reads in place (CoachEngine's JSONInput.swift). */
#ifndef COACH_JSON_H
#define COACH_JSON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct coach_json_parser coach_json_parser;

/* A parser, reusable across documents (not thread-safe: one per thread). NULL when out of memory. */
coach_json_parser *coach_json_parser_new(void);
void coach_json_parser_free(coach_json_parser *parser);

/* Parses data[0..len). On success returns 0 and sets *tape and *strings to simdjson's tape
   and string buffer (their format: simdjson's doc/tape.md; tape[1] is the root value), valid
   until the next parse or until the parser is freed. On failure returns a non-zero simdjson
   error code and sets *message. */
int coach_json_parse(coach_json_parser *parser, const char *data, size_t len,
                     const uint64_t **tape, const uint8_t **strings, const char **message);

/* The same, for data followed by at least 64 readable bytes (simdjson's SIMDJSON_PADDING;
   their content does not matter): parsed where it is, not copied first. */
int coach_json_parse_padded(coach_json_parser *parser, const char *data, size_t len,
                            const uint64_t **tape, const uint8_t **strings, const char **message);

/* Whether an error code of coach_json_parse says a number could not be read (malformed, or
   beyond what a 64-bit integer or a double holds). */
int coach_json_is_number_error(int code);

/* The benchmark's reference for reading: simdjson's own parse of data[0..len) plus one walk
   over every value, without building anything. Returns a checksum of what it saw (so the
   walk is not optimised away), or 0 on a syntax error. */
uint64_t coach_json_reference_walk(coach_json_parser *parser, const char *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
