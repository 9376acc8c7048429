#include "diffusion/io/json.h"

#include "diffusion/io/utf8.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <unordered_set>

namespace rs::diffusion {
namespace {

const std::string kEmptyString;
const Json::Array kEmptyArray;
const Json::Object kEmptyObject;

struct ParseError {
    std::string message;
    std::size_t offset;
};

class Parser {
public:
    Parser(std::string_view text, const JsonLimits& limits) : m_s(text), m_limits(limits) {}

    Json parseDocument() {
        skipSpace();
        Json v = parseValue(0);
        skipSpace();
        if (m_pos != m_s.size()) fail("unexpected text after the JSON value");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& what) { throw ParseError{what, m_pos}; }
    [[noreturn]] void failAt(const std::string& what, std::size_t pos) { throw ParseError{what, pos}; }

    void skipSpace() {
        while (m_pos < m_s.size()) {
            const char c = m_s[m_pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                ++m_pos;
            else
                break;
        }
    }

    bool consumeWord(const char* word) {
        const std::size_t n = std::strlen(word);
        if (m_s.substr(m_pos, n) != word) return false;
        m_pos += n;
        return true;
    }

    Json parseValue(int depth) {
        if (m_pos >= m_s.size()) fail("unexpected end of input, expected a value");
        const char c = m_s[m_pos];
        switch (c) {
        case '{':
            return parseObject(depth + 1);
        case '[':
            return parseArray(depth + 1);
        case '"':
            return Json(parseString());
        case 't':
            if (consumeWord("true")) return Json(true);
            break;
        case 'f':
            if (consumeWord("false")) return Json(false);
            break;
        case 'n':
            if (consumeWord("null")) return Json();
            break;
        default:
            if (c == '-' || (c >= '0' && c <= '9')) return parseNumber();
        }
        fail(std::string("unexpected character '") + (c >= 0x20 && c < 0x7F ? std::string(1, c) : "\\x" + hexByte(c)) +
             "', expected a value");
    }

    static std::string hexByte(char c) {
        char buf[3];
        std::snprintf(buf, sizeof buf, "%02X", static_cast<unsigned char>(c));
        return buf;
    }

    void checkDepth(int depth) {
        if (depth > m_limits.maxDepth) fail("nesting deeper than " + std::to_string(m_limits.maxDepth) + " levels");
    }

    Json parseObject(int depth) {
        checkDepth(depth);
        ++m_pos;  // '{'
        Json::Object members;
        std::unordered_set<std::string> seen;
        skipSpace();
        if (m_pos < m_s.size() && m_s[m_pos] == '}') {
            ++m_pos;
            return Json(std::move(members));
        }
        for (;;) {
            skipSpace();
            if (m_pos >= m_s.size() || m_s[m_pos] != '"') fail("expected a string key in object");
            const std::size_t keyPos = m_pos;
            std::string key = parseString();
            if (!seen.insert(key).second) failAt("duplicate key \"" + key + "\"", keyPos);
            skipSpace();
            if (m_pos >= m_s.size() || m_s[m_pos] != ':') fail("expected ':' after object key");
            ++m_pos;
            skipSpace();
            Json value = parseValue(depth);
            members.emplace_back(std::move(key), std::move(value));
            skipSpace();
            if (m_pos >= m_s.size()) fail("unexpected end of input inside object");
            if (m_s[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_s[m_pos] == '}') {
                ++m_pos;
                break;
            }
            fail("expected ',' or '}' in object");
        }
        return Json(std::move(members));
    }

    Json parseArray(int depth) {
        checkDepth(depth);
        ++m_pos;  // '['
        Json::Array items;
        skipSpace();
        if (m_pos < m_s.size() && m_s[m_pos] == ']') {
            ++m_pos;
            return Json(std::move(items));
        }
        for (;;) {
            skipSpace();
            items.push_back(parseValue(depth));
            skipSpace();
            if (m_pos >= m_s.size()) fail("unexpected end of input inside array");
            if (m_s[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_s[m_pos] == ']') {
                ++m_pos;
                break;
            }
            fail("expected ',' or ']' in array");
        }
        return Json(std::move(items));
    }

    std::uint32_t parseHex4() {
        if (m_pos + 4 > m_s.size()) fail("unexpected end of input in \\u escape");
        std::uint32_t v = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = m_s[m_pos + k];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= std::uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= std::uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= std::uint32_t(c - 'A' + 10);
            else
                failAt("invalid hex digit in \\u escape", m_pos + k);
        }
        m_pos += 4;
        return v;
    }

    std::string parseString() {
        ++m_pos;  // opening quote
        std::string out;
        for (;;) {
            if (m_pos >= m_s.size()) fail("unexpected end of input inside string");
            const char c = m_s[m_pos];
            if (c == '"') {
                ++m_pos;
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) fail("unescaped control character in string");
            if (c == '\\') {
                const std::size_t escPos = m_pos;
                ++m_pos;
                if (m_pos >= m_s.size()) fail("unexpected end of input in escape");
                const char e = m_s[m_pos++];
                switch (e) {
                case '"':
                    out += '"';
                    break;
                case '\\':
                    out += '\\';
                    break;
                case '/':
                    out += '/';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u': {
                    std::uint32_t cp = parseHex4();
                    if (cp >= 0xDC00 && cp <= 0xDFFF) failAt("lone low surrogate in \\u escape", escPos);
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (m_s.substr(m_pos, 2) != "\\u")
                            failAt("high surrogate not followed by a low surrogate", escPos);
                        m_pos += 2;
                        const std::uint32_t lo = parseHex4();
                        if (lo < 0xDC00 || lo > 0xDFFF)
                            failAt("high surrogate not followed by a low surrogate", escPos);
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    }
                    appendUtf8(out, cp);
                    break;
                }
                default:
                    failAt("invalid escape '\\" + std::string(1, e) + "'", escPos);
                }
                continue;
            }
            const std::size_t n = utf8SequenceLength(m_s, m_pos);
            if (n == 0) fail("invalid UTF-8 in string");
            out.append(m_s.data() + m_pos, n);
            m_pos += n;
        }
    }

    Json parseNumber() {
        const std::size_t start = m_pos;
        bool integral = true;
        if (m_s[m_pos] == '-') ++m_pos;
        if (m_pos >= m_s.size() || !isDigit(m_s[m_pos])) fail("invalid number");
        if (m_s[m_pos] == '0') {
            ++m_pos;
            if (m_pos < m_s.size() && isDigit(m_s[m_pos])) failAt("leading zeros are not allowed in numbers", start);
        } else {
            while (m_pos < m_s.size() && isDigit(m_s[m_pos])) ++m_pos;
        }
        if (m_pos < m_s.size() && m_s[m_pos] == '.') {
            integral = false;
            ++m_pos;
            if (m_pos >= m_s.size() || !isDigit(m_s[m_pos])) fail("expected a digit after the decimal point");
            while (m_pos < m_s.size() && isDigit(m_s[m_pos])) ++m_pos;
        }
        if (m_pos < m_s.size() && (m_s[m_pos] == 'e' || m_s[m_pos] == 'E')) {
            integral = false;
            ++m_pos;
            if (m_pos < m_s.size() && (m_s[m_pos] == '+' || m_s[m_pos] == '-')) ++m_pos;
            if (m_pos >= m_s.size() || !isDigit(m_s[m_pos])) fail("expected a digit in the exponent");
            while (m_pos < m_s.size() && isDigit(m_s[m_pos])) ++m_pos;
        }
        const std::string literal(m_s.substr(start, m_pos - start));
        if (integral) {
            errno = 0;
            char* end = nullptr;
            const long long v = std::strtoll(literal.c_str(), &end, 10);
            if (errno == 0 && end == literal.c_str() + literal.size()) return Json::integer(v);
        }
        errno = 0;
        const double d = std::strtod(literal.c_str(), nullptr);
        if (!std::isfinite(d)) failAt("number out of range", start);
        return Json(d);
    }

    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    std::string_view m_s;
    const JsonLimits& m_limits;
    std::size_t m_pos = 0;
};

void appendIndent(std::string& out, int indent, int level) {
    out += '\n';
    out.append(std::size_t(indent) * std::size_t(level), ' ');
}

void appendNumber(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    // Shortest representation that reads back to the same double.
    char buf[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    std::string text(buf);
    // Keep it a JSON number that reads back as a float ("1.0", not "1").
    if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
    out += text;
}

}  // namespace

const std::string& Json::asString() const { return m_type == Type::String ? m_string : kEmptyString; }
const Json::Array& Json::asArray() const { return m_type == Type::Array ? m_array : kEmptyArray; }
Json::Array& Json::asArray() {
    if (m_type == Type::Null) m_type = Type::Array;
    return m_array;
}
const Json::Object& Json::members() const { return m_type == Type::Object ? m_object : kEmptyObject; }

const Json* Json::find(std::string_view key) const {
    if (m_type != Type::Object) return nullptr;
    for (const auto& [k, v] : m_object)
        if (k == key) return &v;
    return nullptr;
}

Json& Json::set(std::string key, Json value) {
    if (m_type == Type::Null) m_type = Type::Object;
    for (auto& [k, v] : m_object) {
        if (k == key) {
            v = std::move(value);
            return v;
        }
    }
    m_object.emplace_back(std::move(key), std::move(value));
    return m_object.back().second;
}

Json& Json::appendMember(std::string key, Json value) {
    if (m_type == Type::Null) m_type = Type::Object;
    m_object.emplace_back(std::move(key), std::move(value));
    return m_object.back().second;
}

Json& Json::push(Json value) {
    if (m_type == Type::Null) m_type = Type::Array;
    m_array.push_back(std::move(value));
    return m_array.back();
}

std::size_t Json::size() const {
    if (m_type == Type::Array) return m_array.size();
    if (m_type == Type::Object) return m_object.size();
    return 0;
}

const char* Json::typeName(Type t) {
    switch (t) {
    case Type::Null:
        return "null";
    case Type::Bool:
        return "a boolean";
    case Type::Number:
        return "a number";
    case Type::String:
        return "a string";
    case Type::Array:
        return "an array";
    case Type::Object:
        return "an object";
    }
    return "?";
}

bool operator==(const Json& a, const Json& b) {
    if (a.m_type != b.m_type) return false;
    switch (a.m_type) {
    case Json::Type::Null:
        return true;
    case Json::Type::Bool:
        return a.m_bool == b.m_bool;
    case Json::Type::Number:
        if (a.m_isInteger && b.m_isInteger) return a.m_integer == b.m_integer;
        return a.m_number == b.m_number;
    case Json::Type::String:
        return a.m_string == b.m_string;
    case Json::Type::Array:
        return a.m_array == b.m_array;
    case Json::Type::Object:
        return a.m_object == b.m_object;
    }
    return false;
}

std::string Json::dump(int indent) const {
    std::string out;
    dumpTo(out, indent, 0);
    return out;
}

void Json::dumpTo(std::string& out, int indent, int level) const {
    switch (m_type) {
    case Type::Null:
        out += "null";
        return;
    case Type::Bool:
        out += m_bool ? "true" : "false";
        return;
    case Type::Number:
        if (m_isInteger)
            out += std::to_string(m_integer);
        else
            appendNumber(out, m_number);
        return;
    case Type::String:
        appendJsonString(out, m_string);
        return;
    case Type::Array:
        out += '[';
        for (std::size_t i = 0; i < m_array.size(); ++i) {
            if (i) out += ',';
            if (indent >= 0) appendIndent(out, indent, level + 1);
            m_array[i].dumpTo(out, indent, level + 1);
        }
        if (indent >= 0 && !m_array.empty()) appendIndent(out, indent, level);
        out += ']';
        return;
    case Type::Object:
        out += '{';
        for (std::size_t i = 0; i < m_object.size(); ++i) {
            if (i) out += ',';
            if (indent >= 0) appendIndent(out, indent, level + 1);
            appendJsonString(out, m_object[i].first);
            out += indent >= 0 ? ": " : ":";
            m_object[i].second.dumpTo(out, indent, level + 1);
        }
        if (indent >= 0 && !m_object.empty()) appendIndent(out, indent, level);
        out += '}';
        return;
    }
}

void appendJsonString(std::string& out, std::string_view s) {
    out += '"';
    for (const char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

Expected<Json> parseJson(std::string_view text, const JsonLimits& limits) {
    if (text.size() > limits.maxBytes)
        return makeError("JSON text of " + std::to_string(text.size()) + " bytes is over the limit of " +
                         std::to_string(limits.maxBytes) + " bytes");
    try {
        Parser parser(text, limits);
        return parser.parseDocument();
    } catch (const ParseError& e) {
        return makeError("invalid JSON: " + e.message + " at byte " + std::to_string(e.offset));
    } catch (const std::bad_alloc&) {
        return makeError("invalid JSON: out of memory while parsing");
    }
}

Expected<Json> readJsonFile(const std::string& path, const JsonLimits& limits) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError(path + ": cannot open (" + std::strerror(errno) + ")");
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size < 0) return makeError(path + ": cannot read");
    if (static_cast<std::uint64_t>(size) > limits.maxBytes)
        return makeError(path + ": " + std::to_string(static_cast<long long>(size)) +
                         " bytes is over the JSON limit of " + std::to_string(limits.maxBytes) + " bytes");
    in.seekg(0);
    std::string text(static_cast<std::size_t>(size), '\0');
    if (!in.read(text.data(), size)) return makeError(path + ": read failed");
    // Editors on some systems start files with a UTF-8 byte-order mark; it is not JSON.
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    auto parsed = parseJson(text, limits);
    if (!parsed) return makeError(path + ": " + parsed.message());
    return parsed;
}


}  // namespace rs::diffusion
