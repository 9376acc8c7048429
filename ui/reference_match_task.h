#pragma once
// Dropped image files compared against the case's reference sets, off the GUI thread on its own
// connection: each file is described with the descriptor its sets were imported with, the sets'
// nearest-neighbour indexes (reference::ReferenceIndex) give candidates, and those are re-ranked
// by the exact metrics (metrics::compareImages: tiled l2, pHash, partial copy), as a scan
// matches its generations (audit/prompt_findings.h).
#include <QFutureWatcher>
#include <QImage>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace rs::ui {

struct ReferenceMatch {
    QString setName;
    qint64 referenceId = 0;
    QString source;
    QString caption;
    double tiledL2 = 0;
    int phashDistance = 0;
    double cosine = 0;
    QStringList crossed;  // metrics whose copy threshold the pair crosses
    QImage thumbnail;     // the reference's stored thumbnail (null when unreadable)
};

struct ImageMatches {
    QString file;
    QString error;                  // names the file: it could not be read or compared
    QList<ReferenceMatch> matches;  // closest first (tiled l2)
};

struct ReferenceComparison {
    QString error;      // the case could not be searched at all
    QStringList notes;  // sets not searched and why, references that could not be read
    QList<ImageMatches> images;
};

class ReferenceMatchTask : public QObject {
    Q_OBJECT
public:
    explicit ReferenceMatchTask(QObject* parent = nullptr);
    ~ReferenceMatchTask() override;  // waits for a running comparison

    bool isRunning() const { return m_watcher.isRunning(); }
    // False (and nothing started) while another comparison runs. topK: matches kept per file.
    bool start(const QString& casePath, const QStringList& files, double tiledL2Threshold, int phashThreshold,
               int topK = 5);
    const ReferenceComparison& result() const { return m_result; }

signals:
    void finished();

private:
    QFutureWatcher<ReferenceComparison> m_watcher;
    ReferenceComparison m_result;
};

// The comparison itself (what start() runs on the worker thread).
ReferenceComparison compareWithReferenceSets(const QString& casePath, const QStringList& files, double tiledL2Threshold,
                                             int phashThreshold, int topK);

}  // namespace rs::ui
