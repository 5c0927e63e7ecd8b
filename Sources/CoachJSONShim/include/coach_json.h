/* coach_json.h — a C view of simdjson for Swift: parse JSON bytes into a flat array of
   nodes in document order (each container followed by its children). */
#ifndef COACH_JSON_H
#define COACH_JSON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Node kinds. */
enum {
    COACH_JSON_NULL = 0,
    COACH_JSON_FALSE = 1,
    COACH_JSON_TRUE = 2,
    COACH_JSON_INT = 3,     /* fits in int64: field i */
    COACH_JSON_UINT = 4,    /* above int64's range: field u */
    COACH_JSON_DOUBLE = 5,  /* has a fraction or exponent, or is too big for uint64: field d */
    COACH_JSON_STRING = 6,  /* str, str_len (UTF-8, validated) */
    COACH_JSON_ARRAY = 7,   /* count elements follow */
    COACH_JSON_OBJECT = 8   /* count members follow, each with key, key_len */
};

/* One node. Strings point into the parser's buffers and stay valid until the next parse
   or until the parser is freed. */
typedef struct {
    uint32_t kind;
    uint32_t next;      /* index just past this node and everything inside it */
    uint32_t count;     /* children of an array or object */
    uint32_t key_len;
    uint32_t str_len;
    const char *key;    /* member name when the parent is an object, else NULL */
    const char *str;
    int64_t i;
    uint64_t u;
    double d;
} coach_json_node;

typedef struct coach_json_parser coach_json_parser;

/* A parser, reusable across documents (not thread-safe: one per thread). NULL when out of memory. */
coach_json_parser *coach_json_parser_new(void);
void coach_json_parser_free(coach_json_parser *parser);

/* Parses data[0..len). On success returns 0 and sets *nodes and *count (node 0 is the
   root). On failure returns a non-zero simdjson error code and sets *message. */
int coach_json_parse(coach_json_parser *parser, const char *data, size_t len,
                     const coach_json_node **nodes, size_t *count, const char **message);

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
