#include "store/verify.h"

#include "base/sha256.h"
#include "store/audit_log.h"
#include "store/internal.h"
#include "store/match_regions.h"
#include "store/review_repository.h"
#include "store/schema.h"

#include <map>
#include <set>

namespace rs::store {
namespace {

using nlohmann::json;
using Kind = VerifyProblem::Kind;

class Verifier {
public:
    Verifier(CaseFile& c, const VerifyProgress& progress, int cap)
        : m_case(c), m_db(c.db()), m_progress(progress), m_cap(cap) {}

    VerifyReport run() {
        m_report.schemaVersion = readSchemaVersion(m_db);
        checkDatabase();
        checkAuditChain();
        checkDetails();
        checkModels();
        checkRuns();
        checkReviews();
        checkCandidateStatuses();
        checkCandidatePrompts();
        checkCandidateMatchRegions();
        checkImages();
        for (const auto& [kind, extra] : m_overflow)
            m_report.problems.push_back(
                {kind, "", 0, "", "... and " + std::to_string(extra) + " more problems of kind " + toString(kind)});
        return std::move(m_report);
    }

private:
    void add(Kind kind, std::string table, std::int64_t row, std::string file, std::string message) {
        if (m_counts[kind]++ >= m_cap) {
            ++m_overflow[kind];
            return;
        }
        m_report.problems.push_back({kind, std::move(table), row, std::move(file), std::move(message)});
    }

    void checkDatabase() {
        auto st = m_db.prepare("PRAGMA quick_check(100)");
        while (st.step()) {
            const std::string line = st.text(0);
            if (line != "ok") add(Kind::DatabaseDamaged, "", 0, m_db.path().string(), "database damaged: " + line);
        }
    }

    void checkAuditChain() {
        auto st = m_db.prepare(
            "SELECT id, time_utc, actor, action, details_json, prev_hash, hash FROM audit_log ORDER BY id");
        std::string expectedPrev = kAuditGenesisHash;
        std::int64_t lastId = 0;
        while (st.step()) {
            AuditEntry e{st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6)};
            ++m_report.auditRows;
            if (e.id != lastId + 1)
                add(Kind::AuditRowsMissing, "audit_log", e.id, "",
                    "audit rows " + std::to_string(lastId + 1) + ".." + std::to_string(e.id - 1) + " are missing");
            if (e.prevHash != expectedPrev)
                add(Kind::AuditChainBroken, "audit_log", e.id, "",
                    "audit row " + std::to_string(e.id) + " (" + e.action +
                        "): prev_hash does not match the hash of the row before it (a row was removed, inserted or "
                        "reordered)");
            if (auditRowHash(e) != e.hash)
                add(Kind::AuditRowAltered, "audit_log", e.id, "",
                    "audit row " + std::to_string(e.id) + " (" + e.action +
                        "): its contents do not match its hash (edited after it was written)");
            expectedPrev = e.hash;
            lastId = e.id;
            remember(e);
        }
        m_report.auditHeadHash = expectedPrev;
        auto seq = m_db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'");
        if (seq.step() && seq.int64(0) > lastId)
            add(Kind::AuditRowsMissing, "audit_log", seq.int64(0), "",
                "audit rows " + std::to_string(lastId + 1) + ".." + std::to_string(seq.int64(0)) +
                    " were removed from the end of the log");
        if (lastId == 0)
            add(Kind::AuditRowsMissing, "audit_log", 0, "",
                "the audit log is empty; every case starts with 'case.created'");
        auto triggers = m_db.prepare(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
            " AND name IN ('audit_log_no_update', 'audit_log_no_delete')");
        triggers.step();
        if (triggers.int64(0) != 2)
            add(Kind::AuditUnprotected, "audit_log", 0, "",
                "the triggers that keep the audit log append-only were removed (the file was edited outside "
                "ReplicaScope)");
    }

    // Keeps what the log says about rows it vouches for (parsed only for those actions).
    void remember(const AuditEntry& e) {
        static const std::set<std::string> kWanted = {"case.created", "case.details_edited", "model.registered",
                                                      "run.started",  "run.finished",        "review.recorded"};
        if (!kWanted.count(e.action)) return;
        json d;
        try {
            d = json::parse(e.detailsJson);
        } catch (const std::exception&) {
            add(Kind::AuditRowAltered, "audit_log", e.id, "",
                "audit row " + std::to_string(e.id) + " holds invalid JSON details");
            return;
        }
        try {
            if (e.action == "case.created")
                m_details = d;
            else if (e.action == "case.details_edited")
                m_details = d.at("after");
            else if (e.action == "model.registered")
                m_models[d.at("model_id").get<std::int64_t>()] = d;
            else if (e.action == "run.started")
                m_runsStarted[d.at("run_id").get<std::int64_t>()] = d;
            else if (e.action == "run.finished")
                m_runsFinished[d.at("run_id").get<std::int64_t>()] = d;
            else if (e.action == "run.resumed")
                m_runsFinished.erase(d.at("run_id").get<std::int64_t>());
            else if (e.action == "review.recorded")
                m_reviews[d.at("review_id").get<std::int64_t>()] = d.at("review_sha256").get<std::string>();
        } catch (const std::exception&) {
            add(Kind::AuditRowAltered, "audit_log", e.id, "",
                "audit row " + std::to_string(e.id) + " (" + e.action + ") lacks expected details");
        }
    }

    // Lists the keys of `row` whose values differ from `logged`.
    static std::string differences(const json& row, const json& logged) {
        std::string out;
        for (auto it = row.begin(); it != row.end(); ++it)
            if (!logged.contains(it.key()) || logged.at(it.key()) != it.value())
                out += (out.empty() ? "" : ", ") + it.key();
        return out;
    }

    void checkDetails() {
        auto st =
            m_db.prepare("SELECT case_number, title, examiner, organisation, notes FROM case_details WHERE id = 1");
        if (!st.step()) return add(Kind::RecordMismatch, "case_details", 1, "", "the case details row is missing");
        ++m_report.recordsChecked;
        const json row = {{"case_number", st.text(0)},
                          {"title", st.text(1)},
                          {"examiner", st.text(2)},
                          {"organisation", st.text(3)},
                          {"notes", st.text(4)}};
        if (const std::string diff = differences(row, m_details); !diff.empty())
            add(Kind::RecordMismatch, "case_details", 1, "", "case details differ from the audit log in: " + diff);
    }

    void checkModels() {
        auto st = m_db.prepare("SELECT id, name, path, file_sha256_json, config_json FROM models ORDER BY id");
        while (st.step()) {
            ++m_report.recordsChecked;
            const std::int64_t id = st.int64(0);
            auto it = m_models.find(id);
            if (it == m_models.end()) {
                add(Kind::RecordMismatch, "models", id, "",
                    "model " + std::to_string(id) + " has no 'model.registered' audit entry");
                continue;
            }
            json row = {{"name", st.text(1)}, {"path", st.text(2)}, {"config_sha256", sha256Hex(st.text(4))}};
            try {
                row["file_sha256"] = json::parse(st.text(3));
            } catch (const std::exception&) {
                row["file_sha256"] = st.text(3);
            }
            if (const std::string diff = differences(row, it->second); !diff.empty())
                add(Kind::RecordMismatch, "models", id, "",
                    "model " + std::to_string(id) + " differs from the audit log in: " + diff);
        }
    }

    void checkRuns() {
        auto st = m_db.prepare(
            "SELECT id, model_id, sampler, steps, guidance, width, height, negative_prompt, seeds_json, device, dtype,"
            " software_version, started_utc, status, finished_utc, " +
            // The column arrived with v7; a case opened read-only at an older version has none.
            std::string(m_report.schemaVersion >= 7 ? "sampling_json" : "''") + " FROM runs ORDER BY id");
        while (st.step()) {
            ++m_report.recordsChecked;
            const std::int64_t id = st.int64(0);
            const std::string name = "run " + std::to_string(id);
            auto started = m_runsStarted.find(id);
            if (started == m_runsStarted.end()) {
                add(Kind::RecordMismatch, "runs", id, "", name + " has no 'run.started' audit entry");
                continue;
            }
            json row = {{"model_id", st.int64(1)},         {"sampler", st.text(2)},     {"steps", st.int64(3)},
                        {"guidance", st.real(4)},          {"width", st.int64(5)},      {"height", st.int64(6)},
                        {"negative_prompt", st.text(7)},   {"device", st.text(9)},      {"dtype", st.text(10)},
                        {"software_version", st.text(11)}, {"started_utc", st.text(12)}};
            try {
                row["seeds"] = json::parse(st.text(8));
            } catch (const std::exception&) {
                row["seeds"] = st.text(8);
            }
            if (const std::string sampling = st.text(15);
                !sampling.empty() || started->second.contains("sampling_json"))
                row["sampling_json"] = sampling;
            if (const std::string diff = differences(row, started->second); !diff.empty())
                add(Kind::RecordMismatch, "runs", id, "",
                    name + " differs from its 'run.started' audit entry in: " + diff);

            const std::string status = st.text(13);
            auto finished = m_runsFinished.find(id);
            if (status == "running") {
                if (finished != m_runsFinished.end())
                    add(Kind::RecordMismatch, "runs", id, "",
                        name + " is marked running but the audit log says it finished");
                else
                    m_report.notes.push_back(
                        name +
                        " is still running (or was interrupted); its generations are not yet sealed by the audit log");
                continue;
            }
            if (finished == m_runsFinished.end()) {
                add(Kind::RecordMismatch, "runs", id, "",
                    name + " is marked " + status + " without a 'run.finished' audit entry");
                continue;
            }
            const json end = {{"status", status}, {"finished_utc", st.optionalText(14).value_or("")}};
            if (const std::string diff = differences(end, finished->second); !diff.empty())
                add(Kind::RecordMismatch, "runs", id, "",
                    name + " differs from its 'run.finished' audit entry in: " + diff);
            checkGenerationsDigest(id, finished->second);
        }
    }

    void checkGenerationsDigest(std::int64_t runId, const json& finished) {
        auto gen = m_db.prepare(
            "SELECT prompt_id, seed, idx, image_sha256 FROM generations WHERE run_id = ? ORDER BY prompt_id, seed");
        gen.bind(1, runId);
        Sha256 digest;
        std::int64_t n = 0;
        while (gen.step()) {
            digest.update(std::to_string(gen.int64(0)) + " " + std::to_string(gen.int64(1)) + " " +
                          std::to_string(gen.int64(2)) + " " + gen.text(3) + "\n");
            ++n;
        }
        m_report.recordsChecked += n;
        const bool same = finished.value("generations", std::int64_t(-1)) == n &&
                          finished.value("generations_sha256", std::string()) == digest.hexDigest();
        if (!same)
            add(Kind::RecordMismatch, "generations", 0, "",
                "the generations of run " + std::to_string(runId) + " (" + std::to_string(n) +
                    " rows) differ from those sealed in its 'run.finished' audit entry (" +
                    std::to_string(finished.value("generations", std::int64_t(-1))) +
                    " rows): added, removed or edited");
    }

    void checkReviews() {
        auto st = m_db.prepare("SELECT id, candidate_id, decision, reviewer, note, time_utc FROM reviews ORDER BY id");
        std::set<std::int64_t> seen;
        while (st.step()) {
            ++m_report.recordsChecked;
            Review r{st.int64(0), st.int64(1), candidateStatusFromString(st.text(2)).value_or(CandidateStatus::Pending),
                     st.text(3),  st.text(4),  st.text(5)};
            seen.insert(r.id);
            auto it = m_reviews.find(r.id);
            if (it == m_reviews.end())
                add(Kind::RecordMismatch, "reviews", r.id, "",
                    "review " + std::to_string(r.id) + " has no 'review.recorded' audit entry");
            else if (it->second != reviewRowHash(r))
                add(Kind::RecordMismatch, "reviews", r.id, "",
                    "review " + std::to_string(r.id) + " (candidate " + std::to_string(r.candidateId) +
                        ") differs from its audit entry");
        }
        for (const auto& [id, hash] : m_reviews)
            if (!seen.count(id))
                add(Kind::RecordMismatch, "reviews", id, "",
                    "review " + std::to_string(id) + " is in the audit log but missing from the reviews table");
    }

    void checkCandidateStatuses() {
        auto st = m_db.prepare(
            "SELECT c.id, c.status, coalesce((SELECT r.decision FROM reviews r WHERE r.candidate_id = c.id ORDER BY "
            "r.id DESC LIMIT 1),"
            " 'pending') AS expected FROM candidates c WHERE c.status <> expected");
        while (st.step())
            add(Kind::RecordMismatch, "candidates", st.int64(0), "",
                "candidate " + std::to_string(st.int64(0)) + " has status '" + st.text(1) +
                    "' but its last review says '" + st.text(2) + "'");
    }

    void checkCandidatePrompts() {
        if (m_report.schemaVersion < 2) return;  // the column arrived with v2
        auto st = m_db.prepare(
            "SELECT c.id FROM candidates c JOIN generations g ON g.id = c.generation_id WHERE c.prompt_id IS NOT "
            "g.prompt_id");
        while (st.step())
            add(Kind::RecordMismatch, "candidates", st.int64(0), "",
                "candidate " + std::to_string(st.int64(0)) + " names a different prompt than its generation");
    }

    // The readers show a candidate whose boxes do not parse without them (match_regions.h); here
    // that is reported, since the app never writes such a value.
    void checkCandidateMatchRegions() {
        if (m_report.schemaVersion < 5) return;  // the column arrived with v5
        auto st = m_db.prepare(
            "SELECT id, match_regions_json FROM candidates WHERE match_regions_json IS NOT NULL ORDER BY id");
        while (st.step()) {
            ++m_report.recordsChecked;
            if (matchRegionsFromJson(st.text(1))) continue;
            add(Kind::RecordMalformed, "candidates", st.int64(0), "",
                "candidate " + std::to_string(st.int64(0)) +
                    " has a malformed match_regions_json (not two match boxes inside their images); it is shown "
                    "without boxes");
        }
    }

    void checkImages() {
        ImageStore& images = m_case.images();
        std::set<std::string> registered;
        std::int64_t total = 0;
        {
            auto count = m_db.prepare("SELECT count(*) FROM stored_files");
            count.step();
            total = count.int64(0);
        }
        auto st = m_db.prepare("SELECT sha256, extension, size_bytes FROM stored_files ORDER BY sha256");
        while (st.step()) {
            const std::string sha = st.text(0);
            const auto path = images.layoutPath(sha, st.text(1));
            registered.insert(path.lexically_normal().string());
            ++m_report.imagesChecked;
            std::error_code ec;
            if (!std::filesystem::exists(path, ec)) {
                add(Kind::ImageMissing, "stored_files", 0, path.string(),
                    "image file " + path.string() + " is missing");
            } else if (auto hash = sha256File(path); !hash) {
                add(Kind::ImageMissing, "stored_files", 0, path.string(),
                    "image file " + path.string() + " cannot be read: " + hash.message());
            } else if (*hash != sha) {
                add(Kind::ImageAltered, "stored_files", 0, path.string(),
                    "image file " + path.string() + " was altered: its SHA-256 is now " + *hash);
            }
            if (m_progress && !m_progress(m_report.imagesChecked, total)) {
                m_report.notes.push_back("stopped after " + std::to_string(m_report.imagesChecked) + " of " +
                                         std::to_string(total) + " images: the image check is incomplete");
                add(Kind::ImageMissing, "", 0, "", "verification was cancelled before every image was checked");
                return;
            }
        }
        auto dangling = m_db.prepare(
            "SELECT g.id, g.image_sha256 FROM generations g WHERE NOT EXISTS (SELECT 1 FROM stored_files s WHERE "
            "s.sha256 = g.image_sha256)");
        while (dangling.step())
            add(Kind::ImageMissing, "generations", dangling.int64(0), "",
                "generation " + std::to_string(dangling.int64(0)) + " refers to image " + dangling.text(1) +
                    ", which the case does not hold");
        noteUnregisteredFiles(images.root(), registered);
    }

    void noteUnregisteredFiles(const std::filesystem::path& root, const std::set<std::string>& registered) {
        std::error_code ec;
        if (!std::filesystem::is_directory(root, ec)) {
            if (!registered.empty())
                add(Kind::ImageMissing, "", 0, root.string(), "the image folder " + root.string() + " is missing");
            return;
        }
        int listed = 0;
        for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
            if (!it->is_regular_file(ec)) continue;
            if (registered.count(it->path().lexically_normal().string())) continue;
            if (++listed <= 20)
                m_report.notes.push_back("file " + it->path().string() +
                                         " is in the image folder but not registered in the case");
        }
        if (listed > 20)
            m_report.notes.push_back("... and " + std::to_string(listed - 20) + " more unregistered files");
    }

    CaseFile& m_case;
    Connection& m_db;
    const VerifyProgress& m_progress;
    int m_cap;
    VerifyReport m_report;
    std::map<Kind, int> m_counts;
    std::map<Kind, std::int64_t> m_overflow;
    json m_details = json::object();
    std::map<std::int64_t, json> m_models, m_runsStarted, m_runsFinished;
    std::map<std::int64_t, std::string> m_reviews;
};

}  // namespace

const char* toString(VerifyProblem::Kind kind) {
    switch (kind) {
    case Kind::DatabaseDamaged:
        return "database_damaged";
    case Kind::AuditRowAltered:
        return "audit_row_altered";
    case Kind::AuditChainBroken:
        return "audit_chain_broken";
    case Kind::AuditRowsMissing:
        return "audit_rows_missing";
    case Kind::AuditUnprotected:
        return "audit_unprotected";
    case Kind::RecordMismatch:
        return "record_mismatch";
    case Kind::RecordMalformed:
        return "record_malformed";
    case Kind::ImageMissing:
        return "image_missing";
    case Kind::ImageAltered:
        return "image_altered";
    }
    return "unknown";
}

Expected<VerifyReport> verifyCase(CaseFile& caseFile, const VerifyProgress& progress, int maxProblemsPerKind) {
    return detail::guarded("verifying case " + caseFile.paths().database.string(), [&] {
        // One read transaction: the whole report describes a single state of the case.
        Connection& db = caseFile.db();
        if (db.inTransaction()) return Verifier(caseFile, progress, maxProblemsPerKind).run();
        db.exec("BEGIN");
        try {
            VerifyReport report = Verifier(caseFile, progress, maxProblemsPerKind).run();
            db.exec("COMMIT");
            return report;
        } catch (...) {
            if (db.inTransaction()) db.exec("ROLLBACK");
            throw;
        }
    });
}

std::string verifyReportJson(const VerifyReport& r) {
    json problems = json::array();
    for (const auto& p : r.problems)
        problems.push_back({{"kind", toString(p.kind)},
                            {"table", p.table},
                            {"row", p.rowId},
                            {"file", p.file},
                            {"message", p.message}});
    return json{{"ok", r.ok()},
                {"problems", problems},
                {"notes", r.notes},
                {"audit_rows", r.auditRows},
                {"records_checked", r.recordsChecked},
                {"images_checked", r.imagesChecked},
                {"audit_head_hash", r.auditHeadHash},
                {"schema_version", r.schemaVersion}}
        .dump(2);
}

}  // namespace rs::store
