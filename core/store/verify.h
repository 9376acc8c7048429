#pragma once
// Verifies a case: the database's own integrity, the audit hash chain, the rows the audit log
// vouches for, the values the readers would silently drop when malformed (a candidate's match
// boxes), and the SHA-256 of every stored image. Never writes; works on a case opened
// read-only (e.g. from write-blocked media).
#include "base/expected.h"
#include "store/case_file.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rs::store {

struct VerifyProblem {
    enum class Kind {
        DatabaseDamaged,   // PRAGMA quick_check failed
        AuditRowAltered,   // a row's contents no longer match its hash
        AuditChainBroken,  // prev_hash does not match the previous row (row removed, inserted or reordered)
        AuditRowsMissing,  // id gap, or rows removed from the end
        AuditUnprotected,  // the triggers that forbid UPDATE/DELETE on audit_log are gone
        RecordMismatch,    // a row differs from what the audit log recorded for it
        RecordMalformed,   // a stored value cannot be read (e.g. a candidate's match_regions_json)
        ImageMissing,      // a stored (or referenced) image file is absent
        ImageAltered,      // an image file's bytes no longer hash to its name
    };
    Kind kind;
    std::string table;       // "audit_log", "reviews", "stored_files", ...
    std::int64_t rowId = 0;  // 0 when not about one row
    std::string file;        // image file, when about one
    std::string message;     // one line a person can act on
};

struct VerifyReport {
    std::vector<VerifyProblem> problems;
    std::vector<std::string> notes;  // harmless findings, e.g. an unregistered file left by a crash
    std::int64_t auditRows = 0;
    std::int64_t recordsChecked = 0;
    std::int64_t imagesChecked = 0;
    std::string auditHeadHash;
    int schemaVersion = 0;
    bool ok() const { return problems.empty(); }
};

const char* toString(VerifyProblem::Kind kind);

// Called after each image is hashed; return false to stop (the report then says it is partial).
using VerifyProgress = std::function<bool(std::int64_t done, std::int64_t total)>;

// At most `maxProblemsPerKind` problems of one kind are listed, then one summarising the rest.
Expected<VerifyReport> verifyCase(CaseFile& caseFile, const VerifyProgress& progress = {},
                                  int maxProblemsPerKind = 1000);

std::string verifyReportJson(
    const VerifyReport& report);  // {"ok":…, "problems":[{kind, table, row, file, message}], …}

}  // namespace rs::store
