#pragma once
// The PDF report: the same content as the HTML report (html_document.h, QTextDocument flavour),
// pictures embedded, A4, each finding starting on a new page, a footer with the case number,
// the audit head hash and the page number on every page. Rendered one finding at a time, so
// memory stays bounded however many findings there are.
//
// Needs a QGuiApplication (fonts); the offscreen platform is enough (no display).
#include "base/expected.h"
#include "report/report_model.h"
#include "report/written_report.h"
#include "store/case_file.h"

#include <filesystem>
#include <memory>

namespace rs::report {

// For command-line programs: starts a QGuiApplication on the offscreen platform (unless
// QT_QPA_PLATFORM says otherwise) when no Qt application exists yet. Keep the returned owner
// alive while exporting; it is empty when an application already existed.
std::shared_ptr<void> startGuiForPdf();

Expected<WrittenReport> writePdfReport(store::CaseFile& caseFile, const ReportModel& model,
                                       const std::filesystem::path& file);

}  // namespace rs::report
