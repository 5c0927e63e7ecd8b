// coach_json.cpp — simdjson behind a C interface: parsing hands Swift the DOM's tape.

#include "coach_json.h"

#include <simdjson.h>
#include <cstring>
#include <new>

struct coach_json_parser {
    simdjson::dom::parser parser;
};

// The deepest nesting a snapshot may have; JSONErrorLocator.maxDepth says the same.
static const size_t max_depth = 512;

extern "C" coach_json_parser *coach_json_parser_new(void) {
    coach_json_parser *p = new (std::nothrow) coach_json_parser();
    // Later growth of the buffers keeps this depth (simdjson reallocates with max_depth()).
    if (p && p->parser.allocate(1 << 16, max_depth) != simdjson::SUCCESS) {
        delete p;
        return nullptr;
    }
    return p;
}

extern "C" void coach_json_parser_free(coach_json_parser *parser) { delete parser; }

extern "C" int coach_json_is_number_error(int code) {
    return code == int(simdjson::NUMBER_ERROR) || code == int(simdjson::NUMBER_OUT_OF_RANGE);
}

static int parse(coach_json_parser *p, const char *data, size_t len, bool padded,
                 const uint64_t **tape, const uint8_t **strings, const char **message) {
    *tape = nullptr;
    *strings = nullptr;
    *message = nullptr;
    if (!p) { *message = "no parser"; return -1; }
    try {
        simdjson::dom::element root;
        // Unpadded data is copied into the parser's padded buffer first.
        auto error = p->parser.parse(data, len, !padded).get(root);
        if (error) {
            *message = simdjson::error_message(error);
            return int(error);
        }
        *tape = p->parser.doc.tape.get();
        *strings = p->parser.doc.string_buf.get();
        return 0;
    } catch (const std::bad_alloc &) {
        *message = "out of memory";
        return -1;
    }
}

extern "C" int coach_json_parse(coach_json_parser *p, const char *data, size_t len,
                                const uint64_t **tape, const uint8_t **strings, const char **message) {
    return parse(p, data, len, false, tape, strings, message);
}

extern "C" int coach_json_parse_padded(coach_json_parser *p, const char *data, size_t len,
                                       const uint64_t **tape, const uint8_t **strings, const char **message) {
    static_assert(simdjson::SIMDJSON_PADDING <= 64, "coach_json.h promises callers 64 bytes of padding suffice");
    return parse(p, data, len, true, tape, strings, message);
}

static uint64_t walk(simdjson::dom::element e) {
    switch (e.type()) {
    case simdjson::dom::element_type::NULL_VALUE: return 1;
    case simdjson::dom::element_type::BOOL: return bool(e.get_bool().value_unsafe()) ? 3 : 2;
    case simdjson::dom::element_type::INT64: return uint64_t(e.get_int64().value_unsafe());
    case simdjson::dom::element_type::UINT64: return e.get_uint64().value_unsafe();
    case simdjson::dom::element_type::DOUBLE: {
        // The bits, not a conversion: a double past int64's range would make one undefined.
        double d = e.get_double().value_unsafe();
        uint64_t bits;
        std::memcpy(&bits, &d, sizeof bits);
        return bits;
    }
    case simdjson::dom::element_type::STRING: return e.get_string().value_unsafe().size();
    case simdjson::dom::element_type::ARRAY: {
        uint64_t sum = 7;
        simdjson::dom::array array = e.get_array().value_unsafe();
        for (simdjson::dom::element child : array) sum += walk(child);
        return sum;
    }
    case simdjson::dom::element_type::OBJECT: {
        uint64_t sum = 11;
        simdjson::dom::object object = e.get_object().value_unsafe();
        for (simdjson::dom::key_value_pair member : object) sum += member.key.size() + walk(member.value);
        return sum;
    }
    }
    return 0;
}

extern "C" uint64_t coach_json_reference_walk(coach_json_parser *p, const char *data, size_t len) {
    if (!p) return 0;
    simdjson::dom::element root;
    if (p->parser.parse(data, len, true).get(root)) return 0;
    return walk(root);
}
