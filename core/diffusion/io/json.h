#pragma once
// A small strict JSON value, parser and serializer (standard library only) for model configs,
// safetensors headers, tokenizer files and sidecars.
//
// API:
//   Expected<Json> parseJson(std::string_view text, JsonLimits = {});   // errors give the byte offset
//   Expected<Json> readJsonFile(const std::string& path, JsonLimits = {}); // errors start with the path
//   Json: type() / isNull() isBool() isNumber() isInteger() isString() isArray() isObject(),
//         asBool() asDouble() asInt() asString() asArray() members(), find(key), set(key, v),
//         appendMember(k, v), push(v), size(), dump(indent)
//   Typed reads with messages like "unet/config.json: 'block_out_channels' must be an array
//   of integers": jsonInt / jsonNumber / jsonBool / jsonString / jsonIntArray / ... and
//   JsonConfigReader (collects the first error, remembers which keys were read).
#include "base/expected.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rs::diffusion {

class Json {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };
    using Array = std::vector<Json>;
    // Insertion order is kept (and written back by dump()); keys are unique.
    using Object = std::vector<std::pair<std::string, Json>>;

    Json() = default;
    Json(std::nullptr_t) {}
    Json(bool b) : m_type(Type::Bool), m_bool(b) {}
    Json(int v) : Json(IntegerTag{}, v) {}
    Json(long v) : Json(IntegerTag{}, v) {}
    Json(long long v) : Json(IntegerTag{}, v) {}
    Json(unsigned v) : Json(IntegerTag{}, v) {}
    // Sizes and counts; values above INT64_MAX are not representable and wrap.
    Json(unsigned long v) : Json(IntegerTag{}, static_cast<std::int64_t>(v)) {}
    Json(unsigned long long v) : Json(IntegerTag{}, static_cast<std::int64_t>(v)) {}
    Json(double v) : m_type(Type::Number), m_number(v) {}
    Json(const char* s) : m_type(Type::String), m_string(s) {}
    Json(std::string s) : m_type(Type::String), m_string(std::move(s)) {}
    Json(std::string_view s) : m_type(Type::String), m_string(s) {}
    Json(Array a) : m_type(Type::Array), m_array(std::move(a)) {}
    Json(Object o) : m_type(Type::Object), m_object(std::move(o)) {}
    static Json array() { return Json(Array{}); }
    static Json object() { return Json(Object{}); }
    // A number given both as double and as exact integer (the parser uses this for literals
    // without fraction or exponent that fit in int64).
    static Json integer(std::int64_t v) { return Json(IntegerTag{}, v); }

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isNumber() const { return m_type == Type::Number; }
    // True for integral literals (no fraction/exponent) that fit in int64.
    bool isInteger() const { return m_type == Type::Number && m_isInteger; }
    bool isString() const { return m_type == Type::String; }
    bool isArray() const { return m_type == Type::Array; }
    bool isObject() const { return m_type == Type::Object; }

    // Accessors of the wrong type return false / 0 / empty: check the type first.
    bool asBool() const { return m_type == Type::Bool && m_bool; }
    double asDouble() const { return m_type == Type::Number ? m_number : 0.0; }
    std::int64_t asInt() const { return isInteger() ? m_integer : 0; }
    const std::string& asString() const;
    const Array& asArray() const;
    Array& asArray();
    const Object& members() const;

    // Objects: the member with this key, or nullptr (also when this is not an object).
    const Json* find(std::string_view key) const;
    bool contains(std::string_view key) const { return find(key) != nullptr; }
    // Objects: replace the member or append it (turns a null into an object).
    Json& set(std::string key, Json value);
    // Objects: append without looking for an existing key (the caller guarantees it is new);
    // for building large objects (a 49,408-entry vocab.json) in linear time.
    Json& appendMember(std::string key, Json value);
    // Arrays: append (turns a null into an array).
    Json& push(Json value);
    // Elements of an array or members of an object; 0 otherwise.
    std::size_t size() const;

    // indent < 0: compact. Non-finite numbers are written as null (JSON has no NaN/Inf).
    std::string dump(int indent = -1) const;
    static const char* typeName(Type t);

    friend bool operator==(const Json& a, const Json& b);
    friend bool operator!=(const Json& a, const Json& b) { return !(a == b); }

private:
    struct IntegerTag {};
    Json(IntegerTag, std::int64_t v)
        : m_type(Type::Number), m_isInteger(true), m_number(static_cast<double>(v)), m_integer(v) {}
    void dumpTo(std::string& out, int indent, int level) const;

    Type m_type = Type::Null;
    bool m_bool = false;
    bool m_isInteger = false;
    double m_number = 0.0;
    std::int64_t m_integer = 0;
    std::string m_string;
    Array m_array;
    Object m_object;
};

struct JsonLimits {
    std::size_t maxBytes = std::size_t(128) << 20;  // input size
    int maxDepth = 256;                             // nested arrays/objects
};

// Strict RFC 8259: one value, no comments, no trailing commas, no NaN, no duplicate keys,
// no control characters in strings, valid UTF-8, \uXXXX with surrogate pairs decoded to
// UTF-8 (lone surrogates are errors). Errors read "... at byte N".
Expected<Json> parseJson(std::string_view text, const JsonLimits& limits = {});
// Reads and parses a file; errors start with the path.
Expected<Json> readJsonFile(const std::string& path, const JsonLimits& limits = {});
// Appends the JSON string literal for s (quotes included) to out.
void appendJsonString(std::string& out, std::string_view s);

// ---- Typed reads from an object. `where` names the source in messages ("unet/config.json").
// Missing keys are errors; the *Or variants return the fallback when the key is missing or null.
Expected<std::int64_t> jsonInt(const Json& obj, std::string_view key, std::string_view where);
Expected<std::int64_t> jsonIntOr(const Json& obj, std::string_view key, std::string_view where, std::int64_t fallback);
Expected<double> jsonNumber(const Json& obj, std::string_view key, std::string_view where);
Expected<double> jsonNumberOr(const Json& obj, std::string_view key, std::string_view where, double fallback);
Expected<bool> jsonBool(const Json& obj, std::string_view key, std::string_view where);
Expected<bool> jsonBoolOr(const Json& obj, std::string_view key, std::string_view where, bool fallback);
Expected<std::string> jsonString(const Json& obj, std::string_view key, std::string_view where);
Expected<std::string> jsonStringOr(const Json& obj, std::string_view key, std::string_view where, std::string fallback);
Expected<std::vector<std::int64_t>> jsonIntArray(const Json& obj, std::string_view key, std::string_view where);
Expected<std::vector<double>> jsonNumberArray(const Json& obj, std::string_view key, std::string_view where);
Expected<std::vector<std::string>> jsonStringArray(const Json& obj, std::string_view key, std::string_view where);

// Reads many values from one config object, keeping the first error; every getter returns a
// usable default after an error so a loader can read all fields and check status() once.
// Remembers the keys read so a loader can refuse settings it does not understand.
class JsonConfigReader {
public:
    // Keeps a reference to root, which must outlive the reader.
    JsonConfigReader(const Json& root, std::string where);

    // Present and not null.
    bool has(std::string_view key) const;
    // The raw value (marks the key as read); nullptr when missing.
    const Json* raw(std::string_view key);

    std::int64_t integer(std::string_view key);
    std::int64_t integer(std::string_view key, std::int64_t fallback);
    double number(std::string_view key);
    double number(std::string_view key, double fallback);
    bool boolean(std::string_view key);
    bool boolean(std::string_view key, bool fallback);
    std::string string(std::string_view key);
    std::string string(std::string_view key, const std::string& fallback);
    std::vector<std::int64_t> intArray(std::string_view key);
    std::vector<std::int64_t> intArray(std::string_view key, const std::vector<std::int64_t>& fallback);
    std::vector<std::string> stringArray(std::string_view key);
    std::vector<std::string> stringArray(std::string_view key, const std::vector<std::string>& fallback);
    std::vector<double> numberArray(std::string_view key, const std::vector<double>& fallback);

    // Record an error of the loader's own ("unet/config.json: 'act_fn' = 'mish' is not supported").
    void fail(const std::string& message);
    // "<where>: '<key>' <what>", recorded as the error.
    void failKey(std::string_view key, const std::string& what);

    bool ok() const { return !m_error.has_value(); }
    Status status() const;
    const std::string& where() const { return m_where; }
    // Keys of the object not read so far, excluding those starting with '_' (diffusers'
    // _class_name, _diffusers_version, _name_or_path).
    std::vector<std::string> unreadKeys() const;

private:
    template <class T, class F>
    T read(std::string_view key, const T* fallback, F&& fn);

    const Json& m_root;
    std::string m_where;
    std::set<std::string, std::less<>> m_read;
    std::optional<std::string> m_error;
};

}  // namespace rs::diffusion
