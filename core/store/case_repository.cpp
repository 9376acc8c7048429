#include "store/case_repository.h"

#include "base/sha256.h"
#include "store/internal.h"
#include "store/schema.h"

namespace rs::store {
namespace {

using detail::guarded;
using detail::guardedStatus;
using nlohmann::json;

json detailsJson(const CaseDetails& d) {
    return {{"case_number", d.caseNumber},
            {"title", d.title},
            {"examiner", d.examiner},
            {"organisation", d.organisation},
            {"notes", d.notes}};
}

CaseDetails readDetails(Connection& db) {
    auto st = db.prepare(
        "SELECT case_number, title, examiner, organisation, notes, created_utc FROM case_details WHERE id = 1");
    if (!st.step()) throw StoreError("case " + db.path().string() + " has no case details row");
    return {st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5)};
}

ModelRecord readModel(Statement& st) {
    ModelRecord m;
    m.id = st.int64(0);
    m.name = st.text(1);
    m.path = st.text(2);
    m.fileSha256 = detail::stringMapFromJson(st.text(3));
    m.configJson = st.text(4);
    m.registeredUtc = st.text(5);
    return m;
}

const char* const kModelColumns = "SELECT id, name, path, file_sha256_json, config_json, registered_utc FROM models";
const char* const kReferenceColumns =
    "SELECT id, set_name, source, sha256, size_bytes, width, height, caption, licence, dedup_count, thumbnail_sha256,"
    " imported_utc, descriptor FROM reference_images";

ReferenceImage readReference(Statement& st, bool withDescriptor) {
    ReferenceImage r;
    r.id = st.int64(0);
    r.setName = st.text(1);
    r.source = st.text(2);
    r.sha256 = st.text(3);
    r.sizeBytes = st.int64(4);
    if (!st.isNull(5)) r.width = static_cast<int>(st.int64(5));
    if (!st.isNull(6)) r.height = static_cast<int>(st.int64(6));
    r.caption = st.text(7);
    r.licence = st.text(8);
    r.dedupCount = st.int64(9);
    r.thumbnailSha256 = st.optionalText(10);
    r.importedUtc = st.text(11);
    if (withDescriptor && !st.isNull(12)) r.descriptor = st.blob(12);
    return r;
}

Prompt readPrompt(Statement& st) { return {st.int64(0), st.text(1), st.text(2), st.text(3)}; }

}  // namespace

Expected<CaseDetails> getCaseDetails(Connection& db) {
    return guarded("reading case details", [&] { return readDetails(db); });
}

Status updateCaseDetails(Connection& db, const CaseDetails& details) {
    return guardedStatus("editing case details", [&] {
        if (details.caseNumber.empty() || details.title.empty() || details.examiner.empty())
            throw StoreError("case number, title and examiner must not be empty");
        Transaction tx(db);
        const CaseDetails before = readDetails(db);
        auto st = db.prepare(
            "UPDATE case_details SET case_number = ?, title = ?, examiner = ?, organisation = ?, notes = ? WHERE id = "
            "1");
        st.bindAll(details.caseNumber, details.title, details.examiner, details.organisation, details.notes).run();
        detail::appendAuditRow(db, "case.details_edited",
                               {{"before", detailsJson(before)}, {"after", detailsJson(details)}});
        tx.commit();
    });
}

Expected<std::int64_t> registerModel(Connection& db, const ModelRecord& model) {
    return guarded("registering model '" + model.name + "'", [&] {
        if (model.name.empty()) throw StoreError("a model needs a name");
        for (const auto& [file, hash] : model.fileSha256)
            if (!isSha256Hex(hash)) throw StoreError("file " + file + " has no valid SHA-256 ('" + hash + "')");
        const std::string hashes = detail::toJson(model.fileSha256);
        const std::string config = detail::jsonText(detail::parseJson(model.configJson, "the model config"));
        Transaction tx(db);
        auto existing = db.prepare(
            "SELECT id FROM models WHERE name = ? AND path = ? AND file_sha256_json = ? AND config_json = ?");
        existing.bindAll(model.name, model.path, hashes, config);
        if (existing.step()) return existing.int64(0);
        auto st = db.prepare(
            "INSERT INTO models (name, path, file_sha256_json, config_json, registered_utc) VALUES (?, ?, ?, ?, ?)");
        st.bindAll(model.name, model.path, hashes, config, detail::nowUtc()).run();
        const std::int64_t id = db.lastInsertRowId();
        detail::appendAuditRow(db, "model.registered",
                               {{"model_id", id},
                                {"name", model.name},
                                {"path", model.path},
                                {"file_sha256", json(model.fileSha256)},
                                {"config_sha256", sha256Hex(config)}});
        tx.commit();
        return id;
    });
}

Expected<ModelRecord> getModel(Connection& db, std::int64_t id) {
    return guarded("reading model " + std::to_string(id), [&] {
        auto st = db.prepare(std::string(kModelColumns) + " WHERE id = ?");
        st.bind(1, id);
        if (!st.step()) throw StoreError("the case has no model " + std::to_string(id));
        return readModel(st);
    });
}

Expected<std::vector<ModelRecord>> listModels(Connection& db) {
    return guarded("listing models", [&] {
        auto st = db.prepare(std::string(kModelColumns) + " ORDER BY id");
        std::vector<ModelRecord> out;
        while (st.step()) out.push_back(readModel(st));
        return out;
    });
}

Expected<std::vector<std::int64_t>> addPrompts(Connection& db, const std::vector<Prompt>& prompts) {
    return guarded("adding " + std::to_string(prompts.size()) + " prompts", [&] {
        Transaction tx(db);
        auto find = db.prepare("SELECT id FROM prompts WHERE text = ?");
        auto insert = db.prepare("INSERT INTO prompts (text, source, added_utc) VALUES (?, ?, ?)");
        const std::string now = detail::nowUtc();
        std::vector<std::int64_t> ids;
        ids.reserve(prompts.size());
        std::int64_t added = 0;
        Sha256 digest;
        for (const Prompt& p : prompts) {
            find.bind(1, p.text);
            if (find.step()) {
                ids.push_back(find.int64(0));
            } else {
                insert.bindAll(p.text, p.source, now).run();
                ids.push_back(db.lastInsertRowId());
                digest.update(std::to_string(ids.back()) + "\n" + p.text + "\n");
                ++added;
            }
            find.reset();
        }
        if (added > 0)
            detail::appendAuditRow(db, "prompts.added", {{"added", added}, {"texts_sha256", digest.hexDigest()}});
        tx.commit();
        return ids;
    });
}

Expected<Prompt> getPrompt(Connection& db, std::int64_t id) {
    return guarded("reading prompt " + std::to_string(id), [&] {
        auto st = db.prepare("SELECT id, text, source, added_utc FROM prompts WHERE id = ?");
        st.bind(1, id);
        if (!st.step()) throw StoreError("the case has no prompt " + std::to_string(id));
        return readPrompt(st);
    });
}

Expected<std::vector<Prompt>> listPrompts(Connection& db, int limit, std::int64_t offset) {
    return guarded("listing prompts", [&] {
        auto st = db.prepare("SELECT id, text, source, added_utc FROM prompts ORDER BY id LIMIT ? OFFSET ?");
        st.bindAll(limit, offset);
        std::vector<Prompt> out;
        while (st.step()) out.push_back(readPrompt(st));
        return out;
    });
}

Expected<ReferenceImportResult> importReferenceImages(Connection& db, const std::vector<ReferenceImage>& images,
                                                      const std::string& importLabel) {
    return guarded("importing " + std::to_string(images.size()) + " reference images", [&] {
        ReferenceImportResult result;
        if (images.empty()) return result;
        const std::string& set = images.front().setName;
        for (std::size_t i = 0; i < images.size(); ++i) {
            const auto& r = images[i];
            if (r.setName.empty() || r.setName != set)
                throw StoreError("image " + std::to_string(i) + " (" + r.source +
                                 "): all images of one import need the same, non-empty set name");
            if (!isSha256Hex(r.sha256))
                throw StoreError("image " + std::to_string(i) + " (" + r.source + ") has no valid SHA-256");
            if (r.dedupCount < 1)
                throw StoreError("image " + std::to_string(i) + " (" + r.source + ") has a dedup count below 1");
        }
        Transaction tx(db);
        auto find = db.prepare("SELECT id FROM reference_images WHERE set_name = ? AND sha256 = ?");
        auto merge = db.prepare("UPDATE reference_images SET dedup_count = dedup_count + ? WHERE id = ?");
        auto insert = db.prepare(
            "INSERT INTO reference_images (set_name, source, sha256, size_bytes, width, height, caption, licence, "
            "dedup_count,"
            " descriptor, thumbnail_sha256, imported_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        const std::string now = detail::nowUtc();
        Sha256 digest;
        for (const auto& r : images) {
            find.bindAll(r.setName, r.sha256);
            if (find.step()) {
                const std::int64_t id = find.int64(0);
                find.reset();
                merge.bindAll(r.dedupCount, id).run();
                result.ids.push_back(id);
                ++result.merged;
            } else {
                find.reset();
                insert.bindAll(r.setName, r.source, r.sha256, r.sizeBytes, r.width, r.height, r.caption, r.licence,
                               r.dedupCount);
                if (r.descriptor)
                    insert.bindBlob(10, r.descriptor->data(), r.descriptor->size());
                else
                    insert.bind(10, nullptr);
                insert.bind(11, r.thumbnailSha256).bind(12, now).run();
                result.ids.push_back(db.lastInsertRowId());
                ++result.inserted;
            }
            digest.update(r.sha256 + "\n");
        }
        detail::appendAuditRow(db, "references.imported",
                               {{"set", set},
                                {"label", importLabel},
                                {"images", images.size()},
                                {"inserted", result.inserted},
                                {"merged", result.merged},
                                {"sha256_list_sha256", digest.hexDigest()}});
        tx.commit();
        return result;
    });
}

Status setReferenceDescriptors(Connection& db,
                               const std::vector<std::pair<std::int64_t, std::vector<std::uint8_t>>>& descriptors) {
    return guardedStatus("storing " + std::to_string(descriptors.size()) + " reference descriptors", [&] {
        Transaction tx(db);
        auto st = db.prepare("UPDATE reference_images SET descriptor = ? WHERE id = ?");
        for (const auto& [id, bytes] : descriptors) {
            st.bindBlob(1, bytes.data(), bytes.size()).bind(2, id).run();
            if (db.changes() != 1) throw StoreError("the case has no reference image " + std::to_string(id));
        }
        tx.commit();
    });
}

Status setReferenceThumbnail(Connection& db, std::int64_t referenceId, const std::string& thumbnailSha256) {
    return guardedStatus("storing the thumbnail of reference image " + std::to_string(referenceId), [&] {
        if (!isSha256Hex(thumbnailSha256)) throw StoreError("'" + thumbnailSha256 + "' is not a SHA-256");
        auto st = db.prepare("UPDATE reference_images SET thumbnail_sha256 = ? WHERE id = ?");
        st.bindAll(thumbnailSha256, referenceId).run();
        if (db.changes() != 1) throw StoreError("the case has no reference image " + std::to_string(referenceId));
    });
}

Expected<ReferenceImage> getReferenceImage(Connection& db, std::int64_t id) {
    return guarded("reading reference image " + std::to_string(id), [&] {
        auto st = db.prepare(std::string(kReferenceColumns) + " WHERE id = ?");
        st.bind(1, id);
        if (!st.step()) throw StoreError("the case has no reference image " + std::to_string(id));
        return readReference(st, true);
    });
}

Expected<std::vector<ReferenceImage>> listReferenceImages(Connection& db, const std::string& setName, int limit,
                                                          std::int64_t offset, bool withDescriptors) {
    return guarded("listing reference set '" + setName + "'", [&] {
        auto st = db.prepare(std::string(kReferenceColumns) + " WHERE set_name = ? ORDER BY id LIMIT ? OFFSET ?");
        st.bindAll(setName, limit, offset);
        std::vector<ReferenceImage> out;
        while (st.step()) out.push_back(readReference(st, withDescriptors));
        return out;
    });
}

Expected<std::vector<ReferenceSetSummary>> listReferenceSets(Connection& db) {
    return guarded("listing reference sets", [&] {
        auto st = db.prepare(
            "SELECT set_name, count(*), sum(dedup_count) FROM reference_images GROUP BY set_name ORDER BY set_name");
        std::vector<ReferenceSetSummary> out;
        while (st.step()) out.push_back({st.text(0), st.int64(1), st.int64(2)});
        return out;
    });
}

Expected<std::vector<std::pair<std::string, std::int64_t>>> tableCounts(Connection& db) {
    return guarded("counting rows", [&] {
        static const char* const kTables[] = {"models",         "prompts",      "reference_images", "runs",
                                              "generations",    "candidates",   "reviews",          "tags",
                                              "candidate_tags", "stored_files", "audit_log"};
        std::vector<std::pair<std::string, std::int64_t>> out;
        for (const char* table : kTables) {
            // Table names come from the fixed list above, never from input.
            auto st = db.prepare(std::string("SELECT count(*) FROM ") + table);
            st.step();
            out.emplace_back(table, st.int64(0));
        }
        return out;
    });
}

}  // namespace rs::store
