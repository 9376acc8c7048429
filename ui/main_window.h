#pragma once
// The main window: case menu (new/open/recent/close), case details, verification, and the
// views of the open case. The case file path is always in the title bar.
#include <QMainWindow>
#include <QPointer>

#include <functional>

class QAbstractItemView;
class QMenu;
class QModelIndex;
class QTabWidget;
class QAction;
class QProgressDialog;

namespace rs::ui {

class CaseSession;
class CaseOverview;
class EvidenceTask;
class ComparisonView;
class ReferenceSetsView;
class ResultsGrid;
class ReviewQueueView;
class ScanPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    CaseSession* session() const { return m_session; }
    ScanPanel* scanPanel() const { return m_scanPanel; }
    ResultsGrid* resultsGrid() const { return m_results; }
    ReviewQueueView* reviewQueue() const { return m_queue; }
    ReferenceSetsView* referenceSets() const { return m_references; }
    void showTab(int index);

    // Opens `path` if given; else the most recent case that still exists; else creates an
    // untitled case in the user's data folder so the app always starts on a usable case.
    // Returns the error shown, empty on success.
    QString openStartupCase(const QString& path);

    QString openCaseFile(const QString& path);      // shows errors in a message box unless quiet
    void setQuiet(bool quiet) { m_quiet = quiet; }  // tests: report errors without modal dialogs
    QString lastError() const { return m_lastError; }
    EvidenceTask* evidenceTask() const { return m_evidence; }

public slots:
    void newCase();
    void openCase();
    void closeCase();
    void editCaseDetails();
    void verifyCase();
    void exportReport();
    void regenerateGeneration();
    void startGenerationCheck(qint64 generationId);  // also for views that show a generation
    void undoLastReviewDecision();
    // Pushes the saved settings to the open views (after the Settings dialog is accepted).
    void applySettings();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    // Right-click on an item of `view` whose generation `generationOf` names (0: none) offers
    // "Regenerate to Verify" for that generation.
    void addRegenerateMenu(QAbstractItemView* view, std::function<qint64(const QModelIndex&)> generationOf);
    void rebuildRecentMenu();
    // Geometry, dock state, the sizes of every named splitter and the current tab.
    void restoreWindowState();
    void saveWindowState() const;
    void refresh();
    void showError(const QString& title, const QString& message);
    template <class Start>
    void startEvidence(const QString& label, Start start);

    CaseSession* m_session = nullptr;
    CaseOverview* m_overview = nullptr;
    ReferenceSetsView* m_references = nullptr;
    ScanPanel* m_scanPanel = nullptr;
    ResultsGrid* m_results = nullptr;
    ReviewQueueView* m_queue = nullptr;
    ComparisonView* m_comparison = nullptr;
    QTabWidget* m_tabs = nullptr;
    QMenu* m_recentMenu = nullptr;
    QAction* m_closeAction = nullptr;
    QAction* m_detailsAction = nullptr;
    QAction* m_verifyAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_regenerateAction = nullptr;
    EvidenceTask* m_evidence = nullptr;
    QPointer<QProgressDialog> m_busy;
    bool m_quiet = false;
    QString m_lastError;
};

}  // namespace rs::ui
