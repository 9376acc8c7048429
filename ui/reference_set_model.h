#pragma once
// The images of one reference set for a thumbnail grid (QListView icon mode). Rows come from the
// case (store::listReferenceImages, without descriptors); thumbnails are the case's stored
// reference thumbnails, decoded off the GUI thread by a ThumbnailLoader, with a placeholder
// until they arrive. Text is the caption (or the file name), the tooltip caption, source,
// size and licence.
#include "store/case_file.h"
#include "store/records.h"

#include <QAbstractListModel>
#include <QHash>
#include <QIcon>
#include <QString>

#include <vector>

namespace rs::ui {

class ThumbnailLoader;

class ReferenceSetModel : public QAbstractListModel {
    Q_OBJECT
public:
    static constexpr int kMaxRows = 20000;  // a larger set shows its first kMaxRows images

    explicit ReferenceSetModel(QObject* parent = nullptr);
    ~ReferenceSetModel() override;

    // Reads the set's rows; an empty name clears. Returns the error message, empty on success.
    QString load(store::CaseFile* caseFile, const QString& setName);
    void clear();

    QString setName() const { return m_setName; }
    bool truncated() const { return m_truncated; }
    const store::ReferenceImage& image(int row) const { return m_rows[std::size_t(row)]; }
    bool hasThumbnail(int row) const;  // decoded and cached (a failed or missing one: false)
    ThumbnailLoader* loader() const { return m_loader; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    QString thumbnailPath(int row) const;
    void thumbnailArrived(const QString& path);

    store::CaseFile* m_case = nullptr;
    QString m_setName;
    std::vector<store::ReferenceImage> m_rows;
    bool m_truncated = false;
    ThumbnailLoader* m_loader;
    QIcon m_placeholder, m_broken;
    mutable QHash<int, QString> m_paths;          // row -> thumbnail file (resolved when first painted)
    mutable QHash<QString, QList<int>> m_rowsOf;  // thumbnail file -> rows showing it
};

}  // namespace rs::ui
