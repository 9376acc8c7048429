// replicascope-cli export: the evidence report of a case as an HTML folder, PDF, CSV or JSON.
#include "args.h"
#include "commands.h"
#include "report/export_pdf.h"
#include "report/exporter.h"

#include <cstdio>

namespace rs::cli {
namespace {

void printUsage(FILE* out) {
    std::fprintf(out,
                 "usage: replicascope-cli export --case CASE --format html|pdf|csv|json --out PATH\n"
                 "                               [--only-replicated] [--force] [--actor NAME]\n\n"
                 "Writes the evidence report of CASE: the case details, every model (path, SHA-256 of every file,\n"
                 "configuration), every run with its parameters and seeds, and the findings: each candidate's\n"
                 "generated image beside the matched reference (or other generation), every distance and the\n"
                 "thresholds it crossed, the memorization score, reviews and tags, and the audit log's head hash.\n\n"
                 "  --format html   PATH is a folder: index.html + images/ (self-contained, no scripts, no URLs)\n"
                 "  --format pdf    PATH is a PDF file (pictures embedded)\n"
                 "  --format csv    PATH is a CSV file, one row per finding (RFC 4180, UTF-8, formulas neutralised)\n"
                 "  --format json   PATH is one JSON document with everything above\n"
                 "  --only-replicated   only candidates a reviewer judged to be replications (default: all)\n"
                 "  --force             replace an existing output (default: refuse)\n"
                 "  --actor NAME        who the audit log names (default: the login name)\n\n"
                 "The output appears complete or not at all. The export is recorded in the case's audit log\n"
                 "(\"%s\": format, filter, path, SHA-256 of the main file), so the case must be writable.\n"
                 "Exit status: 0 written, 1 failed, 2 usage error.\n",
                 report::kExportAuditAction);
}

int fail(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli export: %s\n", message.c_str());
    return 1;
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli export: %s\n\n", message.c_str());
    printUsage(stderr);
    return 2;
}

}  // namespace

int runExport(int argc, char** argv) {
    Args args(argc, argv, {"--case", "--format", "--out", "--actor"}, {"--only-replicated", "--force", "--help"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (!args.positional().empty()) return usageError("unexpected argument '" + args.positional()[0] + "'");
    for (const char* required : {"--case", "--format", "--out"})
        if (!args.value(required)) return usageError(std::string("export needs ") + required);
    const auto format = report::exportFormatFromString(*args.value("--format"));
    if (!format) return usageError("unknown format '" + *args.value("--format") + "' (use html, pdf, csv or json)");

    report::ExportOptions options;
    options.format = *format;
    options.out = *args.value("--out");
    options.filter = args.has("--only-replicated") ? report::FindingFilter::Replicated : report::FindingFilter::All;
    options.force = args.has("--force");
    // QTextDocument and QPdfWriter need a QGuiApplication; the offscreen platform needs no display.
    const auto gui = options.format == report::ExportFormat::Pdf ? report::startGuiForPdf() : nullptr;

    auto result = report::exportReport(*args.value("--case"), options, args.value("--actor", ""));
    if (!result) return fail(result.message());
    for (const auto& problem : result->problems)
        std::fprintf(stderr, "replicascope-cli export: problem: %s\n", problem.c_str());
    std::printf("wrote %s (%s, %lld finding(s), %lld image(s), %.2f s)\nsha256 %s  %s\naudit row %s\n",
                result->output.c_str(), report::toString(options.format), static_cast<long long>(result->findings),
                static_cast<long long>(result->images), result->seconds, result->sha256.c_str(),
                result->mainFile.c_str(), result->auditHash.c_str());
    if (!result->problems.empty())
        std::printf("%zu problem(s) while exporting; the report lists them\n", result->problems.size());
    return 0;
}

}  // namespace rs::cli
