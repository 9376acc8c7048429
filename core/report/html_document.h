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

// A picture of the pair as the document shows it: its source (a relative URL or a
// QTextDocument resource name; empty prints "image not available") and its size in pixels
// (0 when unknown), which places the candidate's match box on it.
struct ShownPicture {
    std::string source;
    int width = 0, height = 0;
};

// Where the three pictures of a finding are found.
struct FindingImageSources {
    ShownPicture generation;
    ShownPicture other;
    std::string heatmap;
};

// The inline style sheet (<style>…</style>) both flavours use.
std::string htmlStyle();

std::string htmlHead(const ReportModel& model, HtmlFlavor flavor);  // up to the first finding
// A partial-copy finding's match boxes (candidate.matchRegions) are printed as coordinates in
// both flavours; the browser flavour also outlines them on the pictures (an absolutely placed
// box in percent of the picture). QTextDocument cannot place one, so the PDF draws the outline
// into the embedded picture itself (export_pdf.cpp).
std::string htmlFinding(const Finding& finding, std::size_t number, const FindingImageSources& sources,
                        const std::vector<std::string>& problems, HtmlFlavor flavor);
std::string htmlTail(const ReportModel& model, const std::vector<std::string>& problems);

}  // namespace rs::report
