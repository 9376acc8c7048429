#pragma once
// What earlier imports into a reference set already did, so that an interrupted import can be
// re-run and do only what is missing.
//
// Every batch an import writes appends, in the same transaction as its rows, one audit-log row
// "references.sources" listing each occurrence it stored (source + SHA-256, also the ones merged
// into an existing row as duplicates) and the descriptor the set is described with. The log is
// append-only and hash-chained, so it is also the evidence of where every image came from.
// The resume set is the union of those occurrences and the `source` column of the set's rows.
#include "base/expected.h"
#include "store/connection.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace rs::reference {

inline constexpr const char* kJournalAction = "references.sources";
inline constexpr const char* kImportFinishedAction = "references.import_finished";

struct SetDescriptor {
    std::string name;         // e.g. "builtin-lab16-grad-v1", "sscd_disc_mixup"
    std::string modelSha256;  // empty for the built-in descriptor
    int dimension = 0;
    bool operator==(const SetDescriptor& o) const {
        return name == o.name && modelSha256 == o.modelSha256 && dimension == o.dimension;
    }
};

struct JournalOccurrence {
    std::string source;
    std::string sha256;
    std::string url;  // provenance URL when the source knew one (img2dataset JSON)
};

struct SetImportState {
    std::unordered_set<std::string> doneSources;
    std::unordered_map<std::string, std::string> knownHashes;  // sha256 -> source of the row holding it
    std::int64_t rows = 0;
    bool hasDescriptor = false;
    SetDescriptor descriptor;        // from the journal (valid when hasDescriptor)
    int storedDescriptorBytes = -1;  // length of an existing row's descriptor blob (-1: none seen)
};

// Reads the journal and the set's rows (without descriptors).
Expected<SetImportState> readSetImportState(store::Connection& db, const std::string& setName);

// The descriptor identity a set was imported with; error when the set has none recorded.
Expected<SetDescriptor> setDescriptor(store::Connection& db, const std::string& setName);

// Appends one "references.sources" row (call inside the transaction that writes the batch).
Status appendJournal(store::Connection& db, const std::string& setName, const std::string& importLabel,
                     const SetDescriptor& descriptor, const std::vector<JournalOccurrence>& occurrences);

// Text safe for JSON: invalid UTF-8 bytes become U+FFFD.
std::string utf8Safe(const std::string& text);
bool isValidUtf8(const std::string& text);

}  // namespace rs::reference
