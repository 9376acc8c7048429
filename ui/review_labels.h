#pragma once
// The words reviewers see for the stored statuses ("confirmed" is shown as "replicated",
// "rejected" as "not a copy"), translated. One place for the queue, its filters and its legend.
#include "store/records.h"

#include <QList>
#include <QString>

namespace rs::ui {

QString statusLabel(store::CandidateStatus status);
// Every status, in the order the status filter lists them (the queue's default, pending, first).
QList<store::CandidateStatus> allStatuses();

}  // namespace rs::ui
