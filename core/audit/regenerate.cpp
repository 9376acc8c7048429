#include "audit/regenerate.h"

#include "audit/sampling_record.h"

#include "audit/generated_image.h"

#include "base/sha256.h"
#include "diffusion/pipeline/pipeline.h"
#include "diffusion/schedulers/scheduler_factory.h"
#include "imaging/image_decode.h"
#include "imaging/image_ops.h"
#include "store/case_repository.h"
#include "store/run_repository.h"

#include <opencv2/core.hpp>

#include <filesystem>

namespace rs::audit {

namespace fs = std::filesystem;

Expected<RegenerationReport> regenerateGeneration(store::CaseFile& caseFile, std::int64_t generationId,
                                                  const RegenerationOptions& options) {
    try {
        auto& db = caseFile.db();
        auto generation = store::getGeneration(db, generationId);
        if (!generation) return generation.error();
        auto run = store::getRun(db, generation->runId);
        if (!run) return run.error();
        auto model = store::getModel(db, run->modelId);
        if (!model) return model.error();
        auto prompt = store::getPrompt(db, generation->promptId);
        if (!prompt) return prompt.error();
        for (const auto& [file, recorded] : model->fileSha256) {
            auto now = sha256File(fs::path(model->path) / file);
            if (!now) return makeError("model file " + (fs::path(model->path) / file).string() + ": " + now.message());
            if (*now != recorded)
                return makeError("model file " + (fs::path(model->path) / file).string() +
                                 " has changed since the run (SHA-256 " + *now + ", recorded " + recorded + ")");
        }
        auto sampling = samplingOfRun(*run);
        if (!sampling) return sampling.error();

        diffusion::PipelineOptions pipelineOptions;
        pipelineOptions.device =
            options.device == "auto" ? (run->device.rfind("cuda", 0) == 0 ? "auto" : run->device) : options.device;
        pipelineOptions.dtype = run->dtype;
        auto pipeline = diffusion::DiffusionPipeline::load(model->path, pipelineOptions);
        if (!pipeline) return pipeline.error();
        diffusion::GenerationRequest request(*sampling);
        request.prompt = prompt->text;
        request.seeds = {std::uint64_t(generation->seed)};
        auto result = (*pipeline)->generate(request);
        if (!result) return result.error();
        if (result->images.size() != 1) return makeError("regeneration produced no image");
        const auto& image = result->images.front();

        auto stored = caseFile.images().read(generation->imageSha256);
        if (!stored) return stored.error();
        auto decoded = imaging::decodeImageBytes(*stored, "generation " + std::to_string(generationId));
        if (!decoded) return decoded.error();
        const cv::Mat bgr = generatedBgr(image);

        RegenerationReport report;
        report.generationId = generationId;
        report.storedSha256 = generation->imageSha256;
        report.device = result->device;
        report.dtype = result->dtype;
        if (report.device != run->device)
            report.notes.push_back("regenerated on " + report.device + ", the run used " + run->device);
        if (report.dtype != run->dtype)
            report.notes.push_back("regenerated in " + report.dtype + ", the run used " + run->dtype);
        if (decoded->bgr.size() != bgr.size()) {
            report.maxDifference = 255;
            report.differingShare = 1;
            return report;
        }
        cv::Mat difference;
        cv::absdiff(decoded->bgr, bgr, difference);
        double maxValue = 0;
        cv::minMaxLoc(difference.reshape(1), nullptr, &maxValue);
        report.maxDifference = int(maxValue);
        report.differingShare = double(cv::countNonZero(difference.reshape(1))) / double(difference.total() * 3);
        report.identical = report.maxDifference == 0;
        // the PNG bytes are those the scan would store for these pixels
        auto png = imaging::encodePng(bgr);
        if (!png) return png.error();
        report.regeneratedSha256 = sha256Hex(*png);
        report.withinTolerance = report.identical || (report.maxDifference <= options.maxLevelDifference &&
                                                      report.differingShare < options.maxDifferingShare);
        return report;
    } catch (const std::exception& e) {
        return makeError(std::string("regenerating generation ") + std::to_string(generationId) +
                         " failed: " + e.what());
    }
}

}  // namespace rs::audit
