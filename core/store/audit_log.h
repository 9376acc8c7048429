#pragma once
// The append-only, hash-chained audit log of a case.
//
// Row text (what is hashed), one field per line, no trailing newline:
//   replicascope-audit-v1 \n <id> \n <time_utc> \n <actor> \n <action> \n <details_json>
// hash = SHA-256 hex of (prev_hash + row text); prev_hash of the first row is 64 zeros.
// details_json is canonical (keys sorted, no spaces), so the text is reproducible byte for byte.
//
// Triggers reject UPDATE and DELETE on audit_log. Someone with raw file access can drop them;
// verifyCase() then catches any edited row (hash mismatch), removed or reordered row (chain or
// id gap), and a removed tail (AUTOINCREMENT counter ahead of the last row). A tail removal
// that also resets the counter is only caught by comparing the head hash with one recorded
// elsewhere, which is why reports print auditHeadHash().
#include "base/expected.h"
#include "store/connection.h"
#include "store/records.h"

#include <string>
#include <vector>

namespace rs::store {

inline const std::string kAuditGenesisHash(64, '0');

std::string auditRowText(const AuditEntry& entry);
std::string auditRowHash(const AuditEntry& entry);  // uses entry.prevHash

// Appends a row for `action` with details (any JSON text; stored canonicalised), actor = db.actor().
// Used directly for events the store does not see itself, e.g. action "export" by core/report.
Expected<AuditEntry> appendAudit(Connection& db, const std::string& action, const std::string& detailsJson);
// Convenience for exports: details {"format", "path", "sha256", "items"} as given.
Expected<AuditEntry> recordExport(Connection& db, const std::string& format, const std::string& path,
                                  const std::string& sha256, std::int64_t items);

// Hash of the newest row (kAuditGenesisHash for an empty log).
Expected<std::string> auditHeadHash(Connection& db);
Expected<std::int64_t> auditRowCount(Connection& db);
// Rows with id > afterId in id order, at most limit.
Expected<std::vector<AuditEntry>> listAudit(Connection& db, std::int64_t afterId = 0, int limit = 1000);

}  // namespace rs::store
