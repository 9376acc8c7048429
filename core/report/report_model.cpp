#include "report/report_model.h"

#include "rs_version.h"
#include "store/audit_log.h"
#include "store/case_repository.h"
#include "store/review_repository.h"
#include "store/run_repository.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>

namespace rs::report {

using namespace rs::store;

const char* toString(FindingFilter filter) { return filter == FindingFilter::Replicated ? "replicated" : "all"; }

bool isReplicated(CandidateStatus status) { return status == replicatedStatus(); }
CandidateStatus replicatedStatus() { return CandidateStatus::Confirmed; }

const char* statusLabel(CandidateStatus status) {
    if (isReplicated(status)) return "replicated";
    switch (status) {
    case CandidateStatus::Rejected:
        return "not replicated";
    case CandidateStatus::Unsure:
        return "unsure";
    case CandidateStatus::PartialCopy:
        return "partial copy";
    case CandidateStatus::Pending:
        return "pending review";
    default:
        return toString(status);
    }
}

std::string utcNow() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buffer;
}

namespace {

// "sscd>0.5" names the metric "sscd": the text before the first comparison character.
std::string thresholdMetric(const std::string& threshold) {
    const auto end = threshold.find_first_of("<>=! ");
    return threshold.substr(0, end);
}

template <class T>
Status take(Expected<T>&& result, T& into, const std::string& what) {
    if (!result) return makeError(what + ": " + result.message());
    into = std::move(*result);
    return {};
}

std::string describeGeneration(std::int64_t id, std::int64_t runId, std::int64_t seed) {
    return "generation " + std::to_string(id) + " (run " + std::to_string(runId) + ", seed " + std::to_string(seed) +
           ")";
}

class Gatherer {
public:
    Gatherer(CaseFile& caseFile, const GatherOptions& options)
        : m_case(caseFile), m_db(caseFile.db()), m_options(options) {}

    Status run(ReportModel& m) {
        m.caseFile = m_case.paths().database.string();
        m.schemaVersion = m_case.schemaVersion();
        m.filter = m_options.filter;
        m.softwareVersion = kVersion;
        m.generatedUtc = utcNow();
        if (auto s = take(getCaseDetails(m_db), m.details, "reading the case details"); !s) return s;
        if (auto s = take(listModels(m_db), m.models, "reading the models"); !s) return s;
        if (auto s = take(auditHeadHash(m_db), m.auditHeadHash, "reading the audit head"); !s) return s;
        if (auto s = take(auditRowCount(m_db), m.auditRows, "counting the audit rows"); !s) return s;
        if (auto s = gatherRuns(m); !s) return s;
        ReviewQueueFilter all;
        all.status = std::nullopt;
        if (auto s = take(countCandidates(m_db, all), m.candidatesInCase, "counting the candidates"); !s) return s;
        return gatherFindings(m);
    }

private:
    Status gatherRuns(ReportModel& m) {
        std::vector<RunRecord> runs;
        if (auto s = take(listRuns(m_db), runs, "reading the runs"); !s) return s;
        std::map<std::int64_t, std::string> modelNames;
        for (const auto& model : m.models) modelNames[model.id] = model.name;
        for (auto& run : runs) {
            RunEntry entry;
            entry.modelName =
                modelNames.count(run.modelId) ? modelNames[run.modelId] : "model " + std::to_string(run.modelId);
            auto generations = listGenerations(m_db, run.id);
            if (!generations)
                return makeError("reading the generations of run " + std::to_string(run.id) + ": " +
                                 generations.message());
            entry.generations = static_cast<std::int64_t>(generations->size());
            entry.run = std::move(run);
            m.runs.push_back(std::move(entry));
        }
        return {};
    }

    Status gatherFindings(ReportModel& m) {
        ReviewQueueFilter filter;
        filter.status =
            m_options.filter == FindingFilter::Replicated ? std::optional(replicatedStatus()) : std::nullopt;
        std::optional<QueueCursor> after;
        constexpr int kPage = 1000;
        for (;;) {
            auto page = reviewQueuePage(m_db, filter, kPage, 0, after);
            if (!page) return makeError("reading the candidates: " + page.message());
            for (auto& item : *page) {
                Finding f;
                if (auto s = makeFinding(std::move(item), f); !s) return s;
                m.findings.push_back(std::move(f));
            }
            if (static_cast<int>(page->size()) < kPage) break;
            after = QueueCursor{page->back().candidate.score, page->back().candidate.id};
        }
        return {};
    }

    Status makeFinding(ReviewQueueItem&& item, Finding& f) {
        const std::string which = "candidate " + std::to_string(item.candidate.id);
        f.candidate = std::move(item.candidate);
        f.promptText = std::move(item.promptText);
        f.runId = item.runId;
        f.seed = item.seed;
        f.generationIndex = item.generationIndex;
        f.memorizationScore = item.memorizationScore;
        f.generation.sha256 = item.generationSha256;
        f.generation.description = describeGeneration(f.candidate.generationId, f.runId, f.seed);
        if (f.candidate.referenceImageId) {
            auto ref = getReferenceImage(m_db, *f.candidate.referenceImageId);
            if (!ref) return makeError("reading the reference image of " + which + ": " + ref.message());
            ref->descriptor.reset();
            // The original bytes when the case keeps them, else the thumbnail it always stores.
            if (m_case.images().contains(ref->sha256)) {
                f.other.sha256 = ref->sha256;
            } else if (ref->thumbnailSha256) {
                f.other.sha256 = *ref->thumbnailSha256;
                f.other.isThumbnail = true;
            }
            f.other.description =
                "reference " + ref->setName + ": " + ref->source + (f.other.isThumbnail ? " (thumbnail)" : "");
            f.reference = std::move(*ref);
        } else if (f.candidate.otherGenerationId) {
            auto other = getGeneration(m_db, *f.candidate.otherGenerationId);
            if (!other) return makeError("reading the other generation of " + which + ": " + other.message());
            auto prompt = getPrompt(m_db, other->promptId);
            if (!prompt)
                return makeError("reading the prompt of " + which + "'s other generation: " + prompt.message());
            f.otherPromptText = prompt->text;
            f.other.sha256 = other->imageSha256;
            f.other.description = describeGeneration(other->id, other->runId, other->seed);
            f.otherGeneration = std::move(*other);
        }
        for (const auto& [metric, value] : f.candidate.distances) f.distances.push_back({metric, value, {}});
        for (const auto& threshold : f.candidate.thresholdsCrossed) {
            auto it = std::find_if(f.distances.begin(), f.distances.end(),
                                   [&](const Distance& d) { return d.metric == thresholdMetric(threshold); });
            if (it != f.distances.end())
                it->thresholdsCrossed.push_back(threshold);
            else
                f.otherThresholds.push_back(threshold);
        }
        if (auto s = take(reviewsForCandidate(m_db, f.candidate.id), f.reviews, "reading the reviews of " + which); !s)
            return s;
        if (auto s = take(tagsForCandidate(m_db, f.candidate.id), f.tags, "reading the tags of " + which); !s) return s;
        return {};
    }

    CaseFile& m_case;
    Connection& m_db;
    GatherOptions m_options;
};

}  // namespace

Expected<ReportModel> gatherReport(CaseFile& caseFile, const GatherOptions& options) {
    const std::string where = "case " + caseFile.paths().database.string() + ": ";
    try {
        ReadSnapshot snapshot(caseFile.db());
        ReportModel model;
        if (auto s = Gatherer(caseFile, options).run(model); !s) return makeError(where + s.message());
        return model;
    } catch (const StoreError& e) {
        return makeError(where + "starting a read transaction: " + e.what());
    }
}

}  // namespace rs::report
