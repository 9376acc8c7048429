#include "ui/results_model.h"

#include "ui/thumbnail_loader.h"

namespace rs::ui {

ResultsModel::ResultsModel(ThumbnailLoader* loader, QObject* parent) : QAbstractListModel(parent), m_loader(loader) {
    connect(m_loader, &ThumbnailLoader::loaded, this, &ResultsModel::onFileDone);
    connect(m_loader, &ThumbnailLoader::failed, this,
            [this](const QString& path, const QString&) { onFileDone(path); });
}

int ResultsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_items.size()); }

QVariant ResultsModel::data(const QModelIndex& index, int role) const {
    const ResultItem* it = item(index.row());
    if (!it || index.column() != 0) return {};
    switch (role) {
    case Qt::DisplayRole:
        return tr("seed %1").arg(it->seed);
    case Qt::DecorationRole:
        if (const QPixmap* p = m_loader->pixmap(it->imagePath)) return *p;
        return {};
    case Qt::ToolTipRole: {
        QString tip = tr("Generation %1, seed %2").arg(it->generationId).arg(it->seed);
        if (it->memorizationScore)
            tip += QLatin1Char('\n') + tr("Memorization score %1").arg(*it->memorizationScore, 0, 'f', 3);
        if (it->cliqueId) tip += QLatin1Char('\n') + tr("Member of flagged clique %1").arg(it->cliqueId);
        if (it->bestMatchDistance)
            tip += QLatin1Char('\n') + tr("Closest training image: %1 (tiled l2 %2)")
                                           .arg(it->referenceLabel)
                                           .arg(*it->bestMatchDistance, 0, 'f', 3);
        const QString problem = data(index, ProblemRole).toString();
        if (!problem.isEmpty()) tip += QLatin1Char('\n') + problem;
        return tip;
    }
    case GenerationIdRole:
        return it->generationId;
    case ItemRole:
        return QVariant::fromValue(*it);
    case ThumbnailStateRole:
        if (it->imagePath.isEmpty() || !m_loader->error(it->imagePath).isEmpty()) return Broken;
        return m_loader->pixmap(it->imagePath) ? Ready : Loading;
    case ProblemRole:
        if (it->imagePath.isEmpty()) return it->imageProblem;
        if (const QString e = m_loader->error(it->imagePath); !e.isEmpty())
            return tr("The image file cannot be read: %1").arg(e);
        return QString();
    default:
        return {};
    }
}

void ResultsModel::setItems(std::vector<ResultItem> items) {
    beginResetModel();
    m_items = std::move(items);
    m_rowById.clear();
    m_rowsByPath.clear();
    reindex(0);
    endResetModel();
}

void ResultsModel::appendItems(const std::vector<ResultItem>& items) {
    std::vector<ResultItem> fresh;
    for (const auto& i : items)
        if (!m_rowById.contains(i.generationId)) fresh.push_back(i);
    if (fresh.empty()) return;
    const int first = int(m_items.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    m_items.insert(m_items.end(), fresh.begin(), fresh.end());
    reindex(first);
    endInsertRows();
}

void ResultsModel::updateItems(const std::vector<ResultItem>& items) {
    for (const auto& i : items) {
        const int row = rowOf(i.generationId);
        if (row < 0) continue;
        indexPaths(row, false);
        m_items[std::size_t(row)] = i;
        indexPaths(row, true);
        emit dataChanged(createIndex(row, 0), createIndex(row, 0));
    }
}

const ResultItem* ResultsModel::item(int row) const {
    return row >= 0 && row < int(m_items.size()) ? &m_items[std::size_t(row)] : nullptr;
}

void ResultsModel::reindex(int from) {
    for (int row = from; row < int(m_items.size()); ++row) {
        m_rowById.insert(m_items[std::size_t(row)].generationId, row);
        indexPaths(row, true);
    }
}

void ResultsModel::indexPaths(int row, bool add) {
    const ResultItem& it = m_items[std::size_t(row)];
    for (const QString& path : {it.imagePath, it.referencePath}) {
        if (path.isEmpty()) continue;
        if (add)
            m_rowsByPath[path].push_back(row);
        else
            m_rowsByPath[path].removeAll(row);
    }
}

void ResultsModel::onFileDone(const QString& path) {
    const auto it = m_rowsByPath.constFind(path);
    if (it == m_rowsByPath.constEnd()) return;
    for (int row : *it)
        emit dataChanged(createIndex(row, 0), createIndex(row, 0), {Qt::DecorationRole, ThumbnailStateRole});
}

}  // namespace rs::ui
