#pragma once
// Case details, models, prompts and reference images. Every function runs in one transaction
// (a savepoint when the caller already holds one), and every change appends its audit row in
// that same transaction: either both are stored or neither.
#include "base/expected.h"
#include "store/connection.h"
#include "store/records.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rs::store {

// ---- case details
Expected<CaseDetails> getCaseDetails(Connection& db);
// Audited as "case.details_edited" with the old and new values. createdUtc is never changed.
Status updateCaseDetails(Connection& db, const CaseDetails& details);

// ---- models
// Audited as "model.registered". Registering the same name, path and file hashes again returns
// the existing id without a new row.
Expected<std::int64_t> registerModel(Connection& db, const ModelRecord& model);
Expected<ModelRecord> getModel(Connection& db, std::int64_t id);
Expected<std::vector<ModelRecord>> listModels(Connection& db);

// ---- prompts
// Get-or-create by exact text (stored verbatim). Returns ids in input order. Audited as
// "prompts.added" (with the count of new prompts) when any prompt is new.
Expected<std::vector<std::int64_t>> addPrompts(Connection& db, const std::vector<Prompt>& prompts);
Expected<Prompt> getPrompt(Connection& db, std::int64_t id);
Expected<std::vector<Prompt>> listPrompts(Connection& db, int limit = 1000000, std::int64_t offset = 0);

// ---- reference images
struct ReferenceImportResult {
    std::vector<std::int64_t> ids;  // per input image, in input order
    std::int64_t inserted = 0;      // new rows
    std::int64_t merged = 0;        // same bytes already in the set: its dedupCount grew instead
};
// Batch import into one set; identical bytes (same set, same SHA-256) are merged and counted.
// Audited once per call as "references.imported" (set, label, counts, SHA-256 of the hash list).
Expected<ReferenceImportResult> importReferenceImages(Connection& db, const std::vector<ReferenceImage>& images,
                                                      const std::string& importLabel = {});
Status setReferenceDescriptors(Connection& db,
                               const std::vector<std::pair<std::int64_t, std::vector<std::uint8_t>>>& descriptors);
Status setReferenceThumbnail(Connection& db, std::int64_t referenceId, const std::string& thumbnailSha256);
Expected<ReferenceImage> getReferenceImage(Connection& db, std::int64_t id);
// withDescriptors=false leaves descriptor empty (cheaper for listing).
Expected<std::vector<ReferenceImage>> listReferenceImages(Connection& db, const std::string& setName,
                                                          int limit = 1000000, std::int64_t offset = 0,
                                                          bool withDescriptors = false);
Expected<std::vector<ReferenceSetSummary>> listReferenceSets(Connection& db);

// ---- counts for "case info": table name -> rows
Expected<std::vector<std::pair<std::string, std::int64_t>>> tableCounts(Connection& db);

}  // namespace rs::store
