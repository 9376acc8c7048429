#pragma once
// What an evidence report says, gathered from a case in one read snapshot: the case details,
// every registered model (path, SHA-256 of every file, configuration), every run with all of
// its parameters and seeds, the findings (candidates with both images, every distance and the
// thresholds it crossed, memorization score, reviews, tags) and the audit log's head hash.
// Every exporter (JSON, CSV, HTML, PDF) renders this one model, so the formats agree.
#include "base/expected.h"
#include "store/case_file.h"
#include "store/records.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rs::report {

// Which candidates a report lists.
enum class FindingFilter {
    All,         // every candidate, whatever its review status
    Replicated,  // only candidates a reviewer judged to be replications
};
const char* toString(FindingFilter filter);  // "all", "replicated"

// The one place that says which review status means "replicated" (today the store calls it
// Confirmed). A later rename of the statuses changes these two functions only.
bool isReplicated(store::CandidateStatus status);
store::CandidateStatus replicatedStatus();
// The word a report prints for a status ("replicated", "not replicated", "unsure", "pending").
const char* statusLabel(store::CandidateStatus status);

// One measured distance of a finding and the thresholds (from candidate.thresholdsCrossed)
// that name its metric, e.g. {"sscd", 0.82, {"sscd>0.75"}}.
struct Distance {
    std::string metric;
    double value = 0.0;
    std::vector<std::string> thresholdsCrossed;
};

// One picture of a finding as the case stores it.
struct PictureRef {
    std::string sha256;        // name in the case's image store; empty when there is none
    std::string description;   // "generation 12 (run 1, seed 1003)", "reference portfolio/3.png", ...
    bool isThumbnail = false;  // the case holds only the reference's thumbnail, not its original
};

struct Finding {
    store::Candidate candidate;
    std::string promptText;
    std::int64_t runId = 0;
    std::int64_t seed = 0;
    int generationIndex = 0;
    std::optional<double> memorizationScore;
    PictureRef generation;  // left
    PictureRef other;       // right: the matched reference image or the other generation
    // Exactly one of these is set, as in the candidate.
    std::optional<store::ReferenceImage> reference;  // descriptor left empty
    std::optional<store::Generation> otherGeneration;
    std::string otherPromptText;               // prompt of the other generation
    std::vector<Distance> distances;           // every distance, sorted by metric name
    std::vector<std::string> otherThresholds;  // crossed thresholds naming no stored distance
    std::vector<store::Review> reviews;        // oldest first
    std::vector<store::CandidateTag> tags;
};

struct RunEntry {
    store::RunRecord run;
    std::string modelName;
    std::int64_t generations = 0;
};

struct ReportModel {
    std::string caseFile;  // path of the .rscase
    int schemaVersion = 0;
    store::CaseDetails details;
    std::vector<store::ModelRecord> models;
    std::vector<RunEntry> runs;
    FindingFilter filter = FindingFilter::All;
    std::int64_t candidatesInCase = 0;  // every status, before the filter
    std::vector<Finding> findings;      // highest score first
    std::string auditHeadHash;          // hash of the newest audit row when the report was gathered
    std::int64_t auditRows = 0;
    std::string softwareVersion;
    std::string generatedUtc;
};

struct GatherOptions {
    FindingFilter filter = FindingFilter::All;
};

// Reads everything in one read transaction (a consistent snapshot even while another process
// writes). Works on a case opened read-only. Errors name the case and what could not be read.
Expected<ReportModel> gatherReport(store::CaseFile& caseFile, const GatherOptions& options = {});

// "2024-05-01T12:34:56.789Z", the store's time format.
std::string utcNow();

}  // namespace rs::report
