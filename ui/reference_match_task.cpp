// libtorch (through the metrics headers) before any Qt header
#include "audit/prompt_findings.h"

#include "ui/reference_match_task.h"

#include "imaging/image_decode.h"
#include "metrics/comparison.h"
#include "metrics/descriptor_extractor.h"
#include "reference/import_journal.h"
#include "reference/reference_import.h"
#include "reference/reference_index.h"
#include "store/case_file.h"
#include "store/case_repository.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QtConcurrent>

#include <algorithm>
#include <map>
#include <memory>

namespace rs::ui {

namespace {

constexpr int kNeighbours = 10;  // retrieved per set by descriptor
constexpr int kReranked = 5;     // of those, compared with the exact metrics (a scan keeps the best of 3)

// lupdate files these strings under the enclosing namespace, so that is the context to ask for
QString tr(const char* text) { return QCoreApplication::translate("rs::ui", text); }

QString qs(const std::string& s) { return QString::fromStdString(s); }

QImage storedThumbnail(store::CaseFile& caseFile, const store::ReferenceImage& row) {
    if (!row.thumbnailSha256) return {};
    auto path = caseFile.images().pathOf(*row.thumbnailSha256);
    return path ? QImage(qs(path->string())) : QImage();
}

ImageMatches matchOne(store::CaseFile& caseFile, const QString& file, metrics::DescriptorExtractor& extractor,
                      std::vector<audit::ReferenceMatcher>& sets, const audit::FindingOptions& options, int topK,
                      QStringList& notes) {
    ImageMatches out;
    out.file = file;
    const QString name = QFileInfo(file).fileName();
    auto decoded = imaging::decodeImageFile(file.toStdString());
    if (!decoded) {
        out.error = tr("%1: %2").arg(name, qs(decoded.message()));
        return out;
    }
    auto descriptor = extractor.describe(decoded->bgr);
    if (!descriptor) {
        out.error = tr("%1: %2").arg(name, qs(descriptor.message()));
        return out;
    }
    for (auto& set : sets) {
        std::vector<std::string> warnings;
        auto compared = audit::rerankReferences(caseFile, set, decoded->bgr, *descriptor, options, warnings);
        for (const auto& w : warnings) notes << tr("%1: %2").arg(name, qs(w));
        if (!compared) {
            notes << tr("Reference set \"%1\": %2").arg(qs(set.setName), qs(compared.message()));
            continue;
        }
        for (const auto& c : *compared) {
            auto row = store::getReferenceImage(caseFile.db(), c.referenceId);
            if (!row) {
                notes << qs(row.message());
                continue;
            }
            ReferenceMatch m;
            m.setName = qs(set.setName);
            m.referenceId = c.referenceId;
            m.source = qs(row->source);
            m.caption = qs(row->caption);
            m.tiledL2 = c.result.tiled.distance;
            m.phashDistance = c.result.phashDistance;
            m.cosine = c.cosine;
            for (const auto& check : c.result.checks)
                if (check.crossed) m.crossed << qs(check.metric);
            m.thumbnail = storedThumbnail(caseFile, *row);
            out.matches << m;
        }
    }
    std::stable_sort(out.matches.begin(), out.matches.end(),
                     [](const ReferenceMatch& a, const ReferenceMatch& b) { return a.tiledL2 < b.tiledL2; });
    if (out.matches.size() > topK) out.matches.resize(topK);
    return out;
}

}  // namespace

ReferenceComparison compareWithReferenceSets(const QString& casePath, const QStringList& files, double tiledL2Threshold,
                                             int phashThreshold, int topK) {
    ReferenceComparison out;
    auto opened = store::CaseFile::open(casePath.toStdString(), store::OpenMode::ReadOnly);
    if (!opened) {
        out.error = qs(opened.message());
        return out;
    }
    // The GUI does not configure a TorchScript model: sets imported with the built-in
    // descriptor are searchable, others are listed as not searched.
    auto extractor = metrics::openDescriptorExtractor({});
    if (!extractor) {
        out.error = qs(extractor.message());
        return out;
    }
    const auto& info = (*extractor)->info();
    auto listed = store::listReferenceSets(opened->db());
    if (!listed) {
        out.error = qs(listed.message());
        return out;
    }
    std::vector<audit::ReferenceMatcher> sets;
    for (const auto& s : *listed) {
        auto identity = reference::setDescriptor(opened->db(), s.name);
        if (!identity) {
            out.notes << tr("Reference set \"%1\" has no descriptors; it is not searched.").arg(qs(s.name));
            continue;
        }
        if (identity->name != info.name || identity->dimension != info.dimension) {
            out.notes << tr("Reference set \"%1\" was imported with descriptor %2; it is not searched here.")
                             .arg(qs(s.name), qs(identity->name));
            continue;
        }
        auto index = reference::ReferenceIndex::openForSet(*opened, s.name);
        if (!index) {
            out.notes << tr("Reference set \"%1\": %2").arg(qs(s.name), qs(index.message()));
            continue;
        }
        sets.push_back({s.name, std::make_unique<reference::ReferenceIndex>(std::move(*index)), {}});
    }
    if (sets.empty() && out.notes.isEmpty()) out.notes << tr("The case has no reference sets yet.");

    audit::FindingOptions options;
    options.neighbours = kNeighbours;
    options.reranked = kReranked;
    options.compare.tiledL2Threshold = tiledL2Threshold;
    options.compare.phashThreshold = phashThreshold;
    for (const QString& file : files)
        out.images << matchOne(*opened, file, **extractor, sets, options, topK, out.notes);
    return out;
}

ReferenceMatchTask::ReferenceMatchTask(QObject* parent) : QObject(parent) {
    connect(&m_watcher, &QFutureWatcher<ReferenceComparison>::finished, this, [this] {
        m_result = m_watcher.result();
        emit finished();
    });
}

ReferenceMatchTask::~ReferenceMatchTask() { m_watcher.waitForFinished(); }

bool ReferenceMatchTask::start(const QString& casePath, const QStringList& files, double tiledL2Threshold,
                               int phashThreshold, int topK) {
    if (m_watcher.isRunning()) return false;
    m_result = {};
    m_watcher.setFuture(
        QtConcurrent::run(compareWithReferenceSets, casePath, files, tiledL2Threshold, phashThreshold, topK));
    return true;
}

}  // namespace rs::ui
