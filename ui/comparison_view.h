#pragma once
// A candidate's two images side by side (generation and reference, or two generations) with
// every stored distance against its threshold. Zoom and pan are shared by both sides (wheel,
// drag, 1:1, fit); sides can be swapped; a wipe mode shows one image over the other split at
// a slider; a toggle overlays the difference heatmap; another outlines the partial-copy match
// region in each image (on by default wherever the candidate has one). Images load off the GUI thread; until
// the new pair has arrived both sides say "Loading…", never showing the previous pair.
#include "store/review_repository.h"
#include "ui/comparison_loader.h"

#include <QImage>
#include <QRectF>
#include <QWidget>

#include <cstdint>

#include <QFutureWatcher>  // not forward-declared: lupdate loses the namespace after a template declaration

class QCheckBox;
class QLabel;
class QSlider;
class QTableWidget;

namespace rs::ui {

class CaseSession;
class ImagePane;
class ViewState;

class ComparisonView : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonView(CaseSession* session, QWidget* parent = nullptr);
    ~ComparisonView() override;

    bool isLoading() const { return m_loading; }
    std::int64_t candidateId() const { return m_item ? m_item->candidate.id : 0; }
    ImagePane* leftPane() const { return m_left; }
    ImagePane* rightPane() const { return m_right; }
    ViewState* viewState() const { return m_state; }
    bool sidesSwapped() const { return m_swapped; }
    // Whether the current candidate's partial-copy boxes are drawn (it has them and the toggle is on).
    bool matchBoxesShown() const;

public slots:
    // Shows this candidate's pair (connect ReviewQueueView::currentCandidateChanged here).
    void showCandidate(const rs::store::ReviewQueueItem& item);
    void clear();  // no candidate (e.g. the case was closed)
    void swapSides();
    void zoomToFit();
    void zoomOneToOne();  // one image pixel per screen pixel on the left side
    void setWipeMode(bool on);
    void setHeatmapVisible(bool on);
    void setMatchBoxesVisible(bool on);

signals:
    void loadingStarted(qint64 candidateId);
    void pairLoaded(qint64 candidateId);
    // A side could not be shown; `message` names the file.
    void loadFailed(qint64 candidateId, const QString& message);

private:
    QWidget* makeToolbar();
    PairSource sourceFor(const std::string& sha256, const QString& what) const;
    void onLoaded();
    void showPair();
    void showDistances();
    QString sideCaption(bool generationSide) const;
    QRectF matchBoxFor(bool generationSide, const QImage& shown) const;

    CaseSession* m_session;
    ViewState* m_state;
    ImagePane* m_left;
    ImagePane* m_right;
    QLabel* m_leftCaption;
    QLabel* m_rightCaption;
    QLabel* m_status;
    QSlider* m_wipe;
    QCheckBox* m_wipeMode;
    QCheckBox* m_heatmap;
    QCheckBox* m_matchBoxes;
    bool m_matchBoxesWanted = true;  // the reviewer's choice, kept from candidate to candidate
    QTableWidget* m_distances;
    std::optional<store::ReviewQueueItem> m_item;
    LoadedPair m_pair;
    bool m_loading = false;
    bool m_swapped = false;
    quint64 m_request = 0;  // increases per showCandidate; results of older requests are dropped
    QFutureWatcher<LoadedPair>* m_watcher = nullptr;
};

}  // namespace rs::ui
