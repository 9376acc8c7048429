#pragma once
// TorchScript descriptor models: SSCD's released files (sscd_disc_mixup.torchscript.pt, 512-d;
// sscd_disc_large.torchscript.pt, 1024-d) or any image->vector TorchScript model with a JSON
// sidecar (descriptor_spec.h). Runs on the CPU with libtorch; no Python involved.
//
// Opening validates everything it can before the first real image: the file exists and is
// TorchScript, the sidecar (if any) is well-formed, and a probe forward pass on a
// 1x3xSxS input returns a float tensor [1, D] with D equal to the expected dimension.
// (TorchScript is deprecated upstream as of PyTorch 2.11; it is used here only because SSCD's
// released artifacts are TorchScript.)
#include "metrics/descriptor_extractor.h"
#include "metrics/descriptor_spec.h"

#include <memory>
#include <string>

namespace rs::metrics {

class TorchScriptDescriptor final : public DescriptorExtractor {
public:
    // The spec is resolved with descriptorSpecForModel(modelPath).
    static Expected<std::unique_ptr<TorchScriptDescriptor>> open(const std::string& modelPath);
    // With an explicit spec (e.g. from a sidecar kept elsewhere).
    static Expected<std::unique_ptr<TorchScriptDescriptor>> open(const std::string& modelPath, DescriptorSpec spec);
    ~TorchScriptDescriptor() override;

    const DescriptorInfo& info() const override { return m_info; }
    const DescriptorSpec& spec() const { return m_spec; }
    Expected<Descriptor> describe(const cv::Mat& bgr) override;
    // Images of equal input size (e.g. all generations of a prompt) are run as one tensor batch.
    std::vector<Expected<Descriptor>> describeBatch(const std::vector<cv::Mat>& images, int batchSize = 16) override;

private:
    struct Model;
    TorchScriptDescriptor(std::unique_ptr<Model> model, DescriptorSpec spec, DescriptorInfo info);

    std::unique_ptr<Model> m_model;
    DescriptorSpec m_spec;
    DescriptorInfo m_info;
};

}  // namespace rs::metrics
