#include "main_window.h"

#include "app_settings.h"
#include "case_details_dialog.h"
#include "case_overview.h"
#include "case_session.h"
#include "comparison_view.h"
#include "reference_sets_view.h"
#include "results_grid.h"
#include "results_model.h"
#include "review_queue_model.h"
#include "review_queue_view.h"
#include "scan_panel.h"
#include "scan_runner.h"
#include "evidence_task.h"
#include "export_dialog.h"
#include "settings_dialog.h"
#include "verify_dialog.h"

#include "rs_version.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QListView>
#include <QTableView>
#include <QProgressDialog>
#include <QSplitter>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>

#include <limits>

namespace rs::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_session(new CaseSession(this)) {
    setObjectName("mainWindow");
    setWindowIcon(QIcon(":/icons/replicascope.svg"));
    m_overview = new CaseOverview(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName("mainTabs");
    m_tabs->addTab(m_overview, tr("&Case"));
    m_references = new ReferenceSetsView(m_session, this);
    m_tabs->addTab(m_references, tr("&Reference Sets"));
    m_scanPanel = new ScanPanel(m_session, this);
    m_tabs->addTab(m_scanPanel, tr("&Scan"));
    m_results = new ResultsGrid(this);
    m_tabs->addTab(m_results, tr("Res&ults"));
    auto* review = new QSplitter(Qt::Horizontal, this);
    review->setObjectName("reviewSplitter");
    // The comparison view first: both react to caseChanged in construction order, and the
    // queue's reload selects a row that the comparison must show, not clear afterwards.
    m_comparison = new ComparisonView(m_session, review);
    m_queue = new ReviewQueueView(m_session, review);
    review->addWidget(m_queue);
    review->addWidget(m_comparison);
    review->setStretchFactor(0, 2);
    review->setStretchFactor(1, 3);
    m_tabs->addTab(review, tr("Re&view"));
    connect(m_queue, &ReviewQueueView::currentCandidateChanged, m_comparison, &ComparisonView::showCandidate);
    connect(m_queue, &ReviewQueueView::currentCandidateCleared, m_comparison, &ComparisonView::clear);
    connect(m_scanPanel, &ScanPanel::scanStarted, this, [this] { m_tabs->setCurrentWidget(m_results); });
    // Views follow the case through the session's change bus, not through each other.
    m_results->subscribe(m_session);
    m_queue->subscribe(m_session);
    connect(m_session, &CaseSession::candidatesDecided, this, &MainWindow::refresh);
    connect(m_session, &CaseSession::runFinished, this, [this](const QString& summary, bool) {
        refresh();
        statusBar()->showMessage(summary, 15000);
    });
    connect(m_scanPanel, &ScanPanel::scanFailed, this,
            [this](const QString& message) { showError(tr("Scan Failed"), message); });
    connect(m_session, &CaseSession::caseChanged, this, [this] { m_results->setCase(m_session->caseFile()); });
    setCentralWidget(m_tabs);
    createActions();
    addRegenerateMenu(m_results->view(),
                      [](const QModelIndex& index) { return index.data(ResultsModel::GenerationIdRole).toLongLong(); });
    addRegenerateMenu(m_queue->table(), [this](const QModelIndex& index) {
        const store::ReviewQueueItem* item = m_queue->model()->item(index.row());
        return item ? qint64(item->candidate.generationId) : 0;
    });
    connect(m_session, &CaseSession::caseChanged, this, &MainWindow::refresh);
    connect(m_overview, &CaseOverview::editDetailsRequested, this, &MainWindow::editCaseDetails);

    setAcceptDrops(true);
    // ResultsGrid leaves its splitter unnamed; named here so restoreWindowState finds it.
    if (auto* split = m_results->findChild<QSplitter*>(); split && split->objectName().isEmpty())
        split->setObjectName(QStringLiteral("resultsSplitter"));
    restoreWindowState();
    refresh();
}

MainWindow::~MainWindow() = default;

void MainWindow::showTab(int index) {
    if (index >= 0 && index < m_tabs->count()) m_tabs->setCurrentIndex(index);
}

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New Case…"), QKeySequence::New, this, &MainWindow::newCase);
    file->addAction(tr("&Open Case…"), QKeySequence::Open, this, &MainWindow::openCase);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_closeAction = file->addAction(tr("&Close Case"), QKeySequence::Close, this, &MainWindow::closeCase);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    // Text fields take Ctrl+Z first (they accept the shortcut override) and undo their typing.
    edit->addAction(tr("&Undo Last Review Decision"), QKeySequence::Undo, this, &MainWindow::undoLastReviewDecision);

    QMenu* caseMenu = menuBar()->addMenu(tr("C&ase"));
    m_detailsAction = caseMenu->addAction(tr("&Details…"), this, &MainWindow::editCaseDetails);
    m_verifyAction = caseMenu->addAction(tr("&Verify Case…"), this, &MainWindow::verifyCase);
    m_verifyAction->setToolTip(tr("Recompute the audit log's hash chain and the SHA-256 of every stored image"));

    QMenu* evidence = menuBar()->addMenu(tr("Evi&dence"));
    m_exportAction = evidence->addAction(tr("&Export Report…"), this, &MainWindow::exportReport);
    m_exportAction->setToolTip(tr("HTML, PDF, CSV or JSON report of the findings, recorded in the audit log"));
    m_regenerateAction = evidence->addAction(tr("&Regenerate a Generation…"), this, &MainWindow::regenerateGeneration);
    m_regenerateAction->setToolTip(
        tr("Make a stored generation again from its recorded model, prompt and seed, "
           "and compare it with the stored image"));
    evidence->addAction(m_verifyAction);
    m_evidence = new EvidenceTask(this);
    connect(m_evidence, &EvidenceTask::finished, this, [this](bool ok, const QString& title, const QString& message) {
        if (m_busy) m_busy->close();
        refresh();
        if (ok) {
            statusBar()->showMessage(title, 8000);
            if (!m_quiet) QMessageBox::information(this, title, message);
        } else {
            showError(title, message);
        }
    });

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    QAction* settings = tools->addAction(tr("&Settings…"), this, [this] {
        SettingsDialog dialog(this);
        if (dialog.exec() == QDialog::Accepted) applySettings();
    });
    settings->setShortcut(QKeySequence::Preferences);
    settings->setMenuRole(QAction::PreferencesRole);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About ReplicaScope"), this, [this] {
        QMessageBox::about(this, tr("About ReplicaScope"),
                           tr("<h3>ReplicaScope %1</h3><p>Audits text-to-image diffusion models for "
                              "reproduced training images.</p>")
                               .arg(QString::fromLatin1(rs::kVersion)));
    });
    rebuildRecentMenu();
}

void MainWindow::addRegenerateMenu(QAbstractItemView* view, std::function<qint64(const QModelIndex&)> generationOf) {
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this, [this, view, generationOf](const QPoint& pos) {
        const QModelIndex index = view->indexAt(pos);
        const qint64 id = index.isValid() ? generationOf(index) : 0;
        if (id <= 0) return;
        auto* menu = new QMenu(view);
        menu->setObjectName(QStringLiteral("generationMenu"));
        menu->setAttribute(Qt::WA_DeleteOnClose);
        QAction* regenerate = menu->addAction(tr("Re&generate Generation %1 to Verify").arg(id), this,
                                              [this, id] { startGenerationCheck(id); });
        regenerate->setEnabled(m_regenerateAction->isEnabled());  // a case is open and no evidence job runs
        menu->popup(view->viewport()->mapToGlobal(pos));
    });
}

void MainWindow::applySettings() {
    m_results->setThreshold(AppSettings::thresholds().tiledL2);
    m_scanPanel->applyGenerationDefaults(AppSettings::generationDefaults());
    m_queue->setReviewerName(AppSettings::reviewerName());
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = AppSettings::recentCases();
    for (const QString& path : recent) {
        QAction* a = m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openCaseFile(path); });
        a->setToolTip(path);
        a->setStatusTip(path);
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::refresh() {
    const bool open = m_session->isOpen();
    m_closeAction->setEnabled(open);
    m_detailsAction->setEnabled(open);
    m_verifyAction->setEnabled(open);
    const bool idle = !m_evidence || !m_evidence->isRunning();
    m_exportAction->setEnabled(open && idle);
    m_regenerateAction->setEnabled(open && idle);
    if (open) {
        setWindowTitle(tr("%1 — ReplicaScope").arg(QDir::toNativeSeparators(m_session->casePath())));
        QString error;
        if (auto s = m_session->summary(&error))
            m_overview->showSummary(*s);
        else
            m_overview->showMessage(tr("The case could not be read: %1").arg(error));
    } else {
        setWindowTitle(tr("ReplicaScope"));
        m_overview->showMessage(
            tr("No case is open. Create one with File › New Case or open one with File › Open Case."));
    }
}

void MainWindow::showError(const QString& title, const QString& message) {
    m_lastError = message;
    statusBar()->showMessage(message, 10000);
    if (!m_quiet) QMessageBox::warning(this, title, message);
}

QString MainWindow::openCaseFile(const QString& path) {
    const QString error = m_session->openCase(path);
    if (!error.isEmpty()) {
        showError(tr("Cannot Open Case"), error);
        return error;
    }
    AppSettings::addRecentCase(m_session->casePath());
    rebuildRecentMenu();
    statusBar()->showMessage(tr("Opened %1").arg(m_session->casePath()), 5000);
    return {};
}

QString MainWindow::openStartupCase(const QString& path) {
    if (!path.isEmpty()) return openCaseFile(path);
    for (const QString& recent : AppSettings::recentCases())
        if (QFileInfo::exists(recent)) return openCaseFile(recent);

    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/cases";
    QDir().mkpath(folder);
    const QString stamp = QDateTime::currentDateTimeUtc().toString("yyyyMMdd-HHmmss");
    store::CaseDetails details;
    details.title = tr("Untitled case").toStdString();
    details.examiner = store::currentUserName();
    details.caseNumber = stamp.toStdString();
    QString casePath = folder + "/untitled-" + stamp + ".rscase";
    for (int n = 2; QFileInfo::exists(casePath) && n < 1000; ++n)  // two in the same second
        casePath = folder + "/untitled-" + stamp + "-" + QString::number(n) + ".rscase";
    const QString error = m_session->createCase(casePath, details);
    if (!error.isEmpty()) {
        showError(tr("Cannot Create Case"), error);
        return error;
    }
    AppSettings::addRecentCase(m_session->casePath());
    rebuildRecentMenu();
    return {};
}

void MainWindow::newCase() {
    store::CaseDetails details;
    details.examiner =
        AppSettings::reviewerName().isEmpty() ? store::currentUserName() : AppSettings::reviewerName().toStdString();
    CaseDetailsDialog dialog(CaseDetailsDialog::Mode::NewCase, details, this);
    dialog.setCasePath(QDir::homePath() + "/case.rscase");
    if (dialog.exec() != QDialog::Accepted) return;
    const QString error = m_session->createCase(dialog.casePath(), dialog.details());
    if (!error.isEmpty()) {
        showError(tr("Cannot Create Case"), error);
        return;
    }
    AppSettings::addRecentCase(m_session->casePath());
    rebuildRecentMenu();
}

void MainWindow::openCase() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Case"), QDir::homePath(),
                                                      tr("ReplicaScope cases (*.rscase);;All files (*)"));
    if (!path.isEmpty()) openCaseFile(path);
}

void MainWindow::closeCase() { m_session->closeCase(); }

void MainWindow::editCaseDetails() {
    QString error;
    auto summary = m_session->summary(&error);
    if (!summary) {
        showError(tr("Case Details"), error);
        return;
    }
    CaseDetailsDialog dialog(CaseDetailsDialog::Mode::EditCase, summary->details, this);
    if (dialog.exec() != QDialog::Accepted) return;
    error = m_session->saveDetails(dialog.details());
    if (!error.isEmpty()) showError(tr("Cannot Save Details"), error);
}

void MainWindow::verifyCase() {
    if (!m_session->isOpen()) return;
    auto* dialog = new VerifyDialog(m_session->casePath(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->start();
    dialog->show();
}

void MainWindow::exportReport() {
    if (!m_session->isOpen()) return;
    ExportDialog dialog(m_session->casePath(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    startEvidence(tr("Exporting the report…"), [&] {
        return m_evidence->startExport(m_session->casePath(), dialog.options(), AppSettings::reviewerName());
    });
}

void MainWindow::regenerateGeneration() {
    if (!m_session->isOpen()) return;
    bool ok = false;
    const int shown = m_results->view()->currentIndex().data(ResultsModel::GenerationIdRole).toInt();
    const qint64 id = QInputDialog::getInt(this, tr("Regenerate a Generation"),
                                           tr("Generation number (as shown in the results and the review queue):"),
                                           std::max(1, shown), 1, std::numeric_limits<int>::max(), 1, &ok);
    if (ok) startGenerationCheck(id);
}

// From another tab the Review tab comes forward, so the restored row is seen.
void MainWindow::undoLastReviewDecision() {
    if (m_queue->canUndo()) m_tabs->setCurrentWidget(m_queue->parentWidget());  // the review splitter
    m_queue->undoLastDecision();
}

void MainWindow::startGenerationCheck(qint64 generationId) {
    startEvidence(tr("Regenerating generation %1…").arg(generationId),
                  [&] { return m_evidence->startRegeneration(m_session->casePath(), generationId); });
}

// A busy dialog (the jobs report no progress of their own) while an evidence job runs.
template <class Start>
void MainWindow::startEvidence(const QString& label, Start start) {
    if (!start()) return;
    refresh();
    if (m_quiet) return;
    m_busy = new QProgressDialog(label, QString(), 0, 0, this);
    m_busy->setAttribute(Qt::WA_DeleteOnClose);
    m_busy->setWindowModality(Qt::WindowModal);
    m_busy->setMinimumDuration(300);
}

// Anywhere in the window: a folder is imported as a reference set named after it; image files
// are compared against the case's reference sets (the Reference Sets tab shows both).
void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (m_session->isOpen() && event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList folders, files;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (!url.isLocalFile()) continue;
        const QFileInfo info(url.toLocalFile());
        if (info.isDir())
            folders << info.absoluteFilePath();
        else if (info.isFile())
            files << info.absoluteFilePath();
    }
    if (folders.isEmpty() && files.isEmpty()) return;
    event->acceptProposedAction();
    m_tabs->setCurrentWidget(m_references);
    if (!folders.isEmpty())
        m_references->importFolder(folders.front(), QFileInfo(folders.front()).fileName());
    else
        m_references->compareImages(files);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_scanPanel->runner()->isRunning()) {
        // the worker stops within one network step; the run stays resumable
        m_scanPanel->runner()->cancel();
        m_scanPanel->runner()->wait(30000);
    }
    saveWindowState();
    QMainWindow::closeEvent(event);
}

void MainWindow::restoreWindowState() {
    QSettings settings;
    if (!restoreGeometry(settings.value("window/geometry").toByteArray())) resize(1280, 800);
    restoreState(settings.value("window/state").toByteArray());
    settings.beginGroup("window/splitters");
    for (QSplitter* split : findChildren<QSplitter*>())
        if (!split->objectName().isEmpty()) split->restoreState(settings.value(split->objectName()).toByteArray());
    settings.endGroup();
    showTab(settings.value("window/tab", 0).toInt());
}

void MainWindow::saveWindowState() const {
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    settings.beginGroup("window/splitters");
    for (const QSplitter* split : findChildren<QSplitter*>())
        if (!split->objectName().isEmpty()) settings.setValue(split->objectName(), split->saveState());
    settings.endGroup();
    settings.setValue("window/tab", m_tabs->currentIndex());
}

}  // namespace rs::ui
