#pragma once
// Evidence export, end to end: gather the report from the case (one read snapshot), write it in
// the chosen format to a staging location, hash the main file, append a "report.exported"
// audit row (format, filter, path, SHA-256, findings, the head hash the report states), then
// move the output into place. A report that could not be recorded in the audit log is not
// left behind.
#include "base/expected.h"
#include "report/report_model.h"
#include "store/case_file.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rs::report {

enum class ExportFormat { Html, Pdf, Csv, Json };
const char* toString(ExportFormat format);  // "html", "pdf", "csv", "json"
std::optional<ExportFormat> exportFormatFromString(const std::string& text);

inline constexpr const char* kExportAuditAction = "report.exported";

struct ExportOptions {
    ExportFormat format = ExportFormat::Html;
    std::filesystem::path out;  // HTML: a folder; the other formats: a file
    FindingFilter filter = FindingFilter::All;
    bool force = false;  // replace an existing output
};

struct ExportResult {
    std::filesystem::path output;    // the file or folder written
    std::filesystem::path mainFile;  // the file whose hash is recorded (index.html for HTML)
    std::string sha256;              // of mainFile
    std::int64_t findings = 0;
    std::int64_t images = 0;
    std::vector<std::string> problems;  // e.g. an image missing from the image store (the report says so too)
    std::string auditHash;              // hash of the audit row recording this export
    double seconds = 0.0;
};

// The case must be open read-write (the export is audited). The PDF format needs a QGuiApplication.
Expected<ExportResult> exportReport(store::CaseFile& caseFile, const ExportOptions& options);

// Opens the case read-write (actor: who the audit row names; default the login name) and exports.
Expected<ExportResult> exportReport(const std::filesystem::path& caseFile, const ExportOptions& options,
                                    const std::string& actor = {});

}  // namespace rs::report
