#include "ui/comparison_view.h"

#include "store/match_regions.h"
#include "ui/app_settings.h"
#include "ui/case_session.h"
#include "ui/distance_checks.h"
#include "ui/image_pane.h"

#include <QCheckBox>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace rs::ui {

ComparisonView::ComparisonView(CaseSession* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_state(new ViewState(this)) {
    m_left = new ImagePane(m_state, this);
    m_left->setObjectName(QStringLiteral("leftPane"));
    m_right = new ImagePane(m_state, this);
    m_right->setObjectName(QStringLiteral("rightPane"));
    m_leftCaption = new QLabel(this);
    m_rightCaption = new QLabel(this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("comparisonStatus"));
    m_status->setWordWrap(true);
    m_distances = new QTableWidget(0, 4, this);
    m_distances->setObjectName(QStringLiteral("distances"));
    m_distances->setHorizontalHeaderLabels({tr("Distance"), tr("Value"), tr("Threshold"), tr("Crosses")});
    m_distances->verticalHeader()->hide();
    m_distances->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_distances->horizontalHeader()->setStretchLastSection(true);
    m_distances->setMaximumHeight(160);

    auto* panes = new QGridLayout;
    panes->addWidget(m_leftCaption, 0, 0);
    panes->addWidget(m_rightCaption, 0, 1);
    panes->addWidget(m_left, 1, 0);
    panes->addWidget(m_right, 1, 1);
    panes->setRowStretch(1, 1);
    // equal halves whatever the captions say; a long path is cut, the full text is in the tooltip
    panes->setColumnStretch(0, 1);
    panes->setColumnStretch(1, 1);
    for (QLabel* caption : {m_leftCaption, m_rightCaption}) {
        caption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(makeToolbar());
    layout->addLayout(panes, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_distances);
    if (m_session) connect(m_session, &CaseSession::caseChanged, this, &ComparisonView::clear);
    clear();
}

ComparisonView::~ComparisonView() {
    if (m_watcher) m_watcher->waitForFinished();  // the task holds no pointer to us, but finish before exit
}

QWidget* ComparisonView::makeToolbar() {
    auto* bar = new QWidget(this);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    auto button = [&](const QString& text, const char* name, void (ComparisonView::*slot)()) {
        auto* b = new QPushButton(text, bar);
        b->setObjectName(QString::fromLatin1(name));
        connect(b, &QPushButton::clicked, this, slot);
        row->addWidget(b);
    };
    button(tr("Fit"), "fit", &ComparisonView::zoomToFit);
    button(tr("1:1"), "oneToOne", &ComparisonView::zoomOneToOne);
    button(tr("Swap sides"), "swap", &ComparisonView::swapSides);
    m_wipeMode = new QCheckBox(tr("Wipe"), bar);
    m_wipeMode->setObjectName(QStringLiteral("wipeMode"));
    m_wipe = new QSlider(Qt::Horizontal, bar);
    m_wipe->setObjectName(QStringLiteral("wipeSlider"));
    m_wipe->setRange(0, 1000);
    m_wipe->setValue(500);
    m_wipe->setEnabled(false);
    m_heatmap = new QCheckBox(tr("Difference heatmap"), bar);
    m_heatmap->setObjectName(QStringLiteral("heatmap"));
    connect(m_wipeMode, &QCheckBox::toggled, this, &ComparisonView::setWipeMode);
    connect(m_wipe, &QSlider::valueChanged, this, [this] { showPair(); });
    connect(m_heatmap, &QCheckBox::toggled, this, &ComparisonView::setHeatmapVisible);
    m_matchBoxes = new QCheckBox(tr("Match boxes"), bar);
    m_matchBoxes->setObjectName(QStringLiteral("matchBoxes"));
    m_matchBoxes->setToolTip(tr("Outlines the region the partial-copy matcher found in both images"));
    m_matchBoxes->setEnabled(false);
    connect(m_matchBoxes, &QCheckBox::toggled, this, [this](bool on) {
        m_matchBoxesWanted = on;
        showPair();
    });
    row->addWidget(m_wipeMode);
    row->addWidget(m_wipe, 1);
    row->addWidget(m_heatmap);
    row->addWidget(m_matchBoxes);
    row->addStretch();
    return bar;
}

PairSource ComparisonView::sourceFor(const std::string& sha256, const QString& what) const {
    store::CaseFile* c = m_session ? m_session->caseFile() : nullptr;
    if (!c) return {QString(), tr("No case is open.")};
    if (sha256.empty()) return {QString(), tr("The %1 has no stored image.").arg(what)};
    auto path = c->images().pathOf(sha256);
    if (!path)
        return {QString(), tr("The %1 image %2 is missing from the case: %3")
                               .arg(what, QString::fromStdString(sha256), QString::fromStdString(path.message()))};
    return {QString::fromStdString(path->string()), QString()};
}

void ComparisonView::showCandidate(const store::ReviewQueueItem& item) {
    ++m_request;
    m_item = item;
    m_pair = LoadedPair();
    m_loading = true;
    m_left->setPlaceholder(tr("Loading…"));
    m_right->setPlaceholder(tr("Loading…"));
    m_status->setText(tr("Loading candidate %1…").arg(item.candidate.id));
    m_leftCaption->setText(sideCaption(!m_swapped));
    m_leftCaption->setToolTip(m_leftCaption->text());
    m_rightCaption->setText(sideCaption(m_swapped));
    m_rightCaption->setToolTip(m_rightCaption->text());
    showDistances();
    {
        const QSignalBlocker blocker(m_matchBoxes);
        const bool available = item.candidate.matchRegions.has_value();
        m_matchBoxes->setEnabled(available);
        m_matchBoxes->setChecked(available && m_matchBoxesWanted);
    }
    emit loadingStarted(item.candidate.id);

    // Paths come from the GUI thread's connection; only file reading and decoding move off it.
    const PairSource generation = sourceFor(item.generationSha256, tr("generation"));
    const std::string otherSha =
        item.referenceSha256 ? *item.referenceSha256 : item.otherGenerationSha256.value_or(std::string());
    const PairSource other = sourceFor(otherSha, item.referenceSha256 ? tr("reference") : tr("other generation"));
    auto* watcher = new QFutureWatcher<LoadedPair>(this);
    m_watcher = watcher;
    const quint64 request = m_request;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, request] {
        watcher->deleteLater();
        if (m_watcher == watcher) m_watcher = nullptr;
        if (request == m_request) {  // otherwise superseded by a later showCandidate or clear
            m_pair = watcher->result();
            onLoaded();
        }
    });
    watcher->setFuture(QtConcurrent::run([generation, other] { return loadPair(generation, other); }));
}

void ComparisonView::onLoaded() {
    m_loading = false;
    const qint64 id = candidateId();
    QStringList problems;
    if (!m_pair.leftError.isEmpty()) problems << m_pair.leftError;
    if (!m_pair.rightError.isEmpty()) problems << m_pair.rightError;
    m_status->setText(problems.join(QLatin1Char('\n')));
    showPair();
    if (problems.isEmpty())
        emit pairLoaded(id);
    else
        emit loadFailed(id, problems.join(QLatin1Char('\n')));
}

void ComparisonView::showPair() {
    if (m_loading || !m_item) return;
    // m_pair.left is always the generation; swapping only changes which pane shows it.
    const QImage& first = m_swapped ? m_pair.right : m_pair.left;
    const QImage& second = m_swapped ? m_pair.left : m_pair.right;
    const QString& firstError = m_swapped ? m_pair.rightError : m_pair.leftError;
    const QString& secondError = m_swapped ? m_pair.leftError : m_pair.rightError;
    const bool wipe = m_wipeMode->isChecked();
    if (first.isNull())
        m_left->setPlaceholder(firstError);
    else
        m_left->setImage(first);
    if (second.isNull())
        m_right->setPlaceholder(secondError);
    else
        m_right->setImage(second);
    m_right->setVisible(!wipe);
    m_rightCaption->setVisible(!wipe);
    m_left->setWipe(wipe && !first.isNull() ? second : QImage(), m_wipe->value() / 1000.0);
    const QImage overlay = m_heatmap->isChecked() ? m_pair.heatmap : QImage();
    (wipe ? m_left : m_right)->setOverlay(overlay);
    if (wipe)
        m_right->setOverlay(QImage());
    else
        m_left->setOverlay(QImage());
    const QRectF firstBox = matchBoxFor(!m_swapped, first), secondBox = matchBoxFor(m_swapped, second);
    m_left->setMatchBoxes(first.isNull() ? QRectF() : firstBox, wipe && !first.isNull() ? secondBox : QRectF());
    m_right->setMatchBoxes(wipe || second.isNull() ? QRectF() : secondBox);
}

bool ComparisonView::matchBoxesShown() const {
    return m_item && m_item->candidate.matchRegions && m_matchBoxes->isChecked();
}

// The stored box on the image as shown (store::boxOnShownImage: scaled, or nothing when the
// shapes differ); nothing when the toggle is off.
QRectF ComparisonView::matchBoxFor(bool generationSide, const QImage& shown) const {
    if (!matchBoxesShown() || shown.isNull()) return {};
    const store::MatchRegions& regions = *m_item->candidate.matchRegions;
    const auto box =
        store::boxOnShownImage(generationSide ? regions.generation : regions.other, shown.width(), shown.height());
    return box ? QRectF(box->x, box->y, box->width, box->height) : QRectF();
}

void ComparisonView::showDistances() {
    m_distances->setRowCount(0);
    if (!m_item) return;
    const auto checks = distanceChecks(m_item->candidate, AppSettings::thresholds());
    m_distances->setRowCount(int(checks.size()));
    for (int i = 0; i < int(checks.size()); ++i) {
        const DistanceCheck& c = checks[i];
        const QString crossed = !c.crossed ? tr("–") : *c.crossed ? tr("yes") : tr("no");
        m_distances->setItem(i, 0, new QTableWidgetItem(c.name));
        m_distances->setItem(i, 1, new QTableWidgetItem(QString::number(c.value, 'g', 5)));
        m_distances->setItem(i, 2, new QTableWidgetItem(c.threshold));
        m_distances->setItem(i, 3, new QTableWidgetItem(crossed));
    }
}

QString ComparisonView::sideCaption(bool generationSide) const {
    if (!m_item) return QString();
    if (generationSide) return tr("Generation #%1 (seed %2)").arg(m_item->candidate.generationId).arg(m_item->seed);
    if (m_item->candidate.otherGenerationId) return tr("Generation #%1").arg(*m_item->candidate.otherGenerationId);
    return tr("Reference: %1 (%2)")
        .arg(QString::fromStdString(m_item->referenceSource.value_or(std::string())),
             QString::fromStdString(m_item->referenceSet.value_or(std::string())));
}

void ComparisonView::clear() {
    ++m_request;  // a load still running is dropped when it finishes
    m_item.reset();
    m_pair = LoadedPair();
    m_loading = false;
    m_left->setPlaceholder(tr("Select a candidate to compare."));
    m_right->setPlaceholder(QString());
    m_leftCaption->clear();
    m_rightCaption->clear();
    m_status->clear();
    m_distances->setRowCount(0);
    const QSignalBlocker blocker(m_matchBoxes);
    m_matchBoxes->setEnabled(false);
    m_matchBoxes->setChecked(false);
}

void ComparisonView::swapSides() {
    m_swapped = !m_swapped;
    m_leftCaption->setText(sideCaption(!m_swapped));
    m_leftCaption->setToolTip(m_leftCaption->text());
    m_rightCaption->setText(sideCaption(m_swapped));
    m_rightCaption->setToolTip(m_rightCaption->text());
    showPair();
}

void ComparisonView::zoomToFit() { m_state->fit(); }

void ComparisonView::zoomOneToOne() {
    if (m_left->image().isNull()) return;
    m_state->setZoom(1.0 / m_left->fitScale());
}

void ComparisonView::setWipeMode(bool on) {
    if (m_wipeMode->isChecked() != on) m_wipeMode->setChecked(on);  // re-enters through toggled
    m_wipe->setEnabled(on);
    showPair();
}

void ComparisonView::setMatchBoxesVisible(bool on) {
    if (m_matchBoxes->isChecked() != on && m_matchBoxes->isEnabled())
        m_matchBoxes->setChecked(on);
    else
        m_matchBoxesWanted = on;
    showPair();
}

void ComparisonView::setHeatmapVisible(bool on) {
    if (m_heatmap->isChecked() != on) m_heatmap->setChecked(on);
    showPair();
}

}  // namespace rs::ui
