#include "report/html_document.h"

#include "report/text_escape.h"
#include "store/match_regions.h"

#include <nlohmann/json.hpp>

namespace rs::report {

using namespace rs::store;

namespace {

std::string e(const std::string& text) { return htmlEscape(text); }

const char* kStyle = R"(<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111; margin: 1.5em; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; border-top: 2px solid #444; padding-top: 0.4em; } h3 { font-size: 11pt; }
table { border-collapse: collapse; margin: 0.3em 0 0.8em 0; }
th, td { border: 1px solid #999; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
pre, .hash { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; white-space: pre-wrap; word-break: break-all; }
.pictures td { border: none; text-align: center; }
.pictures img { max-width: 360px; max-height: 360px; border: 1px solid #666; }
.pictures .boxed { position: relative; display: inline-block; line-height: 0; border: 1px solid #666; }
.pictures .boxed img { display: block; border: none; }
.match-box { position: absolute; box-sizing: border-box; border: 2px solid #00e5ff; outline: 2px solid rgba(0, 0, 0, 0.6); }
.replicated { color: #a00; font-weight: bold; }
.problem { color: #a00; }
.finding { page-break-before: always; }
</style>
)";

std::string row(const std::string& label, const std::string& escapedValue) {
    return "<tr><th>" + e(label) + "</th><td>" + escapedValue + "</td></tr>\n";
}

std::string hash(const std::string& text) { return "<span class=\"hash\"><code>" + e(text) + "</code></span>"; }

std::string prettyJson(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    return parsed.is_discarded() ? text : parsed.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string joinedEscaped(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + e(parts[i]);
    return out;
}

std::string seedsText(const std::vector<std::int64_t>& seeds) {
    std::string out;
    for (std::size_t i = 0; i < seeds.size(); ++i) out += (i ? ", " : "") + std::to_string(seeds[i]);
    return out;
}

std::string modelsSection(const ReportModel& m) {
    std::string out = "<h2>Models (" + std::to_string(m.models.size()) + ")</h2>\n";
    for (const auto& model : m.models) {
        out += "<h3>Model " + std::to_string(model.id) + ": " + e(model.name) + "</h3>\n<table>\n";
        out += row("Path", e(model.path)) + row("Registered (UTC)", e(model.registeredUtc)) + "</table>\n";
        out += "<table>\n<tr><th>File</th><th>SHA-256</th></tr>\n";
        for (const auto& [file, sha] : model.fileSha256)
            out += "<tr><td>" + e(file) + "</td><td>" + hash(sha) + "</td></tr>\n";
        out += "</table>\n<p>Configuration:</p>\n<pre>" + e(prettyJson(model.configJson)) + "</pre>\n";
    }
    return out;
}

std::string runsSection(const ReportModel& m) {
    std::string out = "<h2>Runs (" + std::to_string(m.runs.size()) + ")</h2>\n";
    for (const auto& entry : m.runs) {
        const RunRecord& r = entry.run;
        out += "<h3>Run " + std::to_string(r.id) + "</h3>\n<table>\n";
        out += row("Model", std::to_string(r.modelId) + ": " + e(entry.modelName));
        out += row("Sampler", e(r.sampler)) + row("Steps", std::to_string(r.steps)) +
               row("Guidance", e(formatNumber(r.guidance)));
        out += row("Size", std::to_string(r.width) + " x " + std::to_string(r.height));
        out += row("Negative prompt", e(r.negativePrompt));
        if (!r.samplingJson.empty())
            out += row("Sampling parameters (as recorded)", "<code>" + e(r.samplingJson) + "</code>");
        out += row("Seeds (" + std::to_string(r.seeds.size()) + ")", e(seedsText(r.seeds)));
        out += row("Device / dtype", e(r.device) + " / " + e(r.dtype));
        out += row("Software version", e(r.softwareVersion));
        out += row("Started (UTC)", e(r.startedUtc)) + row("Finished (UTC)", e(r.finishedUtc.value_or("-")));
        out += row("Status", toString(r.status)) + row("Generations", std::to_string(entry.generations));
        out += row("Warnings", r.warnings.empty() ? "none" : joinedEscaped(r.warnings, "<br/>"));
        out += "</table>\n";
    }
    return out;
}

// The outline of `region` on the picture, in percent of the picture so it follows however the
// browser scales it; empty when the box does not fit the picture's shape.
std::string matchBoxOverlay(const MatchRegion& region, const ShownPicture& shown) {
    const auto box = boxOnShownImage(region, shown.width, shown.height);
    if (!box) return {};
    const auto percent = [](double v, int of) { return formatNumber(100.0 * v / of) + "%"; };
    return "<span class=\"match-box\" style=\"left: " + percent(box->x, shown.width) +
           "; top: " + percent(box->y, shown.height) + "; width: " + percent(box->width, shown.width) +
           "; height: " + percent(box->height, shown.height) + "\"></span>";
}

std::string picture(const ShownPicture& shown, const std::string& caption, HtmlFlavor flavor,
                    const MatchRegion* region = nullptr) {
    std::string cell = "<td>";
    if (shown.source.empty()) {
        cell += "<p class=\"problem\">image not available</p>";
    } else {
        std::string img = "<img src=\"" + e(shown.source) + "\" alt=\"" + e(caption) + "\"";
        if (flavor == HtmlFlavor::QtTextDocument) img += " width=\"200\"";
        img += "/>";
        const std::string overlay = region && flavor == HtmlFlavor::Browser ? matchBoxOverlay(*region, shown) : "";
        cell += overlay.empty() ? img : "<span class=\"boxed\">" + img + overlay + "</span>";
    }
    return cell + "<br/>" + e(caption) + "</td>";
}

// Where the copied region sits in each picture, in the stored images' pixels, so a printed
// report says it even where the outline is not visible.
std::string matchRegionsRow(const Finding& f, const FindingImageSources& sources) {
    const MatchRegions& regions = *f.candidate.matchRegions;
    const auto side = [](const std::string& name, const MatchRegion& region, const ShownPicture& shown) {
        std::string text = name + ": " + boxText(region);
        if (shown.width > 0 && !boxOnShownImage(region, shown.width, shown.height))
            text += " - not outlined: the picture shown is " + std::to_string(shown.width) + "×" +
                    std::to_string(shown.height) + " px, another shape";
        return e(text);
    };
    return row("Partial copy (outlined in cyan)",
               side("Generated image", regions.generation, sources.generation) + "<br/>" +
                   side(f.reference ? "Reference image" : "Other generation", regions.other, sources.other));
}

}  // namespace

std::string htmlStyle() { return kStyle; }

std::string htmlHead(const ReportModel& m, HtmlFlavor flavor) {
    const CaseDetails& d = m.details;
    const std::string title = "ReplicaScope evidence report - case " + d.caseNumber + ": " + d.title;
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n";
    if (flavor == HtmlFlavor::Browser)
        out +=
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' file:; "
            "style-src 'unsafe-inline'\"/>\n";
    out += "<title>" + e(title) + "</title>\n" + kStyle + "</head>\n<body>\n";
    out += "<h1>" + e(title) + "</h1>\n<table>\n";
    out += row("Case number", e(d.caseNumber)) + row("Title", e(d.title)) + row("Examiner", e(d.examiner));
    out += row("Organisation", e(d.organisation)) + row("Notes", e(d.notes)) + row("Created (UTC)", e(d.createdUtc));
    out += row("Case file", e(m.caseFile)) + row("Schema version", std::to_string(m.schemaVersion));
    out += row("Report generated (UTC)", e(m.generatedUtc)) + row("Software", "ReplicaScope " + e(m.softwareVersion));
    out += row("Audit log head hash", hash(m.auditHeadHash)) + row("Audit log rows", std::to_string(m.auditRows));
    out += row("Findings listed", std::to_string(m.findings.size()) + (m.filter == FindingFilter::Replicated
                                                                           ? " (only those reviewed as replicated)"
                                                                           : " (every candidate, any review status)"));
    out += row("Candidates in the case", std::to_string(m.candidatesInCase));
    out +=
        "</table>\n<p>The audit log head hash identifies the state of the case this report was made from; "
        "<code>replicascope-cli case verify</code> recomputes the hash chain. The export itself is recorded as the "
        "next audit row.</p>\n";
    out += modelsSection(m) + runsSection(m);
    // The PDF starts every finding on a new page, where a heading here would stand alone.
    if (flavor == HtmlFlavor::Browser) out += "<h2>Findings (" + std::to_string(m.findings.size()) + ")</h2>\n";
    return out;
}

std::string htmlFinding(const Finding& f, std::size_t number, const FindingImageSources& sources,
                        const std::vector<std::string>& problems, HtmlFlavor flavor) {
    const Candidate& c = f.candidate;
    std::string out = "<div id=\"candidate-" + std::to_string(c.id) + "\">\n";
    // The PDF starts each finding on a new page itself; a break before the first block would leave a blank page.
    out += std::string("<h2") + (flavor == HtmlFlavor::Browser ? " class=\"finding\"" : "") + ">Finding " +
           std::to_string(number) + ": candidate " + std::to_string(c.id) + " - <span" +
           (isReplicated(c.status) ? " class=\"replicated\"" : "") + ">" + e(statusLabel(c.status)) + "</span></h2>\n";
    const MatchRegions* regions = c.matchRegions ? &*c.matchRegions : nullptr;
    out += "<table class=\"pictures\"><tr>" +
           picture(sources.generation, "Generated: " + f.generation.description, flavor,
                   regions ? &regions->generation : nullptr) +
           picture(sources.other,
                   (f.reference ? "Training/reference image: " : "Other generation: ") + f.other.description, flavor,
                   regions ? &regions->other : nullptr) +
           picture({sources.heatmap, 0, 0}, "Per-pixel difference (bright = different)", flavor) + "</tr></table>\n";
    for (const auto& p : problems) out += "<p class=\"problem\">Problem: " + e(p) + "</p>\n";
    out += "<table>\n";
    if (regions) out += matchRegionsRow(f, sources);
    out += row("Prompt", e(f.promptText));
    out += row("Run / seed / index",
               std::to_string(f.runId) + " / " + std::to_string(f.seed) + " / " + std::to_string(f.generationIndex));
    out += row("Generation image SHA-256", hash(f.generation.sha256));
    out += row("Memorization score", f.memorizationScore ? e(formatNumber(*f.memorizationScore)) : "not computed");
    out += row("Score (" + c.metric + ")", e(formatNumber(c.score)));
    out += row("Clique", c.cliqueId ? std::to_string(*c.cliqueId) : "none");
    if (f.reference) {
        const ReferenceImage& r = *f.reference;
        out += row("Reference set", e(r.setName)) + row("Reference source", e(r.source));
        out += row("Reference SHA-256",
                   hash(r.sha256) +
                       (f.other.isThumbnail ? " (the report shows its thumbnail " + hash(f.other.sha256) + ")" : ""));
        out += row("Caption", e(r.caption)) + row("Licence", e(r.licence));
    } else if (f.otherGeneration) {
        out += row("Other generation", e(f.other.description)) + row("Its prompt", e(f.otherPromptText));
        out += row("Its image SHA-256", hash(f.otherGeneration->imageSha256));
    }
    out += "</table>\n<h3>Distances</h3>\n<table>\n<tr><th>Metric</th><th>Value</th><th>Thresholds crossed</th></tr>\n";
    for (const auto& d : f.distances)
        out += "<tr><td>" + e(d.metric) + "</td><td>" + e(formatNumber(d.value)) + "</td><td>" +
               (d.thresholdsCrossed.empty() ? "none" : joinedEscaped(d.thresholdsCrossed, ", ")) + "</td></tr>\n";
    if (!f.otherThresholds.empty())
        out += "<tr><td>other</td><td></td><td>" + joinedEscaped(f.otherThresholds, ", ") + "</td></tr>\n";
    out += "</table>\n<h3>Reviews</h3>\n";
    if (f.reviews.empty()) {
        out += "<p>Not reviewed.</p>\n";
    } else {
        out += "<table>\n<tr><th>Time (UTC)</th><th>Reviewer</th><th>Decision</th><th>Note</th></tr>\n";
        for (const auto& r : f.reviews)
            out += "<tr><td>" + e(r.timeUtc) + "</td><td>" + e(r.reviewer) + "</td><td>" + e(statusLabel(r.decision)) +
                   "</td><td>" + e(r.note) + "</td></tr>\n";
        out += "</table>\n";
    }
    if (!f.tags.empty()) {
        out += "<h3>Tags</h3>\n<table>\n<tr><th>Tag</th><th>Author</th><th>Comment</th><th>Time (UTC)</th></tr>\n";
        for (const auto& t : f.tags)
            out += "<tr><td>" + e(t.tag.name) + "</td><td>" + e(t.author) + "</td><td>" + e(t.comment) + "</td><td>" +
                   e(t.taggedUtc) + "</td></tr>\n";
        out += "</table>\n";
    }
    return out + "</div>\n";
}

std::string htmlTail(const ReportModel& m, const std::vector<std::string>& problems) {
    std::string out;
    if (m.findings.empty()) out += "<p>No findings.</p>\n";
    if (!problems.empty()) {
        out += "<h2>Problems while exporting (" + std::to_string(problems.size()) + ")</h2>\n<ul>\n";
        for (const auto& p : problems) out += "<li class=\"problem\">" + e(p) + "</li>\n";
        out += "</ul>\n";
    }
    return out + "<p>End of report. Audit log head hash " + hash(m.auditHeadHash) + ".</p>\n</body>\n</html>\n";
}

}  // namespace rs::report
