#include "report/export_json.h"

#include "report/text_escape.h"
#include "store/match_regions.h"

#include <nlohmann/json.hpp>

namespace rs::report {

using nlohmann::json;
using namespace rs::store;

namespace {

// Every string passes through validUtf8 so dump() never throws on bytes a prompt brought in.
std::string u(const std::string& text) { return validUtf8(text); }

template <class T>
json optionalJson(const std::optional<T>& value) {
    return value ? json(*value) : json(nullptr);
}

json modelJson(const ModelRecord& m) {
    json files = json::object();
    for (const auto& [file, sha] : m.fileSha256) files[u(file)] = sha;
    json config = json::parse(m.configJson, nullptr, false);
    if (config.is_discarded()) config = u(m.configJson);  // kept verbatim when it is not JSON
    return {{"id", m.id},        {"name", u(m.name)},
            {"path", u(m.path)}, {"files_sha256", files},
            {"config", config},  {"registered_utc", m.registeredUtc}};
}

// Every sampling parameter the run recorded (runs.sampling_json), or null for runs stored before
// the record existed (their columns above are all they used).
json samplingJson(const RunRecord& r) {
    if (r.samplingJson.empty()) return nullptr;
    json parsed = json::parse(r.samplingJson, nullptr, false);
    return parsed.is_discarded() ? json(u(r.samplingJson)) : parsed;
}

json runJson(const RunEntry& e) {
    const RunRecord& r = e.run;
    json warnings = json::array();
    for (const auto& w : r.warnings) warnings.push_back(u(w));
    return {{"id", r.id},
            {"model_id", r.modelId},
            {"model_name", u(e.modelName)},
            {"sampler", u(r.sampler)},
            {"steps", r.steps},
            {"guidance", r.guidance},
            {"width", r.width},
            {"height", r.height},
            {"negative_prompt", u(r.negativePrompt)},
            {"sampling", samplingJson(r)},
            {"seeds", r.seeds},
            {"device", u(r.device)},
            {"dtype", u(r.dtype)},
            {"software_version", u(r.softwareVersion)},
            {"started_utc", r.startedUtc},
            {"finished_utc", optionalJson(r.finishedUtc)},
            {"status", toString(r.status)},
            {"warnings", warnings},
            {"generations", e.generations}};
}

json pictureJson(const PictureRef& p) {
    return {{"sha256", p.sha256.empty() ? json(nullptr) : json(p.sha256)},
            {"description", u(p.description)},
            {"thumbnail", p.isThumbnail}};
}

// The store's own text of the boxes (store/match_regions.h), or null without a partial copy.
json matchRegionsJson(const std::optional<MatchRegions>& regions) {
    return regions ? json::parse(matchRegionsToJson(*regions)) : json(nullptr);
}

json findingJson(const Finding& f) {
    const Candidate& c = f.candidate;
    json distances = json::array();
    for (const auto& d : f.distances) {
        json crossed = json::array();
        for (const auto& t : d.thresholdsCrossed) crossed.push_back(u(t));
        distances.push_back({{"metric", u(d.metric)}, {"value", d.value}, {"thresholds_crossed", crossed}});
    }
    json thresholds = json::array();
    for (const auto& t : c.thresholdsCrossed) thresholds.push_back(u(t));
    json reviews = json::array();
    for (const auto& r : f.reviews)
        reviews.push_back({{"id", r.id},
                           {"decision", toString(r.decision)},
                           {"meaning", statusLabel(r.decision)},
                           {"reviewer", u(r.reviewer)},
                           {"note", u(r.note)},
                           {"time_utc", r.timeUtc}});
    json tags = json::array();
    for (const auto& t : f.tags)
        tags.push_back({{"name", u(t.tag.name)},
                        {"description", u(t.tag.description)},
                        {"author", u(t.author)},
                        {"comment", u(t.comment)},
                        {"tagged_utc", t.taggedUtc}});
    json j = {{"candidate_id", c.id},
              {"status", toString(c.status)},
              {"replicated", isReplicated(c.status)},
              {"status_meaning", statusLabel(c.status)},
              {"score", c.score},
              {"metric", u(c.metric)},
              {"clique_id", optionalJson(c.cliqueId)},
              {"kind", c.referenceImageId ? "generation-reference" : "generation-generation"},
              {"run_id", f.runId},
              {"prompt_id", c.promptId},
              {"prompt", u(f.promptText)},
              {"generation_id", c.generationId},
              {"seed", f.seed},
              {"generation_index", f.generationIndex},
              {"memorization_score", optionalJson(f.memorizationScore)},
              {"generation_image", pictureJson(f.generation)},
              {"other_image", pictureJson(f.other)},
              {"match_regions", matchRegionsJson(c.matchRegions)},
              {"distances", distances},
              {"thresholds_crossed", thresholds},
              {"reviews", reviews},
              {"tags", tags}};
    if (f.reference) {
        const ReferenceImage& r = *f.reference;
        j["reference"] = {{"id", r.id},
                          {"set", u(r.setName)},
                          {"source", u(r.source)},
                          {"sha256", r.sha256},
                          {"size_bytes", r.sizeBytes},
                          {"width", optionalJson(r.width)},
                          {"height", optionalJson(r.height)},
                          {"caption", u(r.caption)},
                          {"licence", u(r.licence)},
                          {"dedup_count", r.dedupCount}};
    }
    if (f.otherGeneration) {
        const Generation& g = *f.otherGeneration;
        j["other_generation"] = {{"id", g.id},
                                 {"run_id", g.runId},
                                 {"prompt_id", g.promptId},
                                 {"prompt", u(f.otherPromptText)},
                                 {"seed", g.seed},
                                 {"index", g.index},
                                 {"image_sha256", g.imageSha256},
                                 {"memorization_score", optionalJson(g.memorizationScore)}};
    }
    return j;
}

}  // namespace

json reportJson(const ReportModel& m) {
    const CaseDetails& d = m.details;
    json models = json::array(), runs = json::array(), findings = json::array();
    for (const auto& model : m.models) models.push_back(modelJson(model));
    for (const auto& run : m.runs) runs.push_back(runJson(run));
    for (const auto& f : m.findings) findings.push_back(findingJson(f));
    return {{"format", kJsonReportFormat},
            {"software", {{"name", "ReplicaScope"}, {"version", m.softwareVersion}}},
            {"generated_utc", m.generatedUtc},
            {"case",
             {{"file", u(m.caseFile)},
              {"schema_version", m.schemaVersion},
              {"case_number", u(d.caseNumber)},
              {"title", u(d.title)},
              {"examiner", u(d.examiner)},
              {"organisation", u(d.organisation)},
              {"notes", u(d.notes)},
              {"created_utc", d.createdUtc}}},
            {"audit", {{"head_hash", m.auditHeadHash}, {"rows", m.auditRows}}},
            {"filter", toString(m.filter)},
            {"counts",
             {{"models", m.models.size()},
              {"runs", m.runs.size()},
              {"candidates_in_case", m.candidatesInCase},
              {"findings", m.findings.size()}}},
            {"models", models},
            {"runs", runs},
            {"findings", findings}};
}

std::string reportJsonText(const ReportModel& model) { return reportJson(model).dump(2) + "\n"; }

}  // namespace rs::report
