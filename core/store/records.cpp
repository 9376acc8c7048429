#include "store/internal.h"
#include "store/records.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>

namespace rs::store {

const char* toString(RunStatus status) {
    switch (status) {
    case RunStatus::Running:
        return "running";
    case RunStatus::Finished:
        return "finished";
    case RunStatus::Failed:
        return "failed";
    case RunStatus::Cancelled:
        return "cancelled";
    }
    return "running";
}

const char* toString(CandidateStatus status) {
    switch (status) {
    case CandidateStatus::Pending:
        return "pending";
    case CandidateStatus::Confirmed:
        return "confirmed";
    case CandidateStatus::Rejected:
        return "rejected";
    case CandidateStatus::Unsure:
        return "unsure";
    case CandidateStatus::PartialCopy:
        return "partial";
    }
    return "pending";
}

std::optional<RunStatus> runStatusFromString(const std::string& text) {
    for (auto s : {RunStatus::Running, RunStatus::Finished, RunStatus::Failed, RunStatus::Cancelled})
        if (text == toString(s)) return s;
    return std::nullopt;
}

std::optional<CandidateStatus> candidateStatusFromString(const std::string& text) {
    for (auto s : {CandidateStatus::Pending, CandidateStatus::Confirmed, CandidateStatus::Rejected,
                   CandidateStatus::Unsure, CandidateStatus::PartialCopy})
        if (text == toString(s)) return s;
    return std::nullopt;
}

namespace detail {

std::string nowUtc() {
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

nlohmann::json parseJson(const std::string& text, const std::string& what) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw StoreError(what + " is not valid JSON: " + e.what());
    }
}

namespace {

// Appends `text` as a JSON string exactly as nlohmann's dump() writes it. Plain printable ASCII
// (metric names, threshold labels) is copied as is; anything else goes through nlohmann, which
// escapes it and refuses invalid UTF-8.
void appendJsonString(std::string& out, const std::string& text) {
    for (const char c : text) {
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
            out += nlohmann::json(text).dump();
            return;
        }
    }
    out += '"';
    out += text;
    out += '"';
}

}  // namespace

// Written directly instead of through a json value (a map node and a string per entry): the
// candidates' distances and thresholds are serialised for every inserted row. The numbers come
// from nlohmann's own shortest round-trip formatter, so the text is the one dump() would give.
std::string toJson(const std::map<std::string, double>& values) {
    std::string out;
    out.reserve(16 + values.size() * 32);
    out += '{';
    for (const auto& [k, v] : values) {
        if (out.size() > 1) out += ',';
        appendJsonString(out, k);
        out += ':';
        if (std::isfinite(v)) {
            char buf[64];
            out.append(buf, nlohmann::detail::to_chars(buf, buf + sizeof buf, v));
        } else {
            out += "null";
        }
    }
    out += '}';
    return out;
}

std::string toJson(const std::vector<std::string>& values) {
    std::string out;
    out.reserve(2 + values.size() * 16);
    out += '[';
    for (const auto& v : values) {
        if (out.size() > 1) out += ',';
        appendJsonString(out, v);
    }
    out += ']';
    return out;
}

std::string toJson(const std::map<std::string, std::string>& values) { return nlohmann::json(values).dump(); }
std::string toJson(const std::vector<std::int64_t>& values) { return nlohmann::json(values).dump(); }

std::map<std::string, double> doubleMapFromJson(const std::string& text) {
    std::map<std::string, double> out;
    const auto j = parseJson(text, "stored distances");
    for (auto it = j.begin(); it != j.end(); ++it)
        out[it.key()] = it->is_number() ? it->get<double>() : std::numeric_limits<double>::quiet_NaN();
    return out;
}

std::map<std::string, std::string> stringMapFromJson(const std::string& text) {
    return parseJson(text, "stored file hashes").get<std::map<std::string, std::string>>();
}

std::vector<std::string> stringListFromJson(const std::string& text) {
    return parseJson(text, "stored list").get<std::vector<std::string>>();
}

std::vector<std::int64_t> intListFromJson(const std::string& text) {
    return parseJson(text, "stored seeds").get<std::vector<std::int64_t>>();
}

}  // namespace detail
}  // namespace rs::store
