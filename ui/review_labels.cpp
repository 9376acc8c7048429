#include "ui/review_labels.h"

#include <QCoreApplication>

namespace rs::ui {

QString statusLabel(store::CandidateStatus status) {
    switch (status) {
    case store::CandidateStatus::Pending:
        return QCoreApplication::translate("ReviewLabels", "pending");
    case store::CandidateStatus::Confirmed:
        return QCoreApplication::translate("ReviewLabels", "replicated");
    case store::CandidateStatus::PartialCopy:
        return QCoreApplication::translate("ReviewLabels", "partial copy");
    case store::CandidateStatus::Rejected:
        return QCoreApplication::translate("ReviewLabels", "not a copy");
    case store::CandidateStatus::Unsure:
        return QCoreApplication::translate("ReviewLabels", "unsure");
    }
    return QString();
}

QList<store::CandidateStatus> allStatuses() {
    return {store::CandidateStatus::Pending, store::CandidateStatus::Confirmed, store::CandidateStatus::PartialCopy,
            store::CandidateStatus::Rejected, store::CandidateStatus::Unsure};
}

}  // namespace rs::ui
