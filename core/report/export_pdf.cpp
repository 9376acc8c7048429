#include "report/export_pdf.h"

#include "imaging/image_ops.h"
#include "report/html_document.h"
#include "report/report_pictures.h"
#include "store/match_regions.h"

#include <QGuiApplication>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QPen>
#include <QTextDocument>
#include <QUrl>

#include <algorithm>

namespace rs::report {

namespace {

constexpr int kDpi = 96;               // layout units = CSS pixels, as QTextDocument assumes
constexpr int kPictureLongSide = 400;  // embedded pictures are downscaled to this (printed ~200 px wide)
constexpr double kFooterHeight = 28;

QImage toQImage(const cv::Mat& bgr) {
    if (bgr.empty()) return {};
    const cv::Mat small = imaging::fitLongSide(bgr, kPictureLongSide);
    return QImage(small.data, small.cols, small.rows, static_cast<qsizetype>(small.step), QImage::Format_BGR888).copy();
}

// QTextDocument cannot lay an outline over a picture, so the match box is drawn into the
// embedded copy: cyan on a dark rim, as the comparison view draws it, the line 1 % of the long
// side (at least 2 px) so it stays visible where the PDF's JPEG blurs thin lines.
QImage withMatchBox(const QImage& image, const store::MatchRegion* region) {
    const auto box = region ? store::boxOnShownImage(*region, image.width(), image.height()) : std::nullopt;
    if (!box) return image;
    QImage out = image.convertToFormat(QImage::Format_RGB32);
    const double line = std::max(2.0, std::max(out.width(), out.height()) / 100.0);
    const QRectF rect(box->x, box->y, box->width, box->height);
    QPainter p(&out);
    p.setPen(QPen(QColor(0, 0, 0, 160), 2 * line, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin));
    p.drawRect(rect);
    p.setPen(QPen(QColor(0, 229, 255), line, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin));
    p.drawRect(rect);
    return out;
}

class PdfPages {
public:
    PdfPages(const std::filesystem::path& file, const ReportModel& model)
        : m_writer(QString::fromStdString(file.string())), m_model(model) {
        m_writer.setResolution(kDpi);
        m_writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 15),
                                           QPageLayout::Millimeter));
        m_writer.setTitle(QString::fromStdString("ReplicaScope evidence report, case " + model.details.caseNumber));
        m_writer.setCreator(QString::fromStdString("ReplicaScope " + model.softwareVersion));
    }

    bool begin() { return m_painter.begin(&m_writer); }
    bool end() { return m_painter.end(); }
    int pages() const { return m_pages; }

    // Lays the document out on whole pages, starting on a fresh page.
    void add(QTextDocument& doc) {
        const QRect paint = m_writer.pageLayout().paintRectPixels(kDpi);
        const QSizeF body(paint.width(), paint.height() - kFooterHeight);
        doc.setPageSize(body);
        doc.setDocumentMargin(0);
        for (int page = 0; page < doc.pageCount(); ++page) {
            if (m_pages > 0) m_writer.newPage();
            ++m_pages;
            m_painter.save();
            m_painter.translate(0, -page * body.height());
            doc.drawContents(&m_painter, QRectF(QPointF(0, page * body.height()), body));
            m_painter.restore();
            footer(body);
        }
    }

private:
    void footer(const QSizeF& body) {
        m_painter.save();
        QFont font = m_painter.font();
        font.setPointSizeF(7);
        m_painter.setFont(font);
        m_painter.setPen(Qt::darkGray);
        const QRectF where(0, body.height() + 6, body.width(), kFooterHeight - 6);
        const QString text =
            QString::fromStdString("Case " + m_model.details.caseNumber + " - audit head " + m_model.auditHeadHash +
                                   " - ReplicaScope " + m_model.softwareVersion) +
            QStringLiteral(" - page %1").arg(m_pages);
        m_painter.drawText(where, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWrapAnywhere, text);
        m_painter.restore();
    }

    QPdfWriter m_writer;
    QPainter m_painter;
    const ReportModel& m_model;
    int m_pages = 0;
};

void setHtml(QTextDocument& doc, const std::string& body) {
    doc.setHtml(QString::fromStdString("<html><head>" + htmlStyle() + "</head><body>" + body + "</body></html>"));
}

}  // namespace

std::shared_ptr<void> startGuiForPdf() {
    if (QCoreApplication::instance()) return nullptr;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "replicascope";
    static char* argv[] = {name, nullptr};
    return std::make_shared<QGuiApplication>(argc, argv);
}

Expected<WrittenReport> writePdfReport(store::CaseFile& caseFile, const ReportModel& model,
                                       const std::filesystem::path& file) {
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return makeError("the PDF export needs a QGuiApplication (fonts and painting); none is running");
    WrittenReport out;
    out.mainFile = file;
    PdfPages pdf(file, model);
    if (!pdf.begin()) return makeError("cannot start writing the PDF " + file.string());
    {
        QTextDocument doc;
        doc.setHtml(QString::fromStdString(htmlHead(model, HtmlFlavor::QtTextDocument) + "</body></html>"));
        pdf.add(doc);
    }
    std::size_t number = 0;
    for (const auto& finding : model.findings) {
        FindingPictures pictures = loadFindingPictures(caseFile, finding);
        QTextDocument doc;
        FindingImageSources sources;
        const std::string prefix = "rs-picture:" + std::to_string(finding.candidate.id) + "/";
        auto addPicture = [&](const QImage& image, const std::string& name, std::string& source) {
            if (image.isNull()) return;
            source = prefix + name;
            doc.addResource(QTextDocument::ImageResource, QUrl(QString::fromStdString(source)), QVariant(image));
            ++out.imagesWritten;
        };
        const auto& regions = finding.candidate.matchRegions;
        auto addPairPicture = [&](const cv::Mat& bgr, const store::MatchRegion* region, const std::string& name,
                                  ShownPicture& shown) {
            const QImage image = toQImage(bgr);
            addPicture(withMatchBox(image, region), name, shown.source);
            shown.width = image.width();
            shown.height = image.height();
        };
        addPairPicture(pictures.generation.bgr, regions ? &regions->generation : nullptr, "generation",
                       sources.generation);
        addPairPicture(pictures.other.bgr, regions ? &regions->other : nullptr, "other", sources.other);
        addPicture(QImage::fromData(QByteArray::fromStdString(pictures.heatmapPng), "PNG"), "difference",
                   sources.heatmap);
        setHtml(doc, htmlFinding(finding, ++number, sources, pictures.problems, HtmlFlavor::QtTextDocument));
        pdf.add(doc);
        out.problems.insert(out.problems.end(), pictures.problems.begin(), pictures.problems.end());
    }
    {
        QTextDocument doc;
        setHtml(doc, htmlTail(model, out.problems));
        pdf.add(doc);
    }
    if (!pdf.end()) return makeError("cannot finish writing the PDF " + file.string());
    return out;
}

}  // namespace rs::report
