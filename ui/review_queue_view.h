#pragma once
// The review queue: the open case's candidates, most suspicious first, with filters and
// keyboard decisions on the selected rows (1 replicated, 2 partial copy, 3 not a copy,
// 0 unsure, J/K or Down/Up to move, Ctrl+Z to undo). Every decision goes through
// store::recordReview, so it is in the audit log. The current candidate's tags are listed under
// the tag field with their author; clicking one removes it (audited, by the reviewer).
#include "store/records.h"
#include "store/review_repository.h"
#include "ui/review_decider.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace rs::ui {

class CaseSession;
class ReviewQueueModel;

class ReviewQueueView : public QWidget {
    Q_OBJECT
public:
    explicit ReviewQueueView(CaseSession* session, QWidget* parent = nullptr);

    ReviewQueueModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    bool canUndo() const { return m_decider.canUndo(); }

    // Follows the session's change bus: a finished scan adds candidates, an import adds sets.
    void subscribe(CaseSession* session);

public slots:
    // Re-reads the filters' choices and the queue from the session's case (connected to
    // CaseSession::caseChanged; call it after a scan added candidates).
    void refresh();
    // Re-reads only the filters' choices (e.g. after a reference set was imported), keeping the
    // chosen filters, the queue and its selection.
    void refreshFilterChoices();
    // Applies a decision to every selected row; one row selected: moves on to the next row.
    void decideSelected(rs::store::CandidateStatus decision);
    void undoLastDecision();
    void setReviewerName(const QString& name);
    void selectNext();
    void selectPrevious();

signals:
    // The current row's candidate, for the comparison view.
    void currentCandidateChanged(const rs::store::ReviewQueueItem& item);
    void currentCandidateCleared();
    // After decisions or an undo were written; `candidateIds` are the candidates changed.
    void decisionsRecorded(const QList<qint64>& candidateIds);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* makeFilterRow();
    QWidget* makeDecisionRow();
    void applyFilter();
    void moveBy(int rows);
    void showChanges(const QList<DecisionChange>& changes);
    void showTags();  // the current candidate's
    void removeTag(std::int64_t candidateId, std::int64_t tagId);
    void showMessage(const QString& message);
    void updateCount();
    void emitCurrent();

    CaseSession* m_session = nullptr;
    ReviewQueueModel* m_model = nullptr;
    ReviewDecider m_decider;
    QString m_undoCasePath;  // the case m_decider's undo history belongs to
    QTableView* m_table = nullptr;
    QComboBox* m_status = nullptr;
    QComboBox* m_prompt = nullptr;
    QComboBox* m_metric = nullptr;
    QComboBox* m_referenceSet = nullptr;
    QLineEdit* m_reviewer = nullptr;
    QLineEdit* m_note = nullptr;
    QLineEdit* m_tags = nullptr;
    QWidget* m_tagList = nullptr;  // one button per tag of the current candidate
    QLabel* m_count = nullptr;
    QLabel* m_message = nullptr;
};

}  // namespace rs::ui
