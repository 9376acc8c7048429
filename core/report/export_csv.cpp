#include "report/export_csv.h"

#include "report/text_escape.h"

namespace rs::report {

using namespace rs::store;

namespace {

std::string joined(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
    return out;
}

std::string optionalNumber(const std::optional<double>& v) { return v ? formatNumber(*v) : std::string(); }
std::string optionalInt(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string(); }

// "x y width height" and "width height" of one side's match box; empty without a partial copy.
std::string boxCell(const MatchRegion* r) {
    if (!r) return {};
    return std::to_string(r->box.x) + " " + std::to_string(r->box.y) + " " + std::to_string(r->box.width) + " " +
           std::to_string(r->box.height);
}
std::string imageSizeCell(const MatchRegion* r) {
    return r ? std::to_string(r->imageWidth) + " " + std::to_string(r->imageHeight) : std::string();
}

std::vector<std::string> rowFor(const Finding& f) {
    const Candidate& c = f.candidate;
    std::vector<std::string> distances, reviews, tags;
    for (const auto& d : f.distances) distances.push_back(d.metric + "=" + formatNumber(d.value));
    for (const auto& r : f.reviews)
        reviews.push_back(r.timeUtc + " " + r.reviewer + ": " + statusLabel(r.decision) +
                          (r.note.empty() ? "" : " - " + r.note));
    for (const auto& t : f.tags) tags.push_back(t.tag.name + (t.comment.empty() ? "" : " (" + t.comment + ")"));
    const Review* last = f.reviews.empty() ? nullptr : &f.reviews.back();
    const MatchRegion* generationBox = c.matchRegions ? &c.matchRegions->generation : nullptr;
    const MatchRegion* otherBox = c.matchRegions ? &c.matchRegions->other : nullptr;
    return {std::to_string(c.id),
            statusLabel(c.status),
            isReplicated(c.status) ? "yes" : "no",
            formatNumber(c.score),
            c.metric,
            optionalInt(c.cliqueId),
            c.referenceImageId ? "generation-reference" : "generation-generation",
            std::to_string(f.runId),
            std::to_string(c.promptId),
            f.promptText,
            std::to_string(c.generationId),
            std::to_string(f.seed),
            f.generation.sha256,
            optionalNumber(f.memorizationScore),
            f.other.sha256,
            f.other.description,
            f.reference ? f.reference->setName : "",
            f.reference ? f.reference->source : "",
            f.reference ? f.reference->caption : "",
            f.reference ? f.reference->licence : "",
            f.otherGeneration ? std::to_string(f.otherGeneration->id) : "",
            f.otherGeneration ? f.otherPromptText : "",
            joined(distances, "; "),
            joined(c.thresholdsCrossed, "; "),
            last ? last->reviewer : "",
            last ? last->timeUtc : "",
            last ? last->note : "",
            joined(reviews, "\n"),
            joined(tags, "; "),
            boxCell(generationBox),
            imageSizeCell(generationBox),
            boxCell(otherBox),
            imageSizeCell(otherBox)};
}

}  // namespace

std::vector<std::string> csvHeader() {
    return {"candidate_id", "status", "replicated", "score", "metric", "clique_id", "kind", "run_id", "prompt_id",
            "prompt", "generation_id", "seed", "generation_sha256", "memorization_score", "other_image_sha256",
            "other_image", "reference_set", "reference_source", "reference_caption", "reference_licence",
            "other_generation_id", "other_generation_prompt", "distances", "thresholds_crossed", "last_reviewer",
            "last_review_utc", "last_review_note", "reviews", "tags",
            // Added later: kept at the end so scripts that read columns by position still work.
            "generation_match_box", "generation_image_size", "other_match_box", "other_image_size"};
}

std::string reportCsvText(const ReportModel& model) {
    std::string out = "\xEF\xBB\xBF" + csvRow(csvHeader());
    for (const auto& f : model.findings) out += csvRow(rowFor(f));
    return out;
}

}  // namespace rs::report
