#include "report/export_html.h"

#include "base/file_io.h"
#include "report/html_document.h"
#include "report/report_pictures.h"

#include <set>
#include <system_error>

namespace rs::report {

namespace fs = std::filesystem;

namespace {

class ImageFolder {
public:
    explicit ImageFolder(fs::path folder) : m_folder(std::move(folder)) {}

    Status create() {
        std::error_code ec;
        fs::create_directories(m_folder, ec);
        if (ec) return makeError("cannot create " + m_folder.string() + ": " + ec.message());
        return {};
    }

    // Writes the picture once under its content name; returns its URL relative to index.html.
    Expected<std::string> put(const StoredPicture& picture) {
        if (picture.bytes.empty()) return std::string();
        const std::string name = picture.sha256 + "." + picture.extension;
        if (m_written.insert(name).second) {
            if (auto s = writeFileAtomically(m_folder / name, picture.bytes); !s) return s.error();
            ++m_count;
        }
        return "images/" + name;
    }

    Expected<std::string> put(const std::string& name, const std::string& bytes) {
        if (bytes.empty()) return std::string();
        if (auto s = writeFileAtomically(m_folder / name, bytes); !s) return s.error();
        ++m_count;
        return "images/" + name;
    }

    std::int64_t count() const { return m_count; }

private:
    fs::path m_folder;
    std::set<std::string> m_written;
    std::int64_t m_count = 0;
};

}  // namespace

Expected<WrittenReport> writeHtmlReport(store::CaseFile& caseFile, const ReportModel& model, const fs::path& folder) {
    WrittenReport out;
    ImageFolder images(folder / "images");
    if (auto s = images.create(); !s) return s.error();
    std::string html = htmlHead(model, HtmlFlavor::Browser);
    std::size_t number = 0;
    for (const auto& finding : model.findings) {
        FindingPictures pictures = loadFindingPictures(caseFile, finding);
        auto generation = images.put(pictures.generation);
        auto other = images.put(pictures.other);
        auto heatmap = images.put("difference-" + std::to_string(finding.candidate.id) + ".png", pictures.heatmapPng);
        for (const auto* written : {&generation, &other, &heatmap})
            if (!*written) return written->error();
        const ShownPicture shownGeneration{*generation, pictures.generation.bgr.cols, pictures.generation.bgr.rows};
        const ShownPicture shownOther{*other, pictures.other.bgr.cols, pictures.other.bgr.rows};
        html += htmlFinding(finding, ++number, {shownGeneration, shownOther, *heatmap}, pictures.problems,
                            HtmlFlavor::Browser);
        out.problems.insert(out.problems.end(), pictures.problems.begin(), pictures.problems.end());
    }
    html += htmlTail(model, out.problems);
    out.mainFile = folder / "index.html";
    if (auto s = writeFileAtomically(out.mainFile, html); !s) return s.error();
    out.imagesWritten = images.count();
    return out;
}

}  // namespace rs::report
