#pragma once
// The Reference Sets tab: the open case's sets (name, image count, licence), the selected set as
// a thumbnail grid with captions, imports (folder, webdataset tars, CSV/JSONL manifest) with a
// progress dialog and a summary of skipped files, and drag and drop: a folder is imported as a
// set, image files are compared against the sets.
#include "reference/reference_import.h"
#include "ui/reference_match_task.h"

#include <QPointer>
#include <QString>
#include <QStringList>
#include <QWidget>

class QLabel;
class QListView;
class QPushButton;
class QTreeWidget;

namespace rs::ui {

class CaseSession;
class ImportProgressDialog;
class ReferenceImportTask;
class ReferenceSetModel;

class ReferenceSetsView : public QWidget {
    Q_OBJECT
public:
    explicit ReferenceSetsView(CaseSession* session, QWidget* parent = nullptr);
    ~ReferenceSetsView() override;

    bool isImporting() const;
    QString lastImportSummary() const { return m_lastSummary; }
    const ReferenceComparison& lastComparison() const;
    ReferenceSetModel* imageModel() const { return m_model; }

public slots:
    void refresh();
    void importFolder(const QString& dir, const QString& setName);
    void importTars(const QStringList& shards, const QString& setName);
    void importManifest(const QString& file, const QString& setName);
    void cancelImport();
    // Compares each file against the case's reference sets and shows the closest matches.
    void compareImages(const QStringList& files);
    void selectSet(const QString& name);

signals:
    void importFinished(const QString& summary);
    void comparisonFinished();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void startImport(const reference::ImportSource& source, const QString& setName);
    void importDone();
    void comparisonDone();
    void showSelectedSet();
    void chooseFolder();
    void chooseTars();
    void chooseManifest();
    QString askSetName(const QString& suggestion);
    void showMessage(const QString& title, const QString& text, bool warning);
    void updateButtons();

    CaseSession* m_session;
    QTreeWidget* m_sets;
    QListView* m_grid;
    ReferenceSetModel* m_model;
    QLabel* m_status;
    QPushButton* m_importFolder;
    QPushButton* m_importTars;
    QPushButton* m_importManifest;
    ReferenceImportTask* m_import;
    ReferenceMatchTask* m_match;
    QPointer<ImportProgressDialog> m_progress;
    QString m_importingSet;
    QString m_lastSummary;
};

}  // namespace rs::ui
