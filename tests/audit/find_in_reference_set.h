#pragma once
// For tests of the scan's matching step on hand-made pictures: stores one picture as the only
// generation of a one-prompt run, then runs audit::findForPrompt for it against one reference
// set (built-in descriptor, the set's FAISS index, default options), as `scan` does.
#include "audit/prompt_findings.h"
#include "imaging/image_ops.h"
#include "metrics/descriptor_extractor.h"
#include "reference/reference_index.h"
#include "store/case_repository.h"
#include "store/run_repository.h"

#include <memory>
#include <string>
#include <vector>

namespace rs::test {

struct StoredPicture {
    std::int64_t promptId = 0;
    std::int64_t generationId = 0;
};

inline Expected<StoredPicture> storeAsGeneration(store::CaseFile& c, const cv::Mat& picture) {
    store::ModelRecord model;
    model.name = "test";
    model.path = "/models/test";
    auto modelId = store::registerModel(c.db(), model);
    if (!modelId) return modelId.error();
    auto prompts = store::addPrompts(c.db(), {{0, "a scene", "test", ""}});
    if (!prompts) return prompts.error();
    store::RunRecord run;
    run.modelId = *modelId;
    run.sampler = "ddim";
    run.steps = 1;
    run.width = picture.cols;
    run.height = picture.rows;
    run.seeds = {1};
    run.device = "cpu";
    run.dtype = "float32";
    auto runId = store::startRun(c.db(), run);
    if (!runId) return runId.error();
    auto png = imaging::encodePng(picture);
    if (!png) return png.error();
    auto stored = c.images().put(*png);
    if (!stored) return stored.error();
    auto ids = store::insertGenerations(c.db(), {{0, *runId, prompts->front(), 1, 0, stored->sha256, std::nullopt}});
    if (!ids) return ids.error();
    return StoredPicture{prompts->front(), ids->front()};
}

inline Expected<audit::PromptFindings> findInReferenceSet(store::CaseFile& c, const std::string& setName,
                                                          const StoredPicture& stored, const cv::Mat& picture) {
    auto extractor = metrics::openDescriptorExtractor("");
    if (!extractor) return extractor.error();
    auto descriptor = (*extractor)->describe(picture);
    if (!descriptor) return descriptor.error();
    auto index = reference::ReferenceIndex::openForSet(c, setName);
    if (!index) return index.error();
    std::vector<audit::ReferenceMatcher> matchers(1);
    matchers[0].setName = setName;
    matchers[0].index = std::make_unique<reference::ReferenceIndex>(std::move(*index));
    return audit::findForPrompt(c, stored.promptId, {{stored.generationId, 1, picture}}, {*descriptor},
                                (*extractor)->info(), matchers, audit::FindingOptions{});
}

}  // namespace rs::test
