#pragma once
// The generations of the prompt shown in the results grid, one row each. It knows no database:
// the grid loads ResultItems and hands them in, so a view of 10,000 synthetic items can be
// measured too. Thumbnails come from a ThumbnailLoader; a row changes when its file loads.
#include "ui/results_query.h"

#include <QAbstractListModel>
#include <QHash>
#include <QVector>

#include <vector>

namespace rs::ui {

class ThumbnailLoader;

class ResultsModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        GenerationIdRole = Qt::UserRole + 1,
        ItemRole,            // the ResultItem
        ThumbnailStateRole,  // ThumbnailState
        ProblemRole,         // why the image cannot be shown
    };
    enum ThumbnailState { Loading, Ready, Broken };

    explicit ResultsModel(ThumbnailLoader* loader, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    void setItems(std::vector<ResultItem> items);
    void appendItems(const std::vector<ResultItem>& items);
    // Replaces the rows of items already shown (same generation id); others are ignored.
    void updateItems(const std::vector<ResultItem>& items);
    const ResultItem* item(int row) const;
    int rowOf(qint64 generationId) const { return m_rowById.value(generationId, -1); }
    ThumbnailLoader* loader() const { return m_loader; }

private:
    void onFileDone(const QString& path);
    void reindex(int from);
    void indexPaths(int row, bool add);

    ThumbnailLoader* m_loader;
    std::vector<ResultItem> m_items;
    QHash<qint64, int> m_rowById;
    // The rows that show a file: their generation, or their matched reference's inset (memorized
    // generations can share one file, and many can match one reference).
    QHash<QString, QVector<int>> m_rowsByPath;
};

}  // namespace rs::ui
