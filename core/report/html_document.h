#pragma once
// The report as HTML text, in pieces so exporters can write one finding at a time. One builder
// serves two readers: browsers (the HTML export, with a small inline style sheet) and Qt's
// QTextDocument (the PDF export, which understands a subset of HTML 4 and CSS). Every string
// from the case is HTML-escaped; the document refers to nothing outside itself except the
// image sources the caller gives.
#include "report/report_model.h"

#include <string>
#include <vector>

namespace rs::report {

enum class HtmlFlavor { Browser, QtTextDocument };

// Where the three pictures of a finding are found (relative URLs, or QTextDocument resource
// names); an empty source prints "image not available" instead.
struct FindingImageSources {
    std::string generation;
    std::string other;
    std::string heatmap;
};

// The inline style sheet (<style>…</style>) both flavours use.
std::string htmlStyle();

std::string htmlHead(const ReportModel& model, HtmlFlavor flavor);  // up to the first finding
std::string htmlFinding(const Finding& finding, std::size_t number, const FindingImageSources& sources,
                        const std::vector<std::string>& problems, HtmlFlavor flavor);
std::string htmlTail(const ReportModel& model, const std::vector<std::string>& problems);

}  // namespace rs::report
