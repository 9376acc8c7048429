#pragma once
// Shows what a dropped image resembles among the reference sets: per file its closest reference
// images with the distances and the thresholds crossed, or why the file could not be compared.
#include "ui/reference_match_task.h"

#include <QDialog>

class QTreeWidget;

namespace rs::ui {

class ReferenceMatchDialog : public QDialog {
    Q_OBJECT
public:
    explicit ReferenceMatchDialog(const ReferenceComparison& comparison, QWidget* parent = nullptr);
    QTreeWidget* tree() const { return m_tree; }

private:
    QTreeWidget* m_tree;
};

}  // namespace rs::ui
