#include "ui/reference_sets_view.h"

#include "store/case_repository.h"
#include "ui/app_settings.h"
#include "ui/case_session.h"
#include "ui/import_progress_dialog.h"
#include "ui/reference_import_task.h"
#include "ui/reference_match_dialog.h"
#include "ui/reference_set_model.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <set>

namespace rs::ui {

namespace {

constexpr int kLicenceSample = 1000;  // rows read per set to say which licence(s) it carries

QString licenceText(store::Connection& db, const std::string& setName) {
    auto rows = store::listReferenceImages(db, setName, kLicenceSample);
    if (!rows) return {};
    std::set<std::string> licences;
    for (const auto& r : *rows) licences.insert(r.licence);
    if (licences.empty()) return {};
    if (licences.size() > 1)
        return QCoreApplication::translate("rs::ui::ReferenceSetsView", "mixed (%1 licences)")
            .arg(qint64(licences.size()));
    return QString::fromStdString(*licences.begin());
}

QStringList localPaths(const QMimeData* mime) {
    QStringList paths;
    if (!mime || !mime->hasUrls()) return paths;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    return paths;
}

}  // namespace

ReferenceSetsView::ReferenceSetsView(CaseSession* session, QWidget* parent)
    : QWidget(parent),
      m_session(session),
      m_sets(new QTreeWidget(this)),
      m_grid(new QListView(this)),
      m_model(new ReferenceSetModel(this)),
      m_status(new QLabel(this)),
      m_importFolder(new QPushButton(tr("Import Folder…"), this)),
      m_importTars(new QPushButton(tr("Import WebDataset Tars…"), this)),
      m_importManifest(new QPushButton(tr("Import Manifest…"), this)),
      m_import(new ReferenceImportTask(this)),
      m_match(new ReferenceMatchTask(this)) {
    setAcceptDrops(true);

    m_sets->setObjectName(QStringLiteral("referenceSetList"));
    m_sets->setColumnCount(3);
    m_sets->setHeaderLabels({tr("Set"), tr("Images"), tr("Licence")});
    m_sets->setRootIsDecorated(false);
    m_sets->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_sets->header()->setStretchLastSection(true);
    m_sets->setSelectionMode(QAbstractItemView::SingleSelection);

    m_grid->setObjectName(QStringLiteral("referenceThumbnails"));
    m_grid->setViewMode(QListView::IconMode);
    m_grid->setResizeMode(QListView::Adjust);
    m_grid->setMovement(QListView::Static);
    m_grid->setUniformItemSizes(true);
    m_grid->setIconSize(QSize(128, 128));
    m_grid->setSpacing(8);
    m_grid->setGridSize(QSize(156, 180));
    m_grid->setWordWrap(true);
    m_grid->setTextElideMode(Qt::ElideRight);
    m_grid->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_grid->setModel(m_model);

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_importFolder, m_importTars, m_importManifest}) buttons->addWidget(b);
    buttons->addStretch(1);
    auto* hint = new QLabel(tr("Drop a folder here to import it, or image files to compare them with the sets."), this);
    hint->setWordWrap(true);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("referenceSetsSplitter"));  // the window keeps its sizes by name
    splitter->addWidget(m_sets);
    splitter->addWidget(m_grid);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({320, 680});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(hint);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    connect(m_importFolder, &QPushButton::clicked, this, &ReferenceSetsView::chooseFolder);
    connect(m_importTars, &QPushButton::clicked, this, &ReferenceSetsView::chooseTars);
    connect(m_importManifest, &QPushButton::clicked, this, &ReferenceSetsView::chooseManifest);
    connect(m_sets, &QTreeWidget::itemSelectionChanged, this, &ReferenceSetsView::showSelectedSet);
    connect(m_import, &ReferenceImportTask::finished, this, &ReferenceSetsView::importDone);
    connect(m_match, &ReferenceMatchTask::finished, this, &ReferenceSetsView::comparisonDone);
    if (m_session) connect(m_session, &CaseSession::caseChanged, this, &ReferenceSetsView::refresh);
    refresh();
}

ReferenceSetsView::~ReferenceSetsView() { m_import->cancel(); }

bool ReferenceSetsView::isImporting() const { return m_import->isRunning(); }

const ReferenceComparison& ReferenceSetsView::lastComparison() const { return m_match->result(); }

void ReferenceSetsView::updateButtons() {
    const bool canImport =
        m_session && m_session->isOpen() && !m_session->caseFile()->readOnly() && !m_import->isRunning();
    for (QPushButton* b : {m_importFolder, m_importTars, m_importManifest}) b->setEnabled(canImport);
}

void ReferenceSetsView::refresh() {
    const QString selected = m_model->setName();
    QSignalBlocker block(m_sets);
    m_sets->clear();
    updateButtons();
    if (!m_session || !m_session->isOpen()) {
        m_model->clear();
        m_status->setText(tr("No case is open."));
        return;
    }
    auto& db = m_session->caseFile()->db();
    auto sets = store::listReferenceSets(db);
    if (!sets) {
        m_model->clear();
        m_status->setText(QString::fromStdString(sets.message()));
        return;
    }
    for (const auto& s : *sets) {
        auto* item = new QTreeWidgetItem(m_sets);
        item->setText(0, QString::fromStdString(s.name));
        item->setText(1, QString::number(s.images));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        if (s.occurrences != s.images)
            item->setToolTip(1, tr("%1 distinct images, %2 occurrences").arg(s.images).arg(s.occurrences));
        item->setText(2, licenceText(db, s.name));
        item->setToolTip(2, item->text(2));
    }
    m_status->setText(sets->empty() ? tr("The case has no reference sets yet.") : QString());
    const QString wanted = selected.isEmpty() && !sets->empty() ? QString::fromStdString(sets->front().name) : selected;
    block.unblock();
    selectSet(wanted);
}

void ReferenceSetsView::selectSet(const QString& name) {
    const auto found = m_sets->findItems(name, Qt::MatchExactly, 0);
    if (found.isEmpty()) {
        m_sets->clearSelection();
        m_model->clear();
        return;
    }
    if (m_sets->currentItem() == found.front() && found.front()->isSelected())
        showSelectedSet();  // re-read rows
    else
        m_sets->setCurrentItem(found.front());
}

void ReferenceSetsView::showSelectedSet() {
    const auto selected = m_sets->selectedItems();
    const QString name = selected.isEmpty() ? QString() : selected.front()->text(0);
    const QString error = m_model->load(m_session ? m_session->caseFile() : nullptr, name);
    if (!error.isEmpty())
        m_status->setText(error);
    else if (m_model->truncated())
        m_status->setText(tr("Showing the first %1 images of \"%2\".").arg(ReferenceSetModel::kMaxRows).arg(name));
    else if (!name.isEmpty())
        m_status->setText(tr("\"%1\": %2 images.").arg(name).arg(m_model->rowCount()));
}

// ---- import

QString ReferenceSetsView::askSetName(const QString& suggestion) {
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Reference Set Name"), tr("Import into the reference set:"),
                                               QLineEdit::Normal, suggestion, &ok)
                             .trimmed();
    return ok ? name : QString();
}

void ReferenceSetsView::chooseFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Import Reference Folder"));
    if (dir.isEmpty()) return;
    const QString name = askSetName(QDir(dir).dirName());
    if (!name.isEmpty()) importFolder(dir, name);
}

void ReferenceSetsView::chooseTars() {
    const QStringList shards =
        QFileDialog::getOpenFileNames(this, tr("Import WebDataset Tars"), {}, tr("WebDataset shards (*.tar)"));
    if (shards.isEmpty()) return;
    const QString name = askSetName(QFileInfo(shards.front()).absoluteDir().dirName());
    if (!name.isEmpty()) importTars(shards, name);
}

void ReferenceSetsView::chooseManifest() {
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Import Manifest"), {}, tr("Manifests (*.csv *.jsonl);;All files (*)"));
    if (file.isEmpty()) return;
    const QString name = askSetName(QFileInfo(file).completeBaseName());
    if (!name.isEmpty()) importManifest(file, name);
}

void ReferenceSetsView::importFolder(const QString& dir, const QString& setName) {
    startImport(reference::ImportSource::folder(dir.toStdString()), setName);
}

void ReferenceSetsView::importTars(const QStringList& shards, const QString& setName) {
    std::vector<std::filesystem::path> paths;
    for (const QString& s : shards) paths.emplace_back(s.toStdString());
    startImport(reference::ImportSource::tar(std::move(paths)), setName);
}

void ReferenceSetsView::importManifest(const QString& file, const QString& setName) {
    startImport(reference::ImportSource::manifest(file.toStdString()), setName);
}

void ReferenceSetsView::startImport(const reference::ImportSource& source, const QString& setName) {
    if (!m_session || !m_session->isOpen()) {
        showMessage(tr("Import"), tr("Open or create a case first."), true);
        return;
    }
    if (setName.trimmed().isEmpty()) {
        showMessage(tr("Import"), tr("The reference set needs a name."), true);
        return;
    }
    if (!m_import->start(m_session->casePath(), setName.trimmed(), source, AppSettings::reviewerName())) {
        showMessage(tr("Import"), tr("Another import is still running."), true);
        return;
    }
    m_importingSet = setName.trimmed();
    updateButtons();
    m_progress = new ImportProgressDialog(m_importingSet, this);
    m_progress->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_import, &ReferenceImportTask::progress, m_progress, &ImportProgressDialog::showProgress);
    connect(m_progress, &QProgressDialog::canceled, m_import, &ReferenceImportTask::cancel);
    m_progress->show();
}

void ReferenceSetsView::cancelImport() { m_import->cancel(); }

void ReferenceSetsView::importDone() {
    if (m_progress) m_progress->close();
    const auto& outcome = m_import->outcome();
    m_lastSummary = importSummaryText(outcome);
    refresh();
    if (outcome.ok()) selectSet(m_importingSet);
    updateButtons();

    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(outcome.ok() ? tr("Import Summary") : tr("Import Failed"));
    auto* text = new QPlainTextEdit(m_lastSummary, dialog);
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(text);
    layout->addWidget(buttons);
    dialog->resize(640, 360);
    dialog->show();
    emit importFinished(m_lastSummary);
    if (m_session) m_session->announceReferencesImported();
}

// ---- comparing dropped images

void ReferenceSetsView::compareImages(const QStringList& files) {
    if (files.isEmpty()) return;
    if (!m_session || !m_session->isOpen()) {
        showMessage(tr("Compare"), tr("Open a case with reference sets first."), true);
        return;
    }
    const Thresholds t = AppSettings::thresholds();
    if (!m_match->start(m_session->casePath(), files, t.tiledL2, t.phashHamming)) {
        showMessage(tr("Compare"), tr("A comparison is still running."), true);
        return;
    }
    m_status->setText(tr("Comparing %n image(s) with the reference sets…", nullptr, int(files.size())));
}

void ReferenceSetsView::comparisonDone() {
    const auto& result = m_match->result();
    m_status->clear();
    if (!result.error.isEmpty())
        showMessage(tr("Compare"), result.error, true);
    else {
        auto* dialog = new ReferenceMatchDialog(result, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    }
    emit comparisonFinished();
}

void ReferenceSetsView::showMessage(const QString& title, const QString& text, bool warning) {
    auto* box =
        new QMessageBox(warning ? QMessageBox::Warning : QMessageBox::Information, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

// ---- drag and drop

void ReferenceSetsView::dragEnterEvent(QDragEnterEvent* event) {
    if (!localPaths(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void ReferenceSetsView::dropEvent(QDropEvent* event) {
    const QStringList paths = localPaths(event->mimeData());
    if (paths.isEmpty()) return;
    event->acceptProposedAction();
    QStringList files;
    for (const QString& path : paths) {
        if (!QFileInfo(path).isDir()) {
            files << path;
            continue;
        }
        const QString name = askSetName(QDir(path).dirName());
        if (!name.isEmpty()) importFolder(path, name);
    }
    compareImages(files);
}

}  // namespace rs::ui
