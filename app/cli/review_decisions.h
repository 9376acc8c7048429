#pragma once
// The review decisions as users name them. The case stores five statuses; "replicated",
// "partial-copy" and "not-a-copy" are the words reviewers use for confirmed, partial and rejected.
#include "store/records.h"

#include <optional>
#include <string>

namespace rs::cli {

inline const char* decisionName(store::CandidateStatus s) {
    switch (s) {
    case store::CandidateStatus::Confirmed:
        return "replicated";
    case store::CandidateStatus::Rejected:
        return "not-a-copy";
    case store::CandidateStatus::Unsure:
        return "unsure";
    case store::CandidateStatus::PartialCopy:
        return "partial-copy";
    case store::CandidateStatus::Pending:
        return "pending";
    }
    return "pending";
}

inline std::optional<store::CandidateStatus> parseDecision(const std::string& text) {
    if (text == "replicated" || text == "confirmed") return store::CandidateStatus::Confirmed;
    if (text == "not-a-copy" || text == "rejected") return store::CandidateStatus::Rejected;
    if (text == "partial-copy" || text == "partial") return store::CandidateStatus::PartialCopy;
    if (text == "unsure") return store::CandidateStatus::Unsure;
    if (text == "pending" || text == "reopen") return store::CandidateStatus::Pending;
    return std::nullopt;
}

inline std::string decisionNames() { return "replicated, partial-copy, not-a-copy, unsure, pending"; }

}  // namespace rs::cli
