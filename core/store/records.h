#pragma once
// Typed rows of the case database. Ids are SQLite rowids (0 = not stored yet). Times are UTC
// ISO-8601 with milliseconds ("2024-05-01T12:34:56.789Z"), filled in by the store.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rs::store {

struct CaseDetails {
    std::string caseNumber;
    std::string title;
    std::string examiner;
    std::string organisation;
    std::string notes;
    std::string createdUtc;  // set by CaseFile::create
};

struct ModelRecord {
    std::int64_t id = 0;
    std::string name;
    std::string path;                               // folder it was loaded from
    std::map<std::string, std::string> fileSha256;  // relative file path -> SHA-256 (every weight/config file)
    std::string configJson = "{}";                  // e.g. model_index.json + per-part configs, as one JSON object
    std::string registeredUtc;
};

struct ReferenceImage {
    std::int64_t id = 0;
    std::string setName;
    std::string source;  // path or URL it came from
    std::string sha256;  // of the original bytes
    std::int64_t sizeBytes = 0;
    std::optional<int> width;
    std::optional<int> height;
    std::string caption;
    std::string licence;          // licence / attribution text
    std::int64_t dedupCount = 1;  // how many times these bytes occurred in the set (import merges them)
    std::optional<std::vector<std::uint8_t>> descriptor;  // e.g. SSCD embedding, float32 little-endian
    std::optional<std::string> thumbnailSha256;           // in the case's image store
    std::string importedUtc;
};

struct ReferenceSetSummary {
    std::string name;
    std::int64_t images = 0;       // distinct images
    std::int64_t occurrences = 0;  // sum of dedup counts
};

struct Prompt {
    std::int64_t id = 0;
    std::string text;    // stored verbatim, byte for byte
    std::string source;  // where it came from (file, "LAION caption", typed by the user, ...)
    std::string addedUtc;
};

enum class RunStatus { Running, Finished, Failed, Cancelled };

struct RunRecord {
    std::int64_t id = 0;
    std::int64_t modelId = 0;
    std::string sampler;
    int steps = 0;
    double guidance = 0.0;
    int width = 0;
    int height = 0;
    std::string negativePrompt;
    std::vector<std::int64_t> seeds;
    std::string device;
    std::string dtype;
    std::string softwareVersion;  // empty: this build's version
    std::string startedUtc;
    std::optional<std::string> finishedUtc;
    RunStatus status = RunStatus::Running;
    std::vector<std::string> warnings;
    // Every image-changing sampling parameter as one JSON object, as the scan ran it (the columns
    // above hold its most used fields); "" for runs stored before schema v7. Last, so that
    // aggregate initialisers of the fields above keep working.
    std::string samplingJson = {};
};

struct Generation {
    std::int64_t id = 0;
    std::int64_t runId = 0;
    std::int64_t promptId = 0;
    std::int64_t seed = 0;
    int index = 0;  // position of this generation among the prompt's generations in the run
    std::string imageSha256;
    std::optional<double>
        memorizationScore;  // per generation (Wen et al.); per prompt = mean, see promptMemorizationScores
};

struct PromptScore {
    std::int64_t promptId = 0;
    double meanScore = 0.0;
    std::int64_t generations = 0;  // generations that have a score
};

// PartialCopy (stored 'partial', schema v4): the generation reproduces a region of the other
// image, not the whole of it.
enum class CandidateStatus { Pending, Confirmed, Rejected, Unsure, PartialCopy };

// A rectangle in an image's pixels, and the size of the image it was measured on.
struct PixelBox {
    int x = 0, y = 0, width = 0, height = 0;
};
struct MatchRegion {
    PixelBox box;
    int imageWidth = 0, imageHeight = 0;
};
// Where a detected partial copy sits in each image of a candidate pair (the partial-copy
// matcher's regionA / regionB, original pixels); stored since schema v5. JSON text and its
// validation: store/match_regions.h.
struct MatchRegions {
    MatchRegion generation;
    MatchRegion other;  // the reference image, or the other generation
};

struct Candidate {
    std::int64_t id = 0;
    std::int64_t generationId = 0;
    std::optional<std::int64_t> referenceImageId;  // exactly one of these two is set
    std::optional<std::int64_t> otherGenerationId;
    std::int64_t promptId = 0;                // filled by the store from the generation
    std::string metric;                       // the metric the score comes from ("tiled_l2", "sscd", "phash", ...)
    std::map<std::string, double> distances;  // every distance computed for the pair
    std::vector<std::string> thresholdsCrossed;
    std::optional<std::int64_t> cliqueId;
    double score = 0.0;  // higher = more likely a copy; the review queue is ordered by it
    CandidateStatus status = CandidateStatus::Pending;
    std::optional<MatchRegions> matchRegions;  // only where a partial copy was detected
};

struct Review {
    std::int64_t id = 0;
    std::int64_t candidateId = 0;
    CandidateStatus decision = CandidateStatus::Pending;  // Pending = re-opened
    std::string reviewer;
    std::string note;
    std::string timeUtc;
};

struct Tag {
    std::int64_t id = 0;
    std::string name;
    std::string description;
};

struct CandidateTag {
    std::int64_t candidateId = 0;
    Tag tag;
    std::string author;
    std::string comment;
    std::string taggedUtc;
};

struct AuditEntry {
    std::int64_t id = 0;
    std::string timeUtc;
    std::string actor;
    std::string action;       // "case.created", "review.recorded", ...
    std::string detailsJson;  // canonical JSON text (sorted keys)
    std::string prevHash;     // hash of the previous row; 64 zeros for the first
    std::string hash;         // SHA-256(prevHash + auditRowText(row)), see audit_log.h
};

const char* toString(RunStatus status);
const char* toString(CandidateStatus status);
std::optional<RunStatus> runStatusFromString(const std::string& text);
std::optional<CandidateStatus> candidateStatusFromString(const std::string& text);

}  // namespace rs::store
