// Typed reads of config values with messages naming the file and the key.
#include "diffusion/io/json.h"

#include <cmath>

namespace rs::diffusion {
namespace {

std::string keyError(std::string_view where, std::string_view key, const std::string& what) {
    std::string msg;
    if (!where.empty()) {
        msg.append(where);
        msg += ": ";
    }
    msg += '\'';
    msg.append(key);
    msg += "' ";
    msg += what;
    return msg;
}

Expected<const Json*> member(const Json& obj, std::string_view key, std::string_view where) {
    if (!obj.isObject()) return makeError(std::string(where) + (where.empty() ? "" : ": ") + "expected a JSON object");
    const Json* v = obj.find(key);
    if (!v) return makeError(keyError(where, key, "is missing"));
    return v;
}

bool missingOrNull(const Json& obj, std::string_view key) {
    const Json* v = obj.find(key);
    return !v || v->isNull();
}

template <class T, class Convert>
Expected<T> typed(const Json& obj, std::string_view key, std::string_view where, Convert&& convert) {
    auto v = member(obj, key, where);
    if (!v) return v.error();
    return convert(**v);
}

template <class T, class Convert>
Expected<std::vector<T>> typedArray(const Json& obj, std::string_view key, std::string_view where,
                                    const char* elementWhat, Convert&& convert) {
    auto v = member(obj, key, where);
    if (!v) return v.error();
    const Json& a = **v;
    const std::string must = std::string("must be an array of ") + elementWhat;
    if (!a.isArray()) return makeError(keyError(where, key, must + ", not " + Json::typeName(a.type())));
    std::vector<T> out;
    out.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto e = convert(a.asArray()[i]);
        if (!e)
            return makeError(
                keyError(where, key, must + " (element " + std::to_string(i) + " is " + e.message() + ")"));
        out.push_back(std::move(*e));
    }
    return out;
}

Expected<std::int64_t> toInt(const Json& v) {
    if (v.isInteger()) return v.asInt();
    if (v.isNumber()) return makeError("the non-integer number " + v.dump());
    return makeError(Json::typeName(v.type()));
}
Expected<double> toNumber(const Json& v) {
    if (v.isNumber()) return v.asDouble();
    return makeError(Json::typeName(v.type()));
}
Expected<bool> toBool(const Json& v) {
    if (v.isBool()) return v.asBool();
    return makeError(Json::typeName(v.type()));
}
Expected<std::string> toString(const Json& v) {
    if (v.isString()) return v.asString();
    return makeError(Json::typeName(v.type()));
}

template <class T>
Expected<T> scalar(const Json& obj, std::string_view key, std::string_view where, const char* what,
                   Expected<T> (*convert)(const Json&)) {
    return typed<T>(obj, key, where, [&](const Json& v) -> Expected<T> {
        auto r = convert(v);
        if (!r) return makeError(keyError(where, key, std::string("must be ") + what + ", not " + r.message()));
        return r;
    });
}

}  // namespace

Expected<std::int64_t> jsonInt(const Json& obj, std::string_view key, std::string_view where) {
    return scalar<std::int64_t>(obj, key, where, "an integer", toInt);
}
Expected<std::int64_t> jsonIntOr(const Json& obj, std::string_view key, std::string_view where, std::int64_t fallback) {
    if (obj.isObject() && missingOrNull(obj, key)) return fallback;
    return jsonInt(obj, key, where);
}
Expected<double> jsonNumber(const Json& obj, std::string_view key, std::string_view where) {
    return scalar<double>(obj, key, where, "a number", toNumber);
}
Expected<double> jsonNumberOr(const Json& obj, std::string_view key, std::string_view where, double fallback) {
    if (obj.isObject() && missingOrNull(obj, key)) return fallback;
    return jsonNumber(obj, key, where);
}
Expected<bool> jsonBool(const Json& obj, std::string_view key, std::string_view where) {
    return scalar<bool>(obj, key, where, "true or false", toBool);
}
Expected<bool> jsonBoolOr(const Json& obj, std::string_view key, std::string_view where, bool fallback) {
    if (obj.isObject() && missingOrNull(obj, key)) return fallback;
    return jsonBool(obj, key, where);
}
Expected<std::string> jsonString(const Json& obj, std::string_view key, std::string_view where) {
    return scalar<std::string>(obj, key, where, "a string", toString);
}
Expected<std::string> jsonStringOr(const Json& obj, std::string_view key, std::string_view where,
                                   std::string fallback) {
    if (obj.isObject() && missingOrNull(obj, key)) return fallback;
    return jsonString(obj, key, where);
}
Expected<std::vector<std::int64_t>> jsonIntArray(const Json& obj, std::string_view key, std::string_view where) {
    return typedArray<std::int64_t>(obj, key, where, "integers", toInt);
}
Expected<std::vector<double>> jsonNumberArray(const Json& obj, std::string_view key, std::string_view where) {
    return typedArray<double>(obj, key, where, "numbers", toNumber);
}
Expected<std::vector<std::string>> jsonStringArray(const Json& obj, std::string_view key, std::string_view where) {
    return typedArray<std::string>(obj, key, where, "strings", toString);
}

// ---- JsonConfigReader

JsonConfigReader::JsonConfigReader(const Json& root, std::string where) : m_root(root), m_where(std::move(where)) {
    if (!m_root.isObject()) fail(m_where + ": expected a JSON object, not " + Json::typeName(m_root.type()));
}

bool JsonConfigReader::has(std::string_view key) const { return !missingOrNull(m_root, key); }

const Json* JsonConfigReader::raw(std::string_view key) {
    m_read.emplace(key);
    return m_root.find(key);
}

template <class T, class F>
T JsonConfigReader::read(std::string_view key, const T* fallback, F&& fn) {
    m_read.emplace(key);
    if (m_error) return fallback ? *fallback : T{};
    if (fallback && missingOrNull(m_root, key)) return *fallback;
    auto r = fn();
    if (!r) {
        m_error = r.message();
        return fallback ? *fallback : T{};
    }
    return std::move(*r);
}

std::int64_t JsonConfigReader::integer(std::string_view key) {
    return read<std::int64_t>(key, nullptr, [&] { return jsonInt(m_root, key, m_where); });
}
std::int64_t JsonConfigReader::integer(std::string_view key, std::int64_t fallback) {
    return read<std::int64_t>(key, &fallback, [&] { return jsonInt(m_root, key, m_where); });
}
double JsonConfigReader::number(std::string_view key) {
    return read<double>(key, nullptr, [&] { return jsonNumber(m_root, key, m_where); });
}
double JsonConfigReader::number(std::string_view key, double fallback) {
    return read<double>(key, &fallback, [&] { return jsonNumber(m_root, key, m_where); });
}
bool JsonConfigReader::boolean(std::string_view key) {
    return read<bool>(key, nullptr, [&] { return jsonBool(m_root, key, m_where); });
}
bool JsonConfigReader::boolean(std::string_view key, bool fallback) {
    return read<bool>(key, &fallback, [&] { return jsonBool(m_root, key, m_where); });
}
std::string JsonConfigReader::string(std::string_view key) {
    return read<std::string>(key, nullptr, [&] { return jsonString(m_root, key, m_where); });
}
std::string JsonConfigReader::string(std::string_view key, const std::string& fallback) {
    return read<std::string>(key, &fallback, [&] { return jsonString(m_root, key, m_where); });
}
std::vector<std::int64_t> JsonConfigReader::intArray(std::string_view key) {
    return read<std::vector<std::int64_t>>(key, nullptr, [&] { return jsonIntArray(m_root, key, m_where); });
}
std::vector<std::int64_t> JsonConfigReader::intArray(std::string_view key, const std::vector<std::int64_t>& fallback) {
    return read<std::vector<std::int64_t>>(key, &fallback, [&] { return jsonIntArray(m_root, key, m_where); });
}
std::vector<std::string> JsonConfigReader::stringArray(std::string_view key) {
    return read<std::vector<std::string>>(key, nullptr, [&] { return jsonStringArray(m_root, key, m_where); });
}
std::vector<std::string> JsonConfigReader::stringArray(std::string_view key, const std::vector<std::string>& fallback) {
    return read<std::vector<std::string>>(key, &fallback, [&] { return jsonStringArray(m_root, key, m_where); });
}
std::vector<double> JsonConfigReader::numberArray(std::string_view key, const std::vector<double>& fallback) {
    return read<std::vector<double>>(key, &fallback, [&] { return jsonNumberArray(m_root, key, m_where); });
}

void JsonConfigReader::fail(const std::string& message) {
    if (!m_error) m_error = message;
}

void JsonConfigReader::failKey(std::string_view key, const std::string& what) { fail(keyError(m_where, key, what)); }

Status JsonConfigReader::status() const {
    if (m_error) return makeError(*m_error);
    return Status::success();
}

std::vector<std::string> JsonConfigReader::unreadKeys() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : m_root.members()) {
        (void)v;
        if (!k.empty() && k[0] == '_') continue;
        if (m_read.find(k) == m_read.end()) out.push_back(k);
    }
    return out;
}

}  // namespace rs::diffusion
