#include "ui/review_queue_model.h"

#include "ui/review_labels.h"

namespace rs::ui {

ReviewQueueModel::ReviewQueueModel(QObject* parent) : QAbstractTableModel(parent) {}

void ReviewQueueModel::setDatabase(store::Connection* db) {
    m_db = db;
    reload();
}

void ReviewQueueModel::setFilter(const store::ReviewQueueFilter& filter) {
    m_filter = filter;
    reload();
}

void ReviewQueueModel::reload() {
    beginResetModel();
    m_items.clear();
    m_total = 0;
    m_atEnd = m_db == nullptr;
    endResetModel();
    if (!m_db) return;
    auto count = store::countCandidates(*m_db, m_filter);
    if (!count) {
        m_atEnd = true;
        emit errorOccurred(QString::fromStdString(count.message()));
        return;
    }
    m_total = *count;
    fetchMore({});
}

const store::ReviewQueueItem* ReviewQueueModel::item(int row) const {
    return row >= 0 && row < int(m_items.size()) ? &m_items[std::size_t(row)] : nullptr;
}

int ReviewQueueModel::rowOfCandidate(std::int64_t candidateId) const {
    for (std::size_t i = 0; i < m_items.size(); ++i)
        if (m_items[i].candidate.id == candidateId) return int(i);
    return -1;
}

void ReviewQueueModel::setRowStatus(int row, store::CandidateStatus status) {
    if (row < 0 || row >= int(m_items.size())) return;
    m_items[std::size_t(row)].candidate.status = status;
    emit dataChanged(index(row, Status), index(row, Status));
}

int ReviewQueueModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_items.size()); }
int ReviewQueueModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

bool ReviewQueueModel::canFetchMore(const QModelIndex& parent) const { return !parent.isValid() && !m_atEnd; }

void ReviewQueueModel::fetchMore(const QModelIndex& parent) {
    if (parent.isValid() || m_atEnd || !m_db) return;
    std::optional<store::QueueCursor> after;
    if (!m_items.empty()) after = store::QueueCursor{m_items.back().candidate.score, m_items.back().candidate.id};
    auto page = store::reviewQueuePage(*m_db, m_filter, kPageSize, 0, after);
    if (!page) {
        m_atEnd = true;
        emit errorOccurred(QString::fromStdString(page.message()));
        return;
    }
    m_atEnd = int(page->size()) < kPageSize;
    if (page->empty()) return;
    const int first = int(m_items.size());
    beginInsertRows({}, first, first + int(page->size()) - 1);
    for (auto& item : *page) m_items.push_back(std::move(item));
    endInsertRows();
}

namespace {

QString otherSide(const store::ReviewQueueItem& item) {
    if (item.candidate.otherGenerationId)
        return ReviewQueueModel::tr("generation #%1").arg(*item.candidate.otherGenerationId);
    const QString source = QString::fromStdString(item.referenceSource.value_or(std::string()));
    const QString set = QString::fromStdString(item.referenceSet.value_or(std::string()));
    return set.isEmpty() ? source : ReviewQueueModel::tr("%1 (%2)").arg(source, set);
}

}  // namespace

QVariant ReviewQueueModel::data(const QModelIndex& index, int role) const {
    const store::ReviewQueueItem* it = index.isValid() ? item(index.row()) : nullptr;
    if (!it) return {};
    if (role == Qt::TextAlignmentRole) {
        const bool numeric = index.column() == Score || index.column() == Seed || index.column() == Memorization;
        return QVariant(int(numeric ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter));
    }
    if (role == Qt::ToolTipRole && index.column() == Prompt) return QString::fromStdString(it->promptText);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case Score:
        return QString::number(it->candidate.score, 'f', 4);
    case Metric:
        return QString::fromStdString(it->candidate.metric);
    case Prompt:
        return QString::fromStdString(it->promptText);
    case Seed:
        return QString::number(it->seed);
    case OtherSide:
        return otherSide(*it);
    case Status:
        return statusLabel(it->candidate.status);
    case Memorization:
        return it->memorizationScore ? QString::number(*it->memorizationScore, 'f', 3) : tr("–");
    default:
        return {};
    }
}

QVariant ReviewQueueModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Score:
        return tr("Score");
    case Metric:
        return tr("Metric");
    case Prompt:
        return tr("Prompt");
    case Seed:
        return tr("Seed");
    case OtherSide:
        return tr("Other side");
    case Status:
        return tr("Status");
    case Memorization:
        return tr("Memorization");
    default:
        return {};
    }
}

}  // namespace rs::ui
