// replicascope-cli case new|info|verify
#include "args.h"
#include "commands.h"
#include "rs_version.h"
#include "audit/regenerate.h"
#include "store/audit_log.h"
#include "store/case_file.h"
#include "store/case_repository.h"
#include "store/schema.h"
#include "store/verify.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>
#include <iostream>

namespace rs::cli {
namespace {

using namespace rs::store;

void printUsage(FILE* out) {
    std::fprintf(
        out,
        "usage:\n"
        "  replicascope-cli case new CASE --number N --title T --examiner E [--organisation O] [--notes TEXT] [--actor "
        "NAME]\n"
        "  replicascope-cli case info CASE [--json]\n"
        "  replicascope-cli case verify CASE [--json] [--regenerate ID[,ID...]]\n\n"
        "CASE is a .rscase file (the extension is added when missing); its images live beside it in CASE-images/.\n"
        "info prints the case details, schema version, rows per table and the audit log's head hash.\n"
        "verify recomputes the audit hash chain and the SHA-256 of every stored image and checks the rows the\n"
        "audit log vouches for and every candidate's partial-copy match boxes; it prints OK or each problem,\n"
        "and exits 1 when it finds any. It never writes.\n"
        "--regenerate ID makes generation ID again from its recorded model (whose files must still have the\n"
        "recorded SHA-256), prompt, seed and parameters, and compares it with the stored image: identical, or\n"
        "within 1 level on under 1 %% of the values (a different batch or device); anything else exits 1.\n");
}

int fail(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli case: %s\n", message.c_str());
    return 1;
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli case: %s\n\n", message.c_str());
    printUsage(stderr);
    return 2;
}

int runNew(int argc, char** argv) {
    Args args(argc, argv, {"--number", "--title", "--examiner", "--organisation", "--notes", "--actor"}, {"--help"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (args.positional().size() != 1) return usageError("case new takes exactly one CASE path");
    for (const char* required : {"--number", "--title", "--examiner"})
        if (!args.value(required)) return usageError(std::string("case new needs ") + required);
    CaseDetails details;
    details.caseNumber = *args.value("--number");
    details.title = *args.value("--title");
    details.examiner = *args.value("--examiner");
    details.organisation = args.value("--organisation", "");
    details.notes = args.value("--notes", "");
    auto created = CaseFile::create(args.positional()[0], details, args.value("--actor", ""));
    if (!created) return fail(created.message());
    auto head = auditHeadHash(created->db());
    std::printf("created %s\nimages  %s\naudit head %s\n", created->paths().database.c_str(),
                created->paths().imagesDir.c_str(), head ? head->c_str() : "?");
    return 0;
}

int runInfo(int argc, char** argv) {
    Args args(argc, argv, {}, {"--json", "--help"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (args.positional().size() != 1) return usageError("case info takes exactly one CASE path");
    auto opened = CaseFile::open(args.positional()[0], OpenMode::ReadOnly);
    if (!opened) return fail(opened.message());
    Connection& db = opened->db();
    auto details = getCaseDetails(db);
    auto counts = tableCounts(db);
    auto head = auditHeadHash(db);
    if (!details) return fail(details.message());
    if (!counts) return fail(counts.message());
    if (!head) return fail(head.message());

    if (args.has("--json")) {
        nlohmann::json out = {{"path", opened->paths().database.string()},
                              {"images_dir", opened->paths().imagesDir.string()},
                              {"case_number", details->caseNumber},
                              {"title", details->title},
                              {"examiner", details->examiner},
                              {"organisation", details->organisation},
                              {"notes", details->notes},
                              {"created_utc", details->createdUtc},
                              {"schema_version", opened->schemaVersion()},
                              {"supported_schema_version", kSchemaVersion},
                              {"software_version", kVersion},
                              {"audit_head_hash", *head}};
        for (const auto& [table, n] : *counts) out["counts"][table] = n;
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::printf("case          %s\n", opened->paths().database.c_str());
    std::printf("images        %s\n", opened->paths().imagesDir.c_str());
    std::printf("number        %s\n", details->caseNumber.c_str());
    std::printf("title         %s\n", details->title.c_str());
    std::printf("examiner      %s\n", details->examiner.c_str());
    std::printf("organisation  %s\n", details->organisation.c_str());
    std::printf("created       %s\n", details->createdUtc.c_str());
    std::printf("notes         %s\n", details->notes.c_str());
    std::printf("schema        version %d (this ReplicaScope %s understands up to %d%s)\n", opened->schemaVersion(),
                kVersion, kSchemaVersion,
                opened->schemaVersion() < kSchemaVersion ? "; upgraded when opened for writing" : "");
    std::printf("rows\n");
    for (const auto& [table, n] : *counts) std::printf("  %-18s %lld\n", table.c_str(), static_cast<long long>(n));
    std::printf("audit head    %s\n", head->c_str());
    return 0;
}

std::string describe(const audit::RegenerationReport& r) {
    char line[512];
    std::snprintf(line, sizeof line, "generation %lld: %s (max difference %d levels on %.3f %% of the values, %s %s)",
                  static_cast<long long>(r.generationId),
                  r.identical         ? "IDENTICAL"
                  : r.withinTolerance ? "WITHIN TOLERANCE"
                                      : "DIFFERS",
                  r.maxDifference, 100 * r.differingShare, r.device.c_str(), r.dtype.c_str());
    std::string text = line;
    for (const auto& n : r.notes) text += "; " + n;
    return text;
}

int runVerify(int argc, char** argv) {
    Args args(argc, argv, {"--regenerate"}, {"--json", "--help"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (args.positional().size() != 1) return usageError("case verify takes exactly one CASE path");
    std::vector<std::int64_t> regenerate;
    for (const auto& list : args.all("--regenerate")) {
        auto ids = parseIdList(list);
        if (!ids) return usageError("--regenerate expects generation ids like 7 or 7,9");
        regenerate.insert(regenerate.end(), ids->begin(), ids->end());
    }
    auto opened = CaseFile::open(args.positional()[0], OpenMode::ReadOnly);
    if (!opened) return fail(opened.message());
    auto report = verifyCase(*opened);
    if (!report) return fail(report.message());
    bool ok = report->ok();
    std::vector<std::string> regenerationLines;
    nlohmann::json regenerated = nlohmann::json::array();
    for (auto id : regenerate) {
        auto r = audit::regenerateGeneration(*opened, id);
        if (!r) {
            ok = false;
            regenerationLines.push_back("generation " + std::to_string(id) + ": " + r.message());
            regenerated.push_back({{"generation_id", id}, {"error", r.message()}});
            continue;
        }
        ok = ok && r->withinTolerance;
        regenerationLines.push_back(describe(*r));
        regenerated.push_back({{"generation_id", id},
                               {"identical", r->identical},
                               {"within_tolerance", r->withinTolerance},
                               {"max_difference", r->maxDifference},
                               {"differing_share", r->differingShare},
                               {"stored_sha256", r->storedSha256},
                               {"regenerated_sha256", r->regeneratedSha256},
                               {"device", r->device},
                               {"dtype", r->dtype},
                               {"notes", r->notes}});
    }
    if (args.has("--json")) {
        if (regenerate.empty()) {
            std::cout << verifyReportJson(*report) << "\n";
        } else {
            auto j = nlohmann::json::parse(verifyReportJson(*report));
            j["ok"] = ok;
            j["regenerated"] = regenerated;
            std::cout << j.dump(2) << "\n";
        }
        return ok ? 0 : 1;
    }
    for (const auto& p : report->problems) std::printf("PROBLEM [%s] %s\n", toString(p.kind), p.message.c_str());
    for (const auto& n : report->notes) std::printf("note: %s\n", n.c_str());
    for (const auto& line : regenerationLines) std::printf("%s\n", line.c_str());
    std::printf("%s: %lld audit rows, %lld records, %lld images checked; audit head %s\n", ok ? "OK" : "FAILED",
                static_cast<long long>(report->auditRows), static_cast<long long>(report->recordsChecked),
                static_cast<long long>(report->imagesChecked), report->auditHeadHash.c_str());
    if (!report->ok()) std::printf("%zu problem(s) found\n", report->problems.size());
    return ok ? 0 : 1;
}

}  // namespace

int runCase(int argc, char** argv) {
    if (argc < 1 || !std::strcmp(argv[0], "--help") || !std::strcmp(argv[0], "-h")) {
        printUsage(argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    const std::string sub = argv[0];
    if (sub == "new") return runNew(argc - 1, argv + 1);
    if (sub == "info") return runInfo(argc - 1, argv + 1);
    if (sub == "verify") return runVerify(argc - 1, argv + 1);
    return usageError("unknown case subcommand '" + sub + "'");
}

}  // namespace rs::cli
