#pragma once
// The review queue as a table: candidates of the open case, highest score first, read from the
// case a page at a time (keyset cursor) as the view scrolls (canFetchMore / fetchMore).
#include "store/review_repository.h"

#include <QAbstractTableModel>

#include <vector>

namespace rs::ui {

class ReviewQueueModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Score, Metric, Prompt, Seed, OtherSide, Status, Memorization, ColumnCount };
    static constexpr int kPageSize = 200;

    explicit ReviewQueueModel(QObject* parent = nullptr);

    // The GUI thread's connection of the open case; nullptr empties the model. Resets the queue.
    void setDatabase(store::Connection* db);
    void setFilter(const store::ReviewQueueFilter& filter);
    const store::ReviewQueueFilter& filter() const { return m_filter; }
    // Reads the queue again from the first page (after others changed the case).
    void reload();

    const store::ReviewQueueItem* item(int row) const;
    int rowOfCandidate(std::int64_t candidateId) const;
    // Shows a status written elsewhere (a decision) without re-reading the queue, so the row
    // stays where the reviewer is even when it no longer matches the status filter.
    void setRowStatus(int row, store::CandidateStatus status);
    // Candidates matching the filter in the case (not only the rows fetched so far).
    qint64 totalCount() const { return m_total; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

signals:
    void errorOccurred(const QString& message);

private:
    store::Connection* m_db = nullptr;
    store::ReviewQueueFilter m_filter;
    std::vector<store::ReviewQueueItem> m_items;
    bool m_atEnd = true;
    qint64 m_total = 0;
};

}  // namespace rs::ui
