#include "ui/results_grid.h"

#include "ui/app_settings.h"
#include "ui/case_session.h"
#include "ui/distance_histogram.h"
#include "ui/results_delegate.h"
#include "ui/results_model.h"
#include "ui/results_query.h"
#include "ui/thumbnail_loader.h"

#include "store/results_repository.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QSplitter>
#include <QVBoxLayout>

namespace rs::ui {

namespace {
constexpr int kPromptLabelChars = 90;
}

ResultsGrid::ResultsGrid(QWidget* parent)
    : QWidget(parent),
      m_loader(new ThumbnailLoader(QSize(128, 128), 96, this)),
      m_model(new ResultsModel(m_loader, this)),
      m_delegate(new ResultsDelegate(m_loader->thumbnailSize(), this)) {
    m_threshold = AppSettings::thresholds().tiledL2;
    m_delegate->setThreshold(m_threshold);
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Prompt:"), this));
    m_prompts = new QComboBox(this);
    m_prompts->setObjectName(QStringLiteral("promptSelector"));
    m_prompts->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_prompts->setMinimumContentsLength(40);
    top->addWidget(m_prompts, 1);
    layout->addLayout(top);

    auto* split = new QSplitter(Qt::Horizontal, this);
    m_view = new QListView(split);
    m_view->setObjectName(QStringLiteral("resultsView"));
    m_view->setViewMode(QListView::IconMode);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setMovement(QListView::Static);
    m_view->setUniformItemSizes(true);
    m_view->setLayoutMode(QListView::Batched);
    m_view->setBatchSize(500);
    m_view->setSpacing(4);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setModel(m_model);
    m_view->setItemDelegate(m_delegate);
    auto* side = new QWidget(split);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->addWidget(new QLabel(tr("Closest training image"), side));
    m_matchImage = new QLabel(side);
    m_matchImage->setObjectName(QStringLiteral("matchImage"));
    m_matchImage->setFixedSize(m_loader->thumbnailSize());
    m_matchImage->setAlignment(Qt::AlignCenter);
    m_matchText = new QLabel(side);
    m_matchText->setObjectName(QStringLiteral("matchText"));
    m_matchText->setWordWrap(true);
    m_matchText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    sideLayout->addWidget(m_matchImage);
    sideLayout->addWidget(m_matchText);
    sideLayout->addStretch(1);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 3);
    m_histogram = new DistanceHistogram(this);
    layout->addWidget(m_histogram, 1);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("gridMessage"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    showMessage(QString());

    connect(m_prompts, &QComboBox::activated, this, [this](int i) { setPrompt(m_prompts->itemData(i).toLongLong()); });
    connect(m_view, &QListView::doubleClicked, this, [this](const QModelIndex& index) {
        emit generationActivated(index.data(ResultsModel::GenerationIdRole).toLongLong());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &ResultsGrid::showSelection);
    connect(m_loader, &ThumbnailLoader::loaded, this, [this](const QString& path) {
        const ResultItem* item = m_model->item(m_view->currentIndex().row());
        if (item && item->referencePath == path) showSelection();
    });
    connect(m_loader, &ThumbnailLoader::failed, this, [this](const QString& path) {
        for (int row = 0; row < m_model->rowCount(); ++row)
            if (m_model->item(row)->imagePath == path) return updateHistogram();
    });
}

ResultsGrid::~ResultsGrid() = default;

void ResultsGrid::subscribe(CaseSession* session) {
    connect(session, &CaseSession::generationsStored, this, &ResultsGrid::appendGenerations);
    connect(session, &CaseSession::promptAnalysed, this, &ResultsGrid::refreshPrompt);
}

QString ResultsGrid::messageText() const { return m_message->text(); }

void ResultsGrid::showMessage(const QString& text) {
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void ResultsGrid::setCase(store::CaseFile* caseFile) {
    m_case = caseFile;
    m_promptId = 0;
    m_loader->clear();
    m_model->setItems({});
    m_histogram->setMessage(tr("No prompt selected"));
    showMessage(QString());
    reloadPrompts();
    if (m_prompts->count() > 0) setPrompt(m_prompts->itemData(0).toLongLong());
}

QString ResultsGrid::promptLabel(const PromptEntry& p) const {
    return tr("%1 (%n image(s))", nullptr, int(p.generations))
        .arg(p.text.size() > kPromptLabelChars ? p.text.left(kPromptLabelChars) + QChar(0x2026) : p.text);
}

void ResultsGrid::reloadPrompts() {
    m_prompts->clear();
    if (!m_case) return;
    auto prompts = promptsWithGenerations(*m_case);
    if (!prompts) return showMessage(QString::fromStdString(prompts.message()));
    for (const auto& p : *prompts) {
        m_prompts->addItem(promptLabel(p), p.promptId);
        m_prompts->setItemData(m_prompts->count() - 1, p.text, Qt::ToolTipRole);
    }
    if (m_promptId) m_prompts->setCurrentIndex(m_prompts->findData(m_promptId));
}

std::vector<ResultItem> ResultsGrid::loadItems(const QList<qint64>& ids) {
    auto loaded = loadResultItems(*m_case, std::vector<qint64>(ids.begin(), ids.end()));
    if (!loaded) {
        showMessage(QString::fromStdString(loaded.message()));
        return {};
    }
    QStringList problems;
    for (qint64 id : loaded->missing)
        problems << tr("Generation %1: %2")
                        .arg(id)
                        .arg(QString::fromStdString("the case has no generation " + std::to_string(id)));
    for (const auto& item : loaded->items)
        if (!item.imageProblem.isEmpty())
            problems << tr("Generation %1: %2").arg(item.generationId).arg(item.imageProblem);
    if (!problems.isEmpty()) showMessage(problems.join(QLatin1Char('\n')));
    return std::move(loaded->items);
}

void ResultsGrid::setPrompt(qint64 promptId) {
    m_promptId = promptId;
    m_prompts->setCurrentIndex(m_prompts->findData(promptId));
    m_model->setItems({});
    if (!m_case || !promptId) return;
    auto ids = generationIdsForPrompt(*m_case, promptId);
    if (!ids) return showMessage(QString::fromStdString(ids.message()));
    m_model->setItems(loadItems(QList<qint64>(ids->begin(), ids->end())));
    updateHistogram();
    showSelection();
}

void ResultsGrid::appendGenerations(const QList<qint64>& generationIds) {
    if (!m_case || generationIds.isEmpty()) return;
    std::vector<ResultItem> items = loadItems(generationIds);
    if (items.empty()) return;
    const qint64 promptId = items.front().promptId;
    if (m_prompts->findData(promptId) < 0 || m_promptId == 0) reloadPrompts();
    if (m_promptId == 0) {
        m_promptId = promptId;
        m_prompts->setCurrentIndex(m_prompts->findData(promptId));
    }
    std::vector<ResultItem> shown;
    for (auto& item : items)
        if (item.promptId == m_promptId) shown.push_back(std::move(item));
    if (shown.empty()) return;
    // A new run of the prompt shown replaces the older run's generations: the grid shows one run,
    // the newest, as the prompt selector counts it.
    const ResultItem* first = m_model->item(0);
    if (first && first->runId != shown.front().runId) {
        m_model->setItems(std::move(shown));
        updateHistogram();
    } else {
        m_model->appendItems(shown);
    }
}

void ResultsGrid::refreshPrompt(qint64 promptId) {
    if (!m_case) return;
    // Only this prompt's count can have changed: its label is updated, the others are kept.
    const int entry = m_prompts->findData(promptId);
    auto counted = promptsWithGenerations(*m_case, promptId);
    if (entry < 0 || !counted || counted->empty())
        reloadPrompts();
    else
        m_prompts->setItemText(entry, promptLabel(counted->front()));
    if (promptId != m_promptId) return;
    QList<qint64> ids;
    for (int row = 0; row < m_model->rowCount(); ++row) ids << m_model->item(row)->generationId;
    m_model->updateItems(loadItems(ids));
    updateHistogram();
    showSelection();
}

void ResultsGrid::setThreshold(double tiledL2) {
    m_threshold = tiledL2;
    m_delegate->setThreshold(tiledL2);
    m_view->viewport()->update();
    updateHistogram();
}

void ResultsGrid::updateHistogram() {
    if (!m_case) return;
    if (m_model->rowCount() < 2) return m_histogram->setMessage(tr("Fewer than two generations: no distances yet"));
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const ResultItem* item = m_model->item(row);
        if (item->imagePath.isEmpty()) return m_histogram->setMessage(tr("Some images are missing: no distances"));
        // The stored distances were computed from the stored images: one that can no longer be
        // read no longer backs them (Case > Verify Case says more).
        if (const QString problem = m_loader->error(item->imagePath); !problem.isEmpty())
            return m_histogram->setMessage(
                tr("No distances: generation %1 cannot be read (%2)").arg(item->generationId).arg(problem));
    }
    const ResultItem* first = m_model->item(0);
    auto stored = store::promptDistances(m_case->db(), first->promptId, first->runId);
    if (!stored) return m_histogram->setMessage(tr("No distances: %1").arg(QString::fromStdString(stored.message())));
    if (!*stored)
        return m_histogram->setMessage(
            tr("No distances stored for this run yet (they are stored when its prompt is analysed)"));
    QVector<double> distances;
    distances.reserve(int((*stored)->distances.size()));
    for (float d : (*stored)->distances) distances.push_back(double(d));
    m_histogram->setDistances(distances, m_threshold);
}

void ResultsGrid::showSelection() {
    const ResultItem* item = m_model->item(m_view->currentIndex().row());
    m_matchImage->clear();
    if (!item) return m_matchText->setText(tr("Select a generation"));
    emit currentGenerationChanged(item->generationId);
    if (!item->bestMatchDistance) {
        m_matchText->setText(tr("No training image crosses a threshold for generation %1.").arg(item->generationId));
        return;
    }
    m_matchText->setText(tr("%1\ntiled l2 %2 (threshold %3)")
                             .arg(item->referenceLabel)
                             .arg(*item->bestMatchDistance, 0, 'f', 3)
                             .arg(m_threshold));
    if (const QPixmap* p = m_loader->pixmap(item->referencePath))
        m_matchImage->setPixmap(*p);
    else
        m_matchImage->setText(item->referencePath.isEmpty() ? tr("no image") : tr("loading…"));
}

}  // namespace rs::ui
