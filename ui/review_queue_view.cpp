#include "ui/review_queue_view.h"

#include "store/case_repository.h"
#include "ui/app_settings.h"
#include "ui/case_session.h"
#include "ui/review_labels.h"
#include "ui/review_queue_model.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace rs::ui {
namespace {

constexpr int kAllStatuses = -1;
constexpr int kPromptChoiceLimit = 5000;  // the combo lists at most this many prompts

}  // namespace

ReviewQueueView::ReviewQueueView(CaseSession* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_model(new ReviewQueueModel(this)) {
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("queueTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(ReviewQueueModel::Prompt, QHeaderView::Stretch);
    m_table->installEventFilter(this);

    m_count = new QLabel(this);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("queueMessage"));
    m_message->setWordWrap(true);
    auto* legend = new QLabel(tr("Keys: 1 replicated · 2 partial copy · 3 not a copy · 0 unsure · "
                                 "J/K or ↓/↑ next/previous · Ctrl+Z undo · Shift/Ctrl+click selects several rows"),
                              this);
    legend->setObjectName(QStringLiteral("shortcutLegend"));
    legend->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(makeFilterRow());
    layout->addWidget(m_count);
    layout->addWidget(m_table, 1);
    layout->addWidget(legend);
    layout->addWidget(makeDecisionRow());
    layout->addWidget(m_message);

    connect(m_model, &ReviewQueueModel::errorOccurred, this, &ReviewQueueView::showMessage);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ReviewQueueView::emitCurrent);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ReviewQueueView::emitCurrent);
    if (m_session) connect(m_session, &CaseSession::caseChanged, this, &ReviewQueueView::refresh);
    refresh();
}

QWidget* ReviewQueueView::makeFilterRow() {
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    m_status = new QComboBox(row);
    m_status->setObjectName(QStringLiteral("statusFilter"));
    for (store::CandidateStatus s : allStatuses()) m_status->addItem(statusLabel(s), int(s));
    m_status->addItem(tr("all"), kAllStatuses);
    m_prompt = new QComboBox(row);
    m_prompt->setObjectName(QStringLiteral("promptFilter"));
    m_prompt->setEditable(true);  // type to find a prompt among many
    m_prompt->setInsertPolicy(QComboBox::NoInsert);
    m_prompt->setMinimumContentsLength(24);
    m_prompt->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_metric = new QComboBox(row);
    m_metric->setObjectName(QStringLiteral("metricFilter"));
    m_referenceSet = new QComboBox(row);
    m_referenceSet->setObjectName(QStringLiteral("referenceSetFilter"));
    layout->addWidget(new QLabel(tr("Status:"), row));
    layout->addWidget(m_status);
    layout->addWidget(new QLabel(tr("Prompt:"), row));
    layout->addWidget(m_prompt, 1);
    layout->addWidget(new QLabel(tr("Metric:"), row));
    layout->addWidget(m_metric);
    layout->addWidget(new QLabel(tr("Reference set:"), row));
    layout->addWidget(m_referenceSet);
    for (QComboBox* combo : {m_status, m_prompt, m_metric, m_referenceSet})
        connect(combo, &QComboBox::activated, this, &ReviewQueueView::applyFilter);
    return row;
}

QWidget* ReviewQueueView::makeDecisionRow() {
    auto* box = new QWidget(this);
    auto* form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    m_reviewer = new QLineEdit(AppSettings::reviewerName(), box);
    m_reviewer->setObjectName(QStringLiteral("reviewer"));
    connect(m_reviewer, &QLineEdit::editingFinished, this,
            [this] { AppSettings::setReviewerName(m_reviewer->text().trimmed()); });
    m_note = new QLineEdit(box);
    m_note->setObjectName(QStringLiteral("note"));
    m_note->setPlaceholderText(tr("Recorded with each decision"));
    m_tags = new QLineEdit(box);
    m_tags->setObjectName(QStringLiteral("tags"));
    m_tags->setPlaceholderText(tr("Comma-separated, added to each decided candidate"));
    form->addRow(tr("Reviewer:"), m_reviewer);
    form->addRow(tr("Note:"), m_note);
    form->addRow(tr("Tags:"), m_tags);
    m_tagList = new QWidget(box);
    m_tagList->setObjectName(QStringLiteral("candidateTags"));
    auto* tagLayout = new QHBoxLayout(m_tagList);
    tagLayout->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Tagged:"), m_tagList);

    auto* buttons = new QHBoxLayout;
    const std::pair<store::CandidateStatus, QString> decisions[] = {
        {store::CandidateStatus::Confirmed, tr("Replicated (1)")},
        {store::CandidateStatus::PartialCopy, tr("Partial copy (2)")},
        {store::CandidateStatus::Rejected, tr("Not a copy (3)")},
        {store::CandidateStatus::Unsure, tr("Unsure (0)")},
    };
    for (const auto& [status, text] : decisions) {
        auto* button = new QPushButton(text, box);
        button->setObjectName(QStringLiteral("decide_") + QString::fromLatin1(store::toString(status)));
        button->setFocusPolicy(Qt::NoFocus);  // focus stays in the table, where the keys work
        const store::CandidateStatus decision = status;
        connect(button, &QPushButton::clicked, this, [this, decision] { decideSelected(decision); });
        buttons->addWidget(button);
    }
    auto* undo = new QPushButton(tr("Undo (Ctrl+Z)"), box);
    undo->setObjectName(QStringLiteral("undo"));
    undo->setFocusPolicy(Qt::NoFocus);
    connect(undo, &QPushButton::clicked, this, &ReviewQueueView::undoLastDecision);
    buttons->addStretch(1);
    buttons->addWidget(undo);
    form->addRow(buttons);
    return box;
}

void ReviewQueueView::refresh() {
    const QString path = m_session && m_session->isOpen() ? m_session->casePath() : QString();
    if (path != m_undoCasePath) m_decider.clear();  // undo stays within one case
    m_undoCasePath = path;
    refreshFilterChoices();
    m_model->setDatabase(m_session && m_session->caseFile() ? &m_session->caseFile()->db() : nullptr);
    applyFilter();
}

void ReviewQueueView::refreshFilterChoices() {
    const QVariant prompt = m_prompt->currentData(), metric = m_metric->currentData(),
                   set = m_referenceSet->currentData();
    m_prompt->clear();
    m_metric->clear();
    m_referenceSet->clear();
    m_prompt->addItem(tr("All prompts"));
    m_metric->addItem(tr("All metrics"));
    m_referenceSet->addItem(tr("All reference sets"));
    store::CaseFile* c = m_session ? m_session->caseFile() : nullptr;
    if (c) {
        if (auto prompts = store::listPrompts(c->db(), kPromptChoiceLimit))
            for (const auto& p : *prompts) m_prompt->addItem(QString::fromStdString(p.text), qint64(p.id));
        if (auto metrics = store::candidateMetrics(c->db()))
            for (const auto& m : *metrics) m_metric->addItem(QString::fromStdString(m), QString::fromStdString(m));
        if (auto sets = store::listReferenceSets(c->db()))
            for (const auto& s : *sets)
                m_referenceSet->addItem(QString::fromStdString(s.name), QString::fromStdString(s.name));
    }
    m_prompt->setCurrentIndex(std::max(0, m_prompt->findData(prompt)));
    m_metric->setCurrentIndex(std::max(0, m_metric->findData(metric)));
    m_referenceSet->setCurrentIndex(std::max(0, m_referenceSet->findData(set)));
}

void ReviewQueueView::applyFilter() {
    store::ReviewQueueFilter filter;
    const int status = m_status->currentData().toInt();
    filter.status = status == kAllStatuses ? std::nullopt : std::optional(store::CandidateStatus(status));
    if (m_prompt->currentData().isValid()) filter.promptId = m_prompt->currentData().toLongLong();
    if (m_metric->currentData().isValid()) filter.metric = m_metric->currentData().toString().toStdString();
    if (m_referenceSet->currentData().isValid())
        filter.referenceSet = m_referenceSet->currentData().toString().toStdString();
    m_message->clear();
    m_model->setFilter(filter);
    if (m_model->rowCount() > 0) m_table->selectRow(0);
    updateCount();
}

void ReviewQueueView::updateCount() { m_count->setText(tr("%n candidate(s)", nullptr, int(m_model->totalCount()))); }

void ReviewQueueView::decideSelected(store::CandidateStatus decision) {
    store::CaseFile* c = m_session ? m_session->caseFile() : nullptr;
    if (!c) return showMessage(tr("Open a case to review its candidates."));
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty() && m_table->currentIndex().isValid()) rows.append(m_table->currentIndex());
    if (rows.isEmpty()) return showMessage(tr("Select the candidates to decide."));
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    std::vector<std::pair<std::int64_t, store::CandidateStatus>> candidates;
    for (const QModelIndex& index : rows)
        if (const auto* item = m_model->item(index.row()))
            candidates.emplace_back(item->candidate.id, item->candidate.status);
    QList<DecisionChange> applied;
    const QString error = m_decider.decide(c->db(), candidates, decision, m_reviewer->text(), m_note->text(),
                                           m_tags->text().split(QLatin1Char(','), Qt::SkipEmptyParts), &applied);
    showChanges(applied);
    showMessage(error);
    if (error.isEmpty() && rows.size() == 1) moveBy(1);
    showTags();
}

void ReviewQueueView::undoLastDecision() {
    store::CaseFile* c = m_session ? m_session->caseFile() : nullptr;
    if (!c) return;
    QList<DecisionChange> restored;
    const QString error = m_decider.undo(c->db(), m_reviewer->text(), &restored);
    showChanges(restored);
    showMessage(error);
    if (!restored.isEmpty()) {
        const int row = m_model->rowOfCandidate(restored.front().candidateId);
        if (row >= 0) m_table->selectRow(row);
    }
}

// The field saves what is typed into it to AppSettings, so the name in Settings is always the
// latest one the reviewer chose, wherever they typed it: the field simply follows it.
void ReviewQueueView::setReviewerName(const QString& name) { m_reviewer->setText(name); }

void ReviewQueueView::showTags() {
    auto* layout = static_cast<QHBoxLayout*>(m_tagList->layout());
    while (QLayoutItem* entry = layout->takeAt(0)) {
        delete entry->widget();
        delete entry;
    }
    store::CaseFile* c = m_session ? m_session->caseFile() : nullptr;
    const QModelIndex current = m_table->currentIndex();
    const store::ReviewQueueItem* item = c && current.isValid() ? m_model->item(current.row()) : nullptr;
    if (!item) return;
    auto tags = store::tagsForCandidate(c->db(), item->candidate.id);
    if (!tags) return layout->addWidget(new QLabel(QString::fromStdString(tags.message()), m_tagList));
    if (tags->empty()) layout->addWidget(new QLabel(tr("none"), m_tagList));
    for (const store::CandidateTag& tag : *tags) {
        const QString name = QString::fromStdString(tag.tag.name);
        auto* button = new QToolButton(m_tagList);
        button->setObjectName(QStringLiteral("tag_") + name);
        button->setText(tr("%1 ×").arg(name));
        button->setToolTip(tr("Tagged by %1 at %2 (UTC). Click to remove the tag.")
                               .arg(QString::fromStdString(tag.author), QString::fromStdString(tag.taggedUtc)));
        button->setFocusPolicy(Qt::NoFocus);  // focus stays in the table, where the keys work
        const std::int64_t candidateId = tag.candidateId, tagId = tag.tag.id;
        // queued: removeTag rebuilds this list, deleting the button, which must return from its click first
        connect(
            button, &QToolButton::clicked, this, [this, candidateId, tagId] { removeTag(candidateId, tagId); },
            Qt::QueuedConnection);
        layout->addWidget(button);
    }
    layout->addStretch(1);
}

void ReviewQueueView::removeTag(std::int64_t candidateId, std::int64_t tagId) {
    store::CaseFile* c = m_session ? m_session->caseFile() : nullptr;
    if (!c) return;
    showMessage(m_decider.removeTag(c->db(), candidateId, tagId, m_reviewer->text()));
    showTags();
}

void ReviewQueueView::showChanges(const QList<DecisionChange>& changes) {
    QList<qint64> ids;
    for (const DecisionChange& change : changes) {
        m_model->setRowStatus(m_model->rowOfCandidate(change.candidateId), change.after);
        ids.append(change.candidateId);
    }
    if (!ids.isEmpty()) {
        emit decisionsRecorded(ids);
        if (m_session) m_session->announceCandidatesDecided(ids);
    }
}

void ReviewQueueView::showMessage(const QString& message) { m_message->setText(message); }

void ReviewQueueView::selectNext() { moveBy(1); }
void ReviewQueueView::selectPrevious() { moveBy(-1); }

void ReviewQueueView::moveBy(int rows) {
    const int current = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
    int target = current + rows;
    if (target >= m_model->rowCount() && m_model->canFetchMore({})) m_model->fetchMore({});
    target = std::clamp(target, 0, m_model->rowCount() - 1);
    if (target >= 0 && target != current) m_table->selectRow(target);
}

void ReviewQueueView::emitCurrent() {
    showTags();
    const QModelIndex current = m_table->currentIndex();
    const store::ReviewQueueItem* item = current.isValid() ? m_model->item(current.row()) : nullptr;
    if (item)
        emit currentCandidateChanged(*item);
    else
        emit currentCandidateCleared();
}

bool ReviewQueueView::eventFilter(QObject* watched, QEvent* event) {
    if (watched != m_table || event->type() != QEvent::KeyPress) return QWidget::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    if (key->matches(QKeySequence::Undo)) {
        undoLastDecision();
        return true;
    }
    if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) return false;
    switch (key->key()) {
    case Qt::Key_1:
        decideSelected(store::CandidateStatus::Confirmed);
        return true;
    case Qt::Key_2:
        decideSelected(store::CandidateStatus::PartialCopy);
        return true;
    case Qt::Key_3:
        decideSelected(store::CandidateStatus::Rejected);
        return true;
    case Qt::Key_0:
        decideSelected(store::CandidateStatus::Unsure);
        return true;
    case Qt::Key_J:
        moveBy(1);
        return true;
    case Qt::Key_K:
        moveBy(-1);
        return true;
    default:
        return false;
    }
}

void ReviewQueueView::subscribe(CaseSession* session) {
    connect(session, &CaseSession::runFinished, this, &ReviewQueueView::refresh);
    connect(session, &CaseSession::referencesImported, this, &ReviewQueueView::refreshFilterChoices);
}

}  // namespace rs::ui
