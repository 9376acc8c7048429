// Writes tests/fixtures/store/v1.rscase (+ v1.rscase-images/): a case at schema version 1 made
// through the v1 code path (migrateSchema to 1, then rows in v1's columns), as a case created by
// ReplicaScope before schema v2 existed. Run once; the output is committed:
//   store_make_v1_fixture tests/fixtures/store/v1.rscase
#include "base/sha256.h"
#include "store/audit_log.h"
#include "store/connection.h"
#include "store/image_store.h"
#include "store/internal.h"
#include "store/review_repository.h"
#include "store/run_repository.h"
#include "store/schema.h"

#include <cstdio>
#include <filesystem>

using namespace rs::store;
using nlohmann::json;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: store_make_v1_fixture OUT.rscase\n");
        return 2;
    }
    const std::filesystem::path path = argv[1];
    if (std::filesystem::exists(path)) {
        std::fprintf(stderr, "%s exists\n", path.c_str());
        return 1;
    }
    try {
        auto db = Connection::open(path, OpenMode::ReadWrite, true);
        db->setActor("fixture");
        migrateSchema(*db, 0, 1, false);
        ImageStore images(*db, path.string() + "-images");
        Transaction tx(*db);
        const std::string t = detail::nowUtc();
        auto exec = [&](const std::string& sql, auto... args) {
            auto st = db->prepare(sql);
            st.bindAll(args...).run();
            return db->lastInsertRowId();
        };
        exec(
            "INSERT INTO case_details (id, case_number, title, examiner, organisation, notes, created_utc) VALUES (1, "
            "?, ?, ?, ?, ?, ?)",
            std::string("V1-001"), std::string("Schema v1 fixture"), std::string("Fixture Examiner"),
            std::string("Test Org"), std::string("made by make_v1_fixture"), t);
        detail::appendAuditRow(*db, "case.created",
                               {{"case_number", "V1-001"},
                                {"title", "Schema v1 fixture"},
                                {"examiner", "Fixture Examiner"},
                                {"organisation", "Test Org"},
                                {"notes", "made by make_v1_fixture"},
                                {"created_utc", t},
                                {"schema_version", 1},
                                {"software_version", "0.1.0"}});
        const std::map<std::string, std::string> files = {{"unet/config.json", rs::sha256Hex("unet config")}};
        const std::string config = R"({"unet":{"sample_size":64}})";
        const auto modelId = exec(
            "INSERT INTO models (name, path, file_sha256_json, config_json, registered_utc) VALUES (?, ?, ?, ?, ?)",
            std::string("v1-model"), std::string("/models/v1"), json(files).dump(), config, t);
        detail::appendAuditRow(*db, "model.registered",
                               {{"model_id", modelId},
                                {"name", "v1-model"},
                                {"path", "/models/v1"},
                                {"file_sha256", json(files)},
                                {"config_sha256", rs::sha256Hex(config)}});
        std::vector<std::int64_t> prompts;
        for (int p = 0; p < 3; ++p)
            prompts.push_back(exec("INSERT INTO prompts (text, source, added_utc) VALUES (?, ?, ?)",
                                   "v1 prompt " + std::to_string(p), std::string("fixture"), t));
        detail::appendAuditRow(*db, "prompts.added", {{"added", 3}});
        const auto refId = exec(
            "INSERT INTO reference_images (set_name, source, sha256, size_bytes, width, height, caption, licence, "
            "dedup_count,"
            " imported_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            std::string("v1-set"), std::string("/refs/a.png"), rs::sha256Hex("ref a"), std::int64_t(1234), 512, 512,
            std::string("a caption"), std::string("CC0"), std::int64_t(3), t);
        detail::appendAuditRow(*db, "references.imported",
                               {{"set", "v1-set"}, {"images", 1}, {"inserted", 1}, {"merged", 0}});
        const json seeds = {7, 8};
        const auto runId = exec(
            "INSERT INTO runs (model_id, sampler, steps, guidance, width, height, negative_prompt, seeds_json, device, "
            "dtype,"
            " software_version, started_utc, status) VALUES (?, 'ddim', 50, 7.5, 512, 512, '', ?, 'cpu', 'float32', "
            "'0.1.0', ?, 'running')",
            modelId, seeds.dump(), t);
        detail::appendAuditRow(*db, "run.started",
                               {{"run_id", runId},
                                {"model_id", modelId},
                                {"sampler", "ddim"},
                                {"steps", 50},
                                {"guidance", 7.5},
                                {"width", 512},
                                {"height", 512},
                                {"negative_prompt", ""},
                                {"seeds", seeds},
                                {"device", "cpu"},
                                {"dtype", "float32"},
                                {"software_version", "0.1.0"},
                                {"started_utc", t}});
        std::vector<std::int64_t> gens;
        int n = 0;
        for (auto promptId : prompts)
            for (int seed : {7, 8}) {
                auto stored = images.put("\x89PNG\r\n\x1a\nv1 image " + std::to_string(n));
                if (!stored) throw StoreError(stored.message());
                gens.push_back(
                    exec("INSERT INTO generations (run_id, prompt_id, seed, idx, image_sha256, memorization_score)"
                         " VALUES (?, ?, ?, ?, ?, ?)",
                         runId, promptId, seed, seed - 7, stored->sha256, 0.25 * n));
                ++n;
            }
        exec("UPDATE runs SET status = 'finished', finished_utc = ? WHERE id = ?", t, runId);
        auto digest = generationsDigest(*db, runId);
        detail::appendAuditRow(*db, "run.finished",
                               {{"run_id", runId},
                                {"status", "finished"},
                                {"finished_utc", t},
                                {"warnings", json::array()},
                                {"generations", gens.size()},
                                {"generations_sha256", *digest}});
        std::vector<std::int64_t> cands;
        for (std::size_t g = 0; g < gens.size(); ++g) {
            const bool againstRef = g % 2 == 0;
            const std::string sql =
                "INSERT INTO candidates (generation_id, reference_image_id, other_generation_id, metric, "
                "distances_json,"
                " thresholds_json, clique_id, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
            auto st = db->prepare(sql);
            st.bind(1, gens[g]);
            if (againstRef)
                st.bind(2, refId).bind(3, nullptr);
            else
                st.bind(2, nullptr).bind(3, gens[(g + 1) % gens.size()]);
            st.bind(4, std::string(againstRef ? "sscd" : "tiled_l2"))
                .bind(5, json{{"sscd", 0.6 + 0.01 * double(g)}}.dump())
                .bind(6, std::string(R"(["sscd>0.5"])"))
                .bind(7, std::int64_t(g / 2))
                .bind(8, 0.9 - 0.1 * double(g))
                .run();
            cands.push_back(db->lastInsertRowId());
        }
        Review r{0, cands[0], CandidateStatus::Confirmed, "Fixture Reviewer", "looks identical", t};
        r.id = exec(
            "INSERT INTO reviews (candidate_id, decision, reviewer, note, time_utc) VALUES (?, 'confirmed', ?, ?, ?)",
            r.candidateId, r.reviewer, r.note, r.timeUtc);
        exec("UPDATE candidates SET status = 'confirmed' WHERE id = ?", r.candidateId);
        detail::appendAuditRow(*db, "review.recorded",
                               {{"review_id", r.id},
                                {"candidate_id", r.candidateId},
                                {"decision", "confirmed"},
                                {"previous_status", "pending"},
                                {"reviewer", r.reviewer},
                                {"note", r.note},
                                {"review_sha256", reviewRowHash(r)}});
        tx.commit();
        // A self-contained file for the repository: no -wal beside it.
        db->exec("PRAGMA journal_mode = DELETE");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    std::printf("wrote %s\n", path.c_str());
    return 0;
}
