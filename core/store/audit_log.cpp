#include "store/audit_log.h"

#include "base/sha256.h"
#include "store/internal.h"

namespace rs::store {

std::string auditRowText(const AuditEntry& e) {
    return "replicascope-audit-v1\n" + std::to_string(e.id) + "\n" + e.timeUtc + "\n" + e.actor + "\n" + e.action +
           "\n" + e.detailsJson;
}

std::string auditRowHash(const AuditEntry& e) { return sha256Hex(e.prevHash + auditRowText(e)); }

namespace detail {

AuditEntry appendAuditRow(Connection& db, const std::string& action, const nlohmann::json& details) {
    Transaction tx(db);  // a savepoint inside the caller's transaction: head read + insert are atomic
    AuditEntry e;
    {
        auto head = db.prepare("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
        e.prevHash = head.step() ? head.text(0) : kAuditGenesisHash;
    }
    {
        // The id must be known before hashing: AUTOINCREMENT hands out max(seq, max(id)) + 1.
        auto next = db.prepare(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0),"
            " coalesce((SELECT max(id) FROM audit_log), 0)) + 1");
        next.step();
        e.id = next.int64(0);
    }
    e.timeUtc = nowUtc();
    e.actor = db.actor();
    e.action = action;
    e.detailsJson = jsonText(details.is_null() ? nlohmann::json::object() : details);
    e.hash = auditRowHash(e);
    auto insert = db.prepare(
        "INSERT INTO audit_log (id, time_utc, actor, action, details_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, "
        "?)");
    insert.bindAll(e.id, e.timeUtc, e.actor, e.action, e.detailsJson, e.prevHash, e.hash).run();
    tx.commit();
    return e;
}

}  // namespace detail

Expected<AuditEntry> appendAudit(Connection& db, const std::string& action, const std::string& detailsJson) {
    return detail::guarded("appending '" + action + "' to the audit log", [&] {
        if (action.empty()) throw StoreError("an audit action needs a name");
        return detail::appendAuditRow(db, action, detail::parseJson(detailsJson, "audit details"));
    });
}

Expected<AuditEntry> recordExport(Connection& db, const std::string& format, const std::string& path,
                                  const std::string& sha256, std::int64_t items) {
    return detail::guarded("recording an export in the audit log", [&] {
        return detail::appendAuditRow(db, "export",
                                      {{"format", format}, {"path", path}, {"sha256", sha256}, {"items", items}});
    });
}

Expected<std::string> auditHeadHash(Connection& db) {
    return detail::guarded("reading the audit head hash", [&] {
        auto st = db.prepare("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
        return st.step() ? st.text(0) : kAuditGenesisHash;
    });
}

Expected<std::int64_t> auditRowCount(Connection& db) {
    return detail::guarded("counting audit rows", [&] {
        auto st = db.prepare("SELECT count(*) FROM audit_log");
        st.step();
        return st.int64(0);
    });
}

Expected<std::vector<AuditEntry>> listAudit(Connection& db, std::int64_t afterId, int limit) {
    return detail::guarded("reading the audit log", [&] {
        auto st = db.prepare(
            "SELECT id, time_utc, actor, action, details_json, prev_hash, hash FROM audit_log WHERE id > ? ORDER BY id "
            "LIMIT ?");
        st.bindAll(afterId, limit);
        std::vector<AuditEntry> out;
        while (st.step())
            out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6)});
        return out;
    });
}

}  // namespace rs::store
