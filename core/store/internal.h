#pragma once
// Helpers shared by the store's .cpp files; not part of the public API.
#include "base/expected.h"
#include "store/connection.h"
#include "store/records.h"

#include <nlohmann/json.hpp>

#include <exception>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

namespace rs::store::detail {

std::string nowUtc();

// nlohmann's default object is a std::map, so dump() sorts keys: the text is canonical.
inline std::string jsonText(const nlohmann::json& value) { return value.dump(); }
nlohmann::json parseJson(const std::string& text, const std::string& what);  // throws StoreError naming what

std::string toJson(const std::map<std::string, double>& values);
std::string toJson(const std::map<std::string, std::string>& values);
std::string toJson(const std::vector<std::string>& values);
std::string toJson(const std::vector<std::int64_t>& values);
std::map<std::string, double> doubleMapFromJson(const std::string& text);
std::map<std::string, std::string> stringMapFromJson(const std::string& text);
std::vector<std::string> stringListFromJson(const std::string& text);
std::vector<std::int64_t> intListFromJson(const std::string& text);

// A Candidate from columns 0..11 of a row: id, generation_id, reference_image_id,
// other_generation_id, prompt_id, metric, distances_json, thresholds_json, clique_id, score, status,
// match_regions_json (a malformed value reads as no regions).
Candidate readCandidate(Statement& st);

// Appends one audit row inside the caller's transaction (or its own); throws StoreError.
AuditEntry appendAuditRow(Connection& db, const std::string& action, const nlohmann::json& details);

// Catches at the module boundary: exceptions become an Error prefixed with what was being done.
template <class F>
auto guarded(const std::string& what, F&& body) -> Expected<decltype(body())> {
    try {
        return body();
    } catch (const std::exception& e) {
        return ioError(what + " failed: " + e.what());
    }
}

template <class F>
Status guardedStatus(const std::string& what, F&& body) {
    try {
        body();
        return Status::success();
    } catch (const std::exception& e) {
        return ioError(what + " failed: " + e.what());
    }
}

}  // namespace rs::store::detail
