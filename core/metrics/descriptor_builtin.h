#pragma once
// The built-in descriptor ("builtin-lab16-grad-v1"), used for candidate retrieval when no
// TorchScript model is configured. It needs no model file and costs well under a millisecond
// per image; exact metrics (tiled l2, partial copy) then re-rank the retrieved candidates.
//
// Definition (896 values, unit L2 norm):
//   1. Centre square of the image (the comparison geometry of image_ops.h), area-resized to
//      32x32, converted to CIE Lab (L/100, a/128, b/128).
//   2. Colour layout (768): the Lab square area-resized to 16x16; each channel minus its mean
//      (invariant to uniform brightness / colour casts); the block scaled to unit norm.
//   3. Edge layout (128): Sobel gradients of L at 32x32; in each of 4x4 cells an 8-bin
//      histogram of gradient direction weighted by magnitude (linear interpolation between
//      neighbouring bins); the block scaled to unit norm.
//   4. Both blocks concatenated with equal weight and scaled to unit norm.
// A featureless image (one flat colour) gives the zero vector: it resembles nothing.
// Its cosines are NOT on SSCD's scale; the 0.5/0.75/0.95 thresholds do not apply to it.
#include "metrics/descriptor_extractor.h"

namespace rs::metrics {

class BuiltinDescriptor final : public DescriptorExtractor {
public:
    static constexpr int kDimension = 896;
    BuiltinDescriptor();

    const DescriptorInfo& info() const override { return m_info; }
    Expected<Descriptor> describe(const cv::Mat& bgr) override;
    std::vector<Expected<Descriptor>> describeBatch(const std::vector<cv::Mat>& images, int batchSize = 16) override;

private:
    DescriptorInfo m_info;
};

}  // namespace rs::metrics
