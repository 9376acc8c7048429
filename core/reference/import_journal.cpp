#include "reference/import_journal.h"

#include "store/audit_log.h"
#include "store/case_repository.h"

#include <nlohmann/json.hpp>

namespace rs::reference {

namespace {

constexpr int kPage = 4096;

std::size_t utf8SequenceLength(const std::string& s, std::size_t i) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    unsigned min = 0;
    if (b < 0x80) return 1;
    if ((b & 0xE0) == 0xC0)
        len = 2, min = 0x80;
    else if ((b & 0xF0) == 0xE0)
        len = 3, min = 0x800;
    else if ((b & 0xF8) == 0xF0)
        len = 4, min = 0x10000;
    else
        return 0;
    if (i + len > s.size()) return 0;
    unsigned cp = b & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

std::string toHex(const std::string& s) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string fromHex(const std::string& h) {
    std::string out;
    auto val = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    for (std::size_t i = 0; i + 1 < h.size(); i += 2) out += static_cast<char>(val(h[i]) * 16 + val(h[i + 1]));
    return out;
}

}  // namespace

bool isValidUtf8(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8SequenceLength(text, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string utf8Safe(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8SequenceLength(text, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(text, i, n);
            i += n;
        }
    }
    return out;
}

Status appendJournal(store::Connection& db, const std::string& setName, const std::string& importLabel,
                     const SetDescriptor& descriptor, const std::vector<JournalOccurrence>& occurrences) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& o : occurrences) {
        nlohmann::json e = {{"source", utf8Safe(o.source)}, {"sha256", o.sha256}};
        // The exact bytes of a name that is not UTF-8, so resuming recognises it.
        if (!isValidUtf8(o.source)) e["source_hex"] = toHex(o.source);
        if (!o.url.empty()) e["url"] = utf8Safe(o.url);
        list.push_back(std::move(e));
    }
    const nlohmann::json details = {
        {"set", utf8Safe(setName)},
        {"import", utf8Safe(importLabel)},
        {"descriptor",
         {{"name", descriptor.name}, {"model_sha256", descriptor.modelSha256}, {"dimension", descriptor.dimension}}},
        {"occurrences", std::move(list)}};
    auto row = store::appendAudit(db, kJournalAction, details.dump());
    if (!row) return row.error();
    return {};
}

Expected<SetImportState> readSetImportState(store::Connection& db, const std::string& setName) {
    SetImportState state;
    const std::string safeSet = utf8Safe(setName);
    std::int64_t after = 0;
    for (;;) {
        auto rows = store::listAudit(db, after, 1000);
        if (!rows) return rows.error();
        if (rows->empty()) break;
        for (const auto& row : *rows) {
            after = row.id;
            if (row.action != kJournalAction) continue;
            nlohmann::json j = nlohmann::json::parse(row.detailsJson, nullptr, false);
            if (j.is_discarded() || !j.is_object() || j.value("set", std::string()) != safeSet) continue;
            if (!state.hasDescriptor && j.contains("descriptor") && j["descriptor"].is_object()) {
                const auto& d = j["descriptor"];
                state.descriptor.name = d.value("name", std::string());
                state.descriptor.modelSha256 = d.value("model_sha256", std::string());
                state.descriptor.dimension = d.value("dimension", 0);
                state.hasDescriptor = true;
            }
            if (!j.contains("occurrences") || !j["occurrences"].is_array()) continue;
            for (const auto& o : j["occurrences"]) {
                if (!o.is_object()) continue;
                if (o.contains("source_hex") && o["source_hex"].is_string())
                    state.doneSources.insert(fromHex(o["source_hex"].get<std::string>()));
                else if (o.contains("source") && o["source"].is_string())
                    state.doneSources.insert(o["source"].get<std::string>());
            }
        }
    }
    for (std::int64_t offset = 0;; offset += kPage) {
        auto page = store::listReferenceImages(db, setName, kPage, offset, false);
        if (!page) return page.error();
        for (const auto& r : *page) {
            state.doneSources.insert(r.source);
            state.knownHashes.emplace(r.sha256, r.source);
            ++state.rows;
        }
        if (static_cast<int>(page->size()) < kPage) break;
    }
    if (state.rows > 0) {
        auto first = store::listReferenceImages(db, setName, 1, 0, true);
        if (first && !first->empty() && first->front().descriptor)
            state.storedDescriptorBytes = static_cast<int>(first->front().descriptor->size());
    }
    return state;
}

Expected<SetDescriptor> setDescriptor(store::Connection& db, const std::string& setName) {
    auto state = readSetImportState(db, setName);
    if (!state) return state.error();
    if (!state->hasDescriptor)
        return makeError("reference set '" + setName +
                         "' has no recorded descriptor (it was not imported with 'import')");
    return state->descriptor;
}

}  // namespace rs::reference
