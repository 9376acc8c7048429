#include "ui/reference_set_model.h"

#include "store/case_repository.h"
#include "ui/thumbnail_loader.h"

#include <QApplication>
#include <QFileInfo>
#include <QPainter>
#include <QPixmap>
#include <QStyle>

namespace rs::ui {

namespace {

constexpr QSize kThumbnail(128, 128);

QIcon placeholderIcon(const QColor& fill) {
    QPixmap pixmap(kThumbnail);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setPen(Qt::NoPen);
    painter.setBrush(fill);
    painter.drawRoundedRect(QRect(QPoint(8, 8), kThumbnail - QSize(16, 16)), 6, 6);
    return QIcon(pixmap);
}

QString shortText(const QString& text, int max = 48) {
    const QString simple = text.simplified();
    return simple.size() <= max ? simple : simple.left(max - 1) + QChar(0x2026);
}

}  // namespace

ReferenceSetModel::ReferenceSetModel(QObject* parent)
    : QAbstractListModel(parent),
      m_loader(new ThumbnailLoader(kThumbnail, 64, this)),
      m_placeholder(placeholderIcon(QColor(128, 128, 128, 60))),
      m_broken(QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning)) {
    connect(m_loader, &ThumbnailLoader::loaded, this, &ReferenceSetModel::thumbnailArrived);
    connect(m_loader, &ThumbnailLoader::failed, this,
            [this](const QString& path, const QString&) { thumbnailArrived(path); });
}

ReferenceSetModel::~ReferenceSetModel() = default;

void ReferenceSetModel::clear() {
    beginResetModel();
    m_rows.clear();
    m_paths.clear();
    m_rowsOf.clear();
    m_setName.clear();
    m_truncated = false;
    m_loader->clear();
    endResetModel();
}

QString ReferenceSetModel::load(store::CaseFile* caseFile, const QString& setName) {
    clear();
    m_case = caseFile;
    if (!caseFile || setName.isEmpty()) return {};
    auto rows = store::listReferenceImages(caseFile->db(), setName.toStdString(), kMaxRows + 1);
    if (!rows) return QString::fromStdString(rows.message());
    beginResetModel();
    m_setName = setName;
    m_rows = std::move(*rows);
    m_truncated = int(m_rows.size()) > kMaxRows;
    if (m_truncated) m_rows.resize(kMaxRows);
    endResetModel();
    return {};
}

int ReferenceSetModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

QString ReferenceSetModel::thumbnailPath(int row) const {
    if (auto it = m_paths.constFind(row); it != m_paths.constEnd()) return *it;
    QString path;
    const auto& image = m_rows[std::size_t(row)];
    // The stored thumbnail, else the stored original (imports with storeOriginals keep it).
    if (m_case) {
        for (const std::string* sha : {image.thumbnailSha256 ? &*image.thumbnailSha256 : nullptr, &image.sha256}) {
            if (!sha) continue;
            if (auto found = m_case->images().pathOf(*sha)) {
                path = QString::fromStdString(found->string());
                break;
            }
        }
    }
    m_paths.insert(row, path);
    if (!path.isEmpty()) m_rowsOf[path].append(row);
    return path;
}

bool ReferenceSetModel::hasThumbnail(int row) const {
    if (row < 0 || row >= rowCount()) return false;
    const QString path = thumbnailPath(row);
    return !path.isEmpty() && m_loader->error(path).isEmpty() && m_loader->pixmap(path) != nullptr;
}

QVariant ReferenceSetModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto& image = m_rows[std::size_t(index.row())];
    const QString source = QString::fromStdString(image.source);
    const QString caption = QString::fromStdString(image.caption);
    switch (role) {
    case Qt::DisplayRole:
        return shortText(caption.isEmpty() ? QFileInfo(source).fileName() : caption);
    case Qt::DecorationRole: {
        const QString path = thumbnailPath(index.row());
        if (path.isEmpty() || !m_loader->error(path).isEmpty()) return m_broken;
        if (const QPixmap* pixmap = m_loader->pixmap(path)) return *pixmap;
        return m_placeholder;
    }
    case Qt::ToolTipRole: {
        QStringList lines;
        if (!caption.isEmpty()) lines << caption;
        lines << tr("Source: %1").arg(source);
        if (image.width && image.height) lines << tr("Size: %1 × %2 px").arg(*image.width).arg(*image.height);
        if (!image.licence.empty()) lines << tr("Licence: %1").arg(QString::fromStdString(image.licence));
        if (image.dedupCount > 1) lines << tr("Occurs %1 times in the set").arg(image.dedupCount);
        lines << tr("SHA-256: %1").arg(QString::fromStdString(image.sha256));
        return lines.join(QLatin1Char('\n'));
    }
    default:
        return {};
    }
}

void ReferenceSetModel::thumbnailArrived(const QString& path) {
    for (int row : m_rowsOf.value(path)) {
        const QModelIndex i = index(row);
        emit dataChanged(i, i, {Qt::DecorationRole});
    }
}

}  // namespace rs::ui
