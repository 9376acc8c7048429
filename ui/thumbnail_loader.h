#pragma once
// Thumbnails decoded off the GUI thread. pixmap() never decodes: it returns a cached thumbnail
// or nullptr and queues the file. The queue is last-in-first-out and bounded, so the items a
// view painted last (the visible ones) load first and long-scrolled-past requests are dropped.
// Decoded images come back queued on the GUI thread (loaded / failed) and are kept as pixmaps
// in a cache bounded in bytes.
#include <QCache>
#include <QHash>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QSize>
#include <QString>
#include <QThreadPool>
#include <QVector>

#include <algorithm>

namespace rs::ui {

class ThumbnailLoader : public QObject {
    Q_OBJECT
public:
    explicit ThumbnailLoader(QSize size = QSize(160, 160), int cacheMegabytes = 96, QObject* parent = nullptr);
    ~ThumbnailLoader() override;  // waits for the decodes in flight

    QSize thumbnailSize() const { return m_size; }
    // The cached thumbnail, or nullptr (the file is then queued unless it already failed).
    const QPixmap* pixmap(const QString& path);
    // Why the file could not be shown; empty while it loads or when it loaded.
    QString error(const QString& path) const { return m_errors.value(path); }
    int pendingCount() const { return int(m_pending.size()) + m_inFlight; }
    int cachedCount() const { return int(m_cache.count()); }
    // Resizes the cache (evicting the oldest thumbnails when it shrinks); benches use it to hold a
    // whole 10,000-item grid.
    void setCacheMegabytes(int megabytes) { m_cache.setMaxCost(qsizetype(std::max(1, megabytes)) * 1024); }
    void clear();  // forgets cache, errors and queue (a new case)

signals:
    void loaded(const QString& path);
    void failed(const QString& path, const QString& message);

private:
    void startNext();
    void finish(const QString& path, const QImage& image, const QString& message);

    QSize m_size;
    QThreadPool m_pool;
    QCache<QString, QPixmap> m_cache;  // cost in KiB
    QHash<QString, QString> m_errors;
    QVector<QString> m_pending;  // back = newest
    QSet<QString> m_queued;      // pending or in flight
    int m_inFlight = 0;
    int m_maxPending = 512;
};

}  // namespace rs::ui
