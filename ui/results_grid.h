#pragma once
// The results of a scan, per prompt: a prompt selector, the prompt's generations as a thumbnail
// grid (QListView in icon mode over ResultsModel / ResultsDelegate, thumbnails loaded off the
// GUI thread), the histogram of their pairwise distances with the threshold, and beside the
// grid the closest training image of the selected generation. Fills batch by batch while a scan
// runs (appendGenerations from ScanRunner::batchStored).
#include <QList>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QListView;

namespace rs::store {
class CaseFile;
}

namespace rs::ui {

class CaseSession;
class DistanceHistogram;
class ResultsDelegate;
class ResultsModel;
class ThumbnailLoader;
struct PromptEntry;
struct ResultItem;

class ResultsGrid : public QWidget {
    Q_OBJECT
public:
    explicit ResultsGrid(QWidget* parent = nullptr);
    ~ResultsGrid() override;

    ResultsModel* model() const { return m_model; }
    QListView* view() const { return m_view; }
    ThumbnailLoader* loader() const { return m_loader; }
    DistanceHistogram* histogram() const { return m_histogram; }
    // Follows the session's change bus: generations stored and prompts analysed by a scan.
    void subscribe(CaseSession* session);
    qint64 currentPrompt() const { return m_promptId; }
    QString messageText() const;

public slots:
    // The GUI thread's case (CaseSession::caseFile()); nullptr clears the grid. Lists the case's
    // prompts with generations and shows the first.
    void setCase(rs::store::CaseFile* caseFile);
    void setPrompt(qint64 promptId);
    // A batch the scan just stored: added to the selector, and to the grid when it is the prompt
    // shown (the first batch of a scan selects its prompt when none is shown).
    void appendGenerations(const QList<qint64>& generationIds);
    // After a prompt's findings are stored: reloads its clique outlines, badges and histogram.
    void refreshPrompt(qint64 promptId);
    void setThreshold(double tiledL2);

signals:
    void generationActivated(qint64 generationId);  // double-click: open in the comparison view
    void currentGenerationChanged(qint64 generationId);

private:
    void reloadPrompts();
    QString promptLabel(const PromptEntry& entry) const;
    std::vector<ResultItem> loadItems(const QList<qint64>& ids);
    void updateHistogram();
    void showSelection();
    void showMessage(const QString& text);

    store::CaseFile* m_case = nullptr;
    qint64 m_promptId = 0;
    double m_threshold = 0.15;
    ThumbnailLoader* m_loader;
    ResultsModel* m_model;
    ResultsDelegate* m_delegate;
    QComboBox* m_prompts;
    QListView* m_view;
    DistanceHistogram* m_histogram;
    QLabel* m_matchImage;
    QLabel* m_matchText;
    QLabel* m_message;
};

}  // namespace rs::ui
