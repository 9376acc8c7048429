#include "report/exporter.h"

#include "base/file_io.h"
#include "base/sha256.h"
#include "report/export_csv.h"
#include "report/export_html.h"
#include "report/export_json.h"
#include "report/export_pdf.h"
#include "report/output_staging.h"
#include "store/audit_log.h"

#include <nlohmann/json.hpp>

#include <chrono>

namespace rs::report {

namespace fs = std::filesystem;

const char* toString(ExportFormat format) {
    switch (format) {
    case ExportFormat::Html:
        return "html";
    case ExportFormat::Pdf:
        return "pdf";
    case ExportFormat::Csv:
        return "csv";
    case ExportFormat::Json:
        return "json";
    }
    return "?";
}

std::optional<ExportFormat> exportFormatFromString(const std::string& text) {
    for (auto f : {ExportFormat::Html, ExportFormat::Pdf, ExportFormat::Csv, ExportFormat::Json})
        if (text == toString(f)) return f;
    return std::nullopt;
}

namespace {

Expected<WrittenReport> writeText(const fs::path& file, const std::string& text) {
    if (auto s = writeFileAtomically(file, text); !s) return s.error();
    WrittenReport out;
    out.mainFile = file;
    return out;
}

Expected<WrittenReport> writeFormat(store::CaseFile& caseFile, const ReportModel& model, ExportFormat format,
                                    const fs::path& staging) {
    switch (format) {
    case ExportFormat::Html:
        return writeHtmlReport(caseFile, model, staging);
    case ExportFormat::Pdf:
        return writePdfReport(caseFile, model, staging);
    case ExportFormat::Csv:
        return writeText(staging, reportCsvText(model));
    case ExportFormat::Json:
        return writeText(staging, reportJsonText(model));
    }
    return makeError("unknown export format");
}

}  // namespace

Expected<ExportResult> exportReport(store::CaseFile& caseFile, const ExportOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    if (caseFile.readOnly())
        return makeError("case " + caseFile.paths().database.string() +
                         " is open read-only; an export is recorded in its audit log, so it must be writable");
    const auto kind = options.format == ExportFormat::Html ? StagedOutput::Kind::Folder : StagedOutput::Kind::File;
    auto staged = StagedOutput::begin(options.out, kind, options.force);
    if (!staged) return staged.error();

    auto model = gatherReport(caseFile, GatherOptions{options.filter});
    if (!model) return model.error();
    auto written = writeFormat(caseFile, *model, options.format, staged->staging());
    if (!written)
        return makeError("writing the " + std::string(toString(options.format)) + " report " +
                         staged->target().string() + ": " + written.message());
    auto sha = sha256File(written->mainFile);
    if (!sha) return sha.error();

    ExportResult result;
    result.output = staged->target();
    result.mainFile = kind == StagedOutput::Kind::Folder ? result.output / written->mainFile.filename() : result.output;
    result.sha256 = *sha;
    result.findings = static_cast<std::int64_t>(model->findings.size());
    result.images = written->imagesWritten;
    result.problems = written->problems;

    const nlohmann::json details = {{"format", toString(options.format)},
                                    {"filter", toString(options.filter)},
                                    {"path", result.output.string()},
                                    {"main_file", result.mainFile.string()},
                                    {"sha256", result.sha256},
                                    {"items", result.findings},
                                    {"problems", result.problems.size()},
                                    {"report_audit_head", model->auditHeadHash},
                                    {"software_version", model->softwareVersion}};
    auto row = store::appendAudit(caseFile.db(), kExportAuditAction, details.dump());
    if (!row)
        return makeError("the report was not kept because its export could not be recorded in the audit log: " +
                         row.message());
    if (auto s = staged->commit(); !s)
        return makeError(s.message() + " (the audit log already records this export as audit row " +
                         std::to_string(row->id) + ")");
    result.auditHash = row->hash;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

Expected<ExportResult> exportReport(const fs::path& caseFile, const ExportOptions& options, const std::string& actor) {
    std::error_code ec;
    if (!fs::exists(store::casePathsFor(caseFile).database, ec))
        return makeError("case file " + store::casePathsFor(caseFile).database.string() + " does not exist");
    auto opened = store::CaseFile::open(caseFile, store::OpenMode::ReadWrite, actor);
    if (!opened) return opened.error();
    return exportReport(*opened, options);
}

}  // namespace rs::report
