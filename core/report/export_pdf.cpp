#include "report/export_pdf.h"

#include "imaging/image_ops.h"
#include "report/html_document.h"
#include "report/report_pictures.h"

#include <QGuiApplication>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

namespace rs::report {

namespace {

constexpr int kDpi = 96;              // layout units = CSS pixels, as QTextDocument assumes
constexpr int kPictureLongSide = 400; // embedded pictures are downscaled to this (printed ~200 px wide)
constexpr double kFooterHeight = 28;

QImage toQImage(const cv::Mat& bgr) {
    if (bgr.empty()) return {};
    const cv::Mat small = imaging::fitLongSide(bgr, kPictureLongSide);
    return QImage(small.data, small.cols, small.rows, static_cast<qsizetype>(small.step), QImage::Format_BGR888).copy();
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
        const QString text = QString::fromStdString("Case " + m_model.details.caseNumber + " - audit head " +
                                                    m_model.auditHeadHash + " - ReplicaScope " + m_model.softwareVersion) +
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

Expected<WrittenReport> writePdfReport(store::CaseFile& caseFile, const ReportModel& model, const std::filesystem::path& file) {
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
        addPicture(toQImage(pictures.generation.bgr), "generation", sources.generation);
        addPicture(toQImage(pictures.other.bgr), "other", sources.other);
        addPicture(QImage::fromData(QByteArray::fromStdString(pictures.heatmapPng), "PNG"), "difference", sources.heatmap);
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
