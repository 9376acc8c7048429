// The review queue view on a real case: keyboard decisions write a review row and an audit
// row, undo appends a restoring review, filters change the queue, bulk decisions, paging, and
// the current candidate's tags are listed with their author (the reviewer) and removable.
#include "review_case_fixture.h"
#include "test_registry.h"
#include "test_settings.h"

#include "store/audit_log.h"
#include "ui/app_settings.h"
#include "ui/review_queue_model.h"
#include "ui/review_queue_view.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QToolButton>
#include <QtTest>

using namespace rs;
using namespace rs::ui;
using namespace rs::ui::test;
using store::CandidateStatus;

Q_DECLARE_METATYPE(rs::store::CandidateStatus)

namespace {

// Picks the combo entry with this text, as a user would, and lets the view apply it.
bool chooseFilter(ReviewQueueView& view, const char* comboName, const QString& text) {
    auto* combo = view.findChild<QComboBox*>(QString::fromLatin1(comboName));
    const int index = combo ? combo->findText(text) : -1;
    if (index < 0) return false;
    combo->setCurrentIndex(index);
    emit combo->activated(index);
    return true;
}

std::int64_t idAtRow(ReviewQueueView& view, int row) { return view.model()->item(row)->candidate.id; }

}  // namespace

class TestReviewQueue : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { rs::test::useTestSettings(); }
    void init() { AppSettings::setReviewerName(QStringLiteral("Queue Tester")); }

    void listsCandidatesByScoreWithColumns() {
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ReviewQueueView view(rc->session.get());
        ReviewQueueModel* model = view.model();
        QCOMPARE(model->rowCount(), 6);
        QCOMPARE(model->totalCount(), qint64(6));
        for (int row = 0; row < 6; ++row) QCOMPARE(idAtRow(view, row), rc->candidateIds[std::size_t(row)]);
        QCOMPARE(model->data(model->index(0, ReviewQueueModel::Score)).toString(), QString("0.9000"));
        QCOMPARE(model->data(model->index(0, ReviewQueueModel::Prompt)).toString(), QString("a red barn"));
        QCOMPARE(model->data(model->index(0, ReviewQueueModel::OtherSide)).toString(),
                 QString("/refs/ref0.png (portfolio)"));
        QCOMPARE(model->data(model->index(3, ReviewQueueModel::OtherSide)).toString(),
                 QString("generation #%1").arg(rc->generationIds[0]));
        QCOMPARE(model->data(model->index(3, ReviewQueueModel::Metric)).toString(), QString("sscd"));
        QCOMPARE(model->data(model->index(0, ReviewQueueModel::Status)).toString(), QString("pending"));
        QCOMPARE(model->data(model->index(1, ReviewQueueModel::Memorization)).toString(), QString("0.250"));
        QVERIFY(view.findChild<QLabel*>("shortcutLegend")->text().contains("Ctrl+Z"));
        QCOMPARE(view.findChild<QLineEdit*>("reviewer")->text(), QString("Queue Tester"));
    }

    void decisionKeystrokeWritesReviewAndAuditRow_data() {
        QTest::addColumn<int>("key");
        QTest::addColumn<CandidateStatus>("decision");
        QTest::addColumn<QString>("label");
        QTest::newRow("1 replicated") << int(Qt::Key_1) << CandidateStatus::Confirmed << "replicated";
        QTest::newRow("2 partial copy") << int(Qt::Key_2) << CandidateStatus::PartialCopy << "partial copy";
        QTest::newRow("3 not a copy") << int(Qt::Key_3) << CandidateStatus::Rejected << "not a copy";
        QTest::newRow("0 unsure") << int(Qt::Key_0) << CandidateStatus::Unsure << "unsure";
    }
    void decisionKeystrokeWritesReviewAndAuditRow() {
        QFETCH(int, key);
        QFETCH(CandidateStatus, decision);
        QFETCH(QString, label);
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ReviewQueueView view(rc->session.get());
        view.findChild<QLineEdit*>("note")->setText("seen at 200 %");
        view.findChild<QLineEdit*>("tags")->setText("exhibit, sky");
        QSignalSpy recorded(&view, &ReviewQueueView::decisionsRecorded);
        const std::int64_t id = idAtRow(view, 0);
        QCOMPARE(view.table()->currentIndex().row(), 0);

        QTest::keyClick(view.table(), Qt::Key(key));

        QCOMPARE(recorded.count(), 1);
        QCOMPARE(reviewRows(rc->db(), id), std::int64_t(1));
        QCOMPARE(auditReviewRows(rc->db(), id), std::int64_t(1));
        auto reviews = store::reviewsForCandidate(rc->db(), id);
        QVERIFY(reviews.ok());
        QCOMPARE(reviews->front().decision, decision);
        QCOMPARE(reviews->front().reviewer, std::string("Queue Tester"));
        QCOMPARE(reviews->front().note, std::string("seen at 200 %"));
        QCOMPARE(store::getCandidate(rc->db(), id)->status, decision);
        auto tags = store::tagsForCandidate(rc->db(), id);
        QVERIFY(tags.ok());
        QCOMPARE(tags->size(), std::size_t(2));
        QCOMPARE(view.model()->data(view.model()->index(0, ReviewQueueModel::Status)).toString(), label);
        QCOMPARE(view.table()->currentIndex().row(), 1);  // on to the next candidate
        QCOMPARE(reviewRows(rc->db(), idAtRow(view, 1)), std::int64_t(0));
    }

    void undoAppendsRestoringReview() {
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ReviewQueueView view(rc->session.get());
        const std::int64_t id = idAtRow(view, 0);
        QTest::keyClick(view.table(), Qt::Key_1);
        QCOMPARE(store::getCandidate(rc->db(), id)->status, CandidateStatus::Confirmed);
        QVERIFY(view.canUndo());

        QTest::keyClick(view.table(), Qt::Key_Z, Qt::ControlModifier);

        QCOMPARE(store::getCandidate(rc->db(), id)->status, CandidateStatus::Pending);
        QCOMPARE(reviewRows(rc->db(), id), std::int64_t(2));  // nothing deleted
        QCOMPARE(auditReviewRows(rc->db(), id), std::int64_t(2));
        auto reviews = store::reviewsForCandidate(rc->db(), id);
        QCOMPARE(reviews->back().decision, CandidateStatus::Pending);
        QVERIFY(reviews->back().note.find("undo") != std::string::npos);
        QCOMPARE(view.table()->currentIndex().row(), 0);  // back on the undone row
        QCOMPARE(view.model()->data(view.model()->index(0, ReviewQueueModel::Status)).toString(), QString("pending"));
        QVERIFY(!view.canUndo());
        QTest::keyClick(view.table(), Qt::Key_Z, Qt::ControlModifier);  // nothing left: no new rows
        QCOMPARE(reviewRows(rc->db(), id), std::int64_t(2));
    }

    void filtersChangeTheQueue_data() {
        QTest::addColumn<QString>("combo");
        QTest::addColumn<QString>("choice");
        QTest::addColumn<int>("rows");
        QTest::newRow("prompt") << "promptFilter"
                                << "a blue lake" << 3;
        QTest::newRow("metric") << "metricFilter"
                                << "sscd" << 3;
        QTest::newRow("reference set portfolio") << "referenceSetFilter"
                                                 << "portfolio" << 2;
        QTest::newRow("reference set laion") << "referenceSetFilter"
                                             << "laion" << 1;
        QTest::newRow("status replicated") << "statusFilter"
                                           << "replicated" << 1;
        QTest::newRow("status partial copy") << "statusFilter"
                                             << "partial copy" << 1;
        QTest::newRow("status pending") << "statusFilter"
                                        << "pending" << 4;
        QTest::newRow("status all") << "statusFilter"
                                    << "all" << 6;
    }
    void filtersChangeTheQueue() {
        QFETCH(QString, combo);
        QFETCH(QString, choice);
        QFETCH(int, rows);
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        // Candidate 0 replicated, 1 partial copy, recorded before the view opens.
        QVERIFY(store::recordReview(rc->db(), rc->candidateIds[0], CandidateStatus::Confirmed, "R").ok());
        QVERIFY(store::recordReview(rc->db(), rc->candidateIds[1], CandidateStatus::PartialCopy, "R").ok());
        ReviewQueueView view(rc->session.get());
        QCOMPARE(view.model()->rowCount(), 4);  // pending is the default
        if (combo != "statusFilter") QVERIFY(chooseFilter(view, "statusFilter", "all"));
        QVERIFY2(chooseFilter(view, qPrintable(combo), choice), qPrintable(choice));
        QCOMPARE(view.model()->rowCount(), rows);
        QCOMPARE(view.model()->totalCount(), qint64(rows));
    }

    void bulkDecisionOnSelection() {
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ReviewQueueView view(rc->session.get());
        QSignalSpy recorded(&view, &ReviewQueueView::decisionsRecorded);
        auto* selection = view.table()->selectionModel();
        selection->clearSelection();
        for (int row : {1, 2, 4})
            selection->select(view.model()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);

        QTest::keyClick(view.table(), Qt::Key_3);

        QCOMPARE(recorded.count(), 1);
        QCOMPARE(recorded.front().front().value<QList<qint64>>().size(), 3);
        for (int row = 0; row < 6; ++row) {
            const bool decided = row == 1 || row == 2 || row == 4;
            const std::int64_t id = idAtRow(view, row);
            QCOMPARE(store::getCandidate(rc->db(), id)->status,
                     decided ? CandidateStatus::Rejected : CandidateStatus::Pending);
            QCOMPARE(auditReviewRows(rc->db(), id), std::int64_t(decided ? 1 : 0));
        }
        // One undo reverts the whole bulk decision.
        view.undoLastDecision();
        for (int row : {1, 2, 4}) {
            QCOMPARE(store::getCandidate(rc->db(), idAtRow(view, row))->status, CandidateStatus::Pending);
            QCOMPARE(reviewRows(rc->db(), idAtRow(view, row)), std::int64_t(2));
        }
    }

    void partialCopyDecisionAndItsFilter() {
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ReviewQueueView view(rc->session.get());
        view.table()->selectRow(2);
        const std::int64_t id = idAtRow(view, 2);
        QTest::keyClick(view.table(), Qt::Key_2);
        QCOMPARE(store::getCandidate(rc->db(), id)->status, CandidateStatus::PartialCopy);
        QVERIFY(chooseFilter(view, "statusFilter", "partial copy"));
        QCOMPARE(view.model()->rowCount(), 1);
        QCOMPARE(idAtRow(view, 0), id);
        QVERIFY(chooseFilter(view, "statusFilter", "pending"));
        QCOMPARE(view.model()->rowCount(), 5);
    }

    void keysMoveTheSelection_data() {
        QTest::addColumn<QList<int>>("keys");
        QTest::addColumn<int>("row");
        QTest::newRow("J J") << QList<int>{Qt::Key_J, Qt::Key_J} << 2;
        QTest::newRow("J J K") << QList<int>{Qt::Key_J, Qt::Key_J, Qt::Key_K} << 1;
        QTest::newRow("K at top") << QList<int>{Qt::Key_K} << 0;
        QTest::newRow("Down Down Up") << QList<int>{Qt::Key_Down, Qt::Key_Down, Qt::Key_Up} << 1;
        QTest::newRow("past the end") << QList<int>(8, Qt::Key_J) << 5;
    }
    void keysMoveTheSelection() {
        QFETCH(QList<int>, keys);
        QFETCH(int, row);
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ReviewQueueView view(rc->session.get());
        QSignalSpy current(&view, &ReviewQueueView::currentCandidateChanged);
        for (int key : keys) QTest::keyClick(view.table(), Qt::Key(key));
        QCOMPARE(view.table()->currentIndex().row(), row);
        if (row > 0) {
            QVERIFY(!current.isEmpty());
            QCOMPARE(current.back().front().value<store::ReviewQueueItem>().candidate.id, idAtRow(view, row));
        }
    }

    void decisionWithoutReviewerIsRefused() {
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ReviewQueueView view(rc->session.get());
        view.findChild<QLineEdit*>("reviewer")->clear();
        QTest::keyClick(view.table(), Qt::Key_1);
        QCOMPARE(reviewRows(rc->db(), idAtRow(view, 0)), std::int64_t(0));
        QVERIFY(view.findChild<QLabel*>("queueMessage")->text().contains("reviewer"));
    }

    // Tags given with a decision on two rows: the current candidate lists them with the
    // reviewer as author (in the store and the audit log, not the login name); clicking one
    // removes it, audited; without a reviewer, or once it is gone elsewhere, the tag is not
    // removed and the message says why.
    void tagsAreListedWithTheReviewerAndRemovable() {
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ReviewQueueView view(rc->session.get());
        auto* tagList = view.findChild<QWidget*>("candidateTags");
        QVERIFY(tagList->findChildren<QToolButton*>().isEmpty());
        view.findChild<QLineEdit*>("tags")->setText("logo, watermark");
        view.table()->selectionModel()->select(view.model()->index(0, 0),
                                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        view.table()->selectionModel()->select(view.model()->index(1, 0),
                                               QItemSelectionModel::Select | QItemSelectionModel::Rows);
        view.table()->selectionModel()->setCurrentIndex(view.model()->index(0, 0), QItemSelectionModel::NoUpdate);
        const std::int64_t id = idAtRow(view, 0);
        view.decideSelected(CandidateStatus::Confirmed);

        auto* logo = tagList->findChild<QToolButton*>("tag_logo");
        QVERIFY(logo && tagList->findChild<QToolButton*>("tag_watermark"));
        QVERIFY2(logo->toolTip().contains("Queue Tester"), qPrintable(logo->toolTip()));
        auto tags = store::tagsForCandidate(rc->db(), id);
        QVERIFY(tags.ok());
        QCOMPARE(tags->size(), std::size_t(2));
        for (const auto& tag : *tags) QCOMPARE(tag.author, std::string("Queue Tester"));

        view.findChild<QLineEdit*>("reviewer")->clear();
        logo->click();
        QTRY_VERIFY(view.findChild<QLabel*>("queueMessage")->text().contains("reviewer"));
        QCOMPARE(store::tagsForCandidate(rc->db(), id)->size(), std::size_t(2));

        view.findChild<QLineEdit*>("reviewer")->setText("Queue Tester");
        tagList->findChild<QToolButton*>("tag_logo")->click();
        QTRY_VERIFY(!tagList->findChild<QToolButton*>("tag_logo"));
        QVERIFY(tagList->findChild<QToolButton*>("tag_watermark"));
        tags = store::tagsForCandidate(rc->db(), id);
        QCOMPARE(tags->size(), std::size_t(1));
        QCOMPARE(tags->front().tag.name, std::string("watermark"));
        auto audit = store::listAudit(rc->db());
        QVERIFY(audit.ok());
        QCOMPARE(audit->back().action, std::string("tag.removed"));
        QCOMPARE(audit->back().actor, std::string("Queue Tester"));

        auto watermark = tagList->findChild<QToolButton*>("tag_watermark");
        QVERIFY(store::untagCandidate(rc->db(), id, tags->front().tag.id).ok());  // removed elsewhere meanwhile
        watermark->click();
        QTRY_VERIFY(view.findChild<QLabel*>("queueMessage")->text().contains("has no tag"));
        QVERIFY(!tagList->findChild<QToolButton*>("tag_watermark"));
        QCOMPARE(store::tagsForCandidate(rc->db(), idAtRow(view, 1))->size(), std::size_t(2));  // the other row's stay
    }

    void pagesAreFetchedLazily() {
        auto rc = makeReviewCase(444);  // 450 candidates
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ReviewQueueView view(rc->session.get());
        ReviewQueueModel* model = view.model();
        QCOMPARE(model->totalCount(), qint64(450));
        QCOMPARE(model->rowCount(), ReviewQueueModel::kPageSize);
        QVERIFY(model->canFetchMore({}));
        model->fetchMore({});
        QCOMPARE(model->rowCount(), 2 * ReviewQueueModel::kPageSize);
        model->fetchMore({});
        QCOMPARE(model->rowCount(), 450);
        QVERIFY(!model->canFetchMore({}));
        for (int row = 1; row < model->rowCount(); ++row)
            QVERIFY(model->item(row - 1)->candidate.score >= model->item(row)->candidate.score);
    }

    void closingTheCaseEmptiesTheQueue() {
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ReviewQueueView view(rc->session.get());
        QSignalSpy cleared(&view, &ReviewQueueView::currentCandidateCleared);
        rc->session->closeCase();
        QCOMPARE(view.model()->rowCount(), 0);
        QVERIFY(!cleared.isEmpty());
        QTest::keyClick(view.table(), Qt::Key_1);  // no case: a message, not a crash
    }
};

RS_REGISTER_TEST(TestReviewQueue)
#include "tst_review_queue.moc"
