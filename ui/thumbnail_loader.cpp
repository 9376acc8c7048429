#include "ui/thumbnail_loader.h"

#include <QImage>
#include <QImageReader>

#include <algorithm>

namespace rs::ui {

namespace {

// Decodes at thumbnail size where the format allows it (JPEG scales while decoding).
QImage decodeThumbnail(const QString& path, QSize box, QString* error) {
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize full = reader.size();
    if (full.isValid()) reader.setScaledSize(full.scaled(box, Qt::KeepAspectRatio).expandedTo(QSize(1, 1)));
    QImage image = reader.read();
    if (image.isNull()) {
        *error = reader.errorString();
        return {};
    }
    if (image.width() > box.width() || image.height() > box.height())
        image = image.scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

}  // namespace

ThumbnailLoader::ThumbnailLoader(QSize size, int cacheMegabytes, QObject* parent)
    : QObject(parent), m_size(size), m_cache(std::max(1, cacheMegabytes) * 1024) {
    // Leave a core for the GUI and the scan.
    m_pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount() / 2));
}

ThumbnailLoader::~ThumbnailLoader() {
    m_pending.clear();
    m_pool.waitForDone();
}

const QPixmap* ThumbnailLoader::pixmap(const QString& path) {
    if (path.isEmpty()) return nullptr;
    if (const QPixmap* p = m_cache.object(path)) return p;
    if (m_errors.contains(path)) return nullptr;
    if (m_queued.contains(path)) {
        // Move it to the back: it was just painted, so it is visible.
        const auto it = std::find(m_pending.begin(), m_pending.end(), path);
        if (it != m_pending.end() && it + 1 != m_pending.end()) {
            m_pending.erase(it);
            m_pending.push_back(path);
        }
        return nullptr;
    }
    m_queued.insert(path);
    m_pending.push_back(path);
    if (m_pending.size() > m_maxPending) {
        m_queued.remove(m_pending.front());
        m_pending.pop_front();
    }
    startNext();
    return nullptr;
}

void ThumbnailLoader::clear() {
    m_pending.clear();
    m_queued.clear();
    m_cache.clear();
    m_errors.clear();
}

void ThumbnailLoader::startNext() {
    while (m_inFlight < m_pool.maxThreadCount() && !m_pending.isEmpty()) {
        const QString path = m_pending.takeLast();
        ++m_inFlight;
        const QSize box = m_size;
        m_pool.start([this, path, box] {
            QString error;
            const QImage image = decodeThumbnail(path, box, &error);
            QMetaObject::invokeMethod(
                this, [this, path, image, error] { finish(path, image, error); }, Qt::QueuedConnection);
        });
    }
}

void ThumbnailLoader::finish(const QString& path, const QImage& image, const QString& message) {
    --m_inFlight;
    m_queued.remove(path);
    if (image.isNull()) {
        const QString text = message.isEmpty() ? tr("unreadable image") : message;
        m_errors.insert(path, text);
        emit failed(path, text);
    } else {
        auto* pixmap = new QPixmap(QPixmap::fromImage(image));
        m_cache.insert(path, pixmap, std::max(1, int(qint64(image.width()) * image.height() * 4 / 1024)));
        emit loaded(path);
    }
    startNext();
}

}  // namespace rs::ui
