#pragma once
// The config.json of each network in a diffusers folder, as plain values. Parsing follows
// diffusers' / transformers' reading of the file (defaults for absent keys, diffusers'
// attention_head_dim-means-heads quirk), and refuses by name every key or value that would
// change the network in a way these modules do not implement, instead of ignoring it.
#include "base/expected.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rs::diffusion {

// transformers CLIPTextConfig (text_encoder/config.json, architectures ["CLIPTextModel"]).
struct ClipTextConfig {
    int64_t vocabSize = 49408;
    int64_t hiddenSize = 512;
    int64_t intermediateSize = 2048;
    int64_t numHiddenLayers = 12;
    int64_t numAttentionHeads = 8;
    int64_t maxPositionEmbeddings = 77;
    std::string hiddenAct = "quick_gelu";  // "quick_gelu" | "gelu"
    double layerNormEps = 1e-5;
    int64_t projectionDim = 512;  // unused by CLIPTextModel; kept so a saved config round-trips
    int64_t bosTokenId = 49406;
    int64_t eosTokenId = 49407;  // 2 in old configs: transformers then pools at the highest id
    int64_t padTokenId = 1;
};

// diffusers UNet2DConditionModel (unet/config.json). Per-block lists are expanded to one entry
// per down block, in down-block order, as diffusers does.
struct UNetConfig {
    int64_t sampleSize = 64;  // latent side the model was trained at (informational)
    int64_t inChannels = 4;
    int64_t outChannels = 4;
    bool centerInputSample = false;
    bool flipSinToCos = true;
    double freqShift = 0;
    std::vector<std::string> downBlockTypes;  // "CrossAttnDownBlock2D" | "DownBlock2D"
    std::string midBlockType = "UNetMidBlock2DCrossAttn";
    std::vector<std::string> upBlockTypes;  // "CrossAttnUpBlock2D" | "UpBlock2D"
    std::vector<int64_t> blockOutChannels;
    std::vector<int64_t> layersPerBlock;             // per down block
    std::vector<int64_t> transformerLayersPerBlock;  // per down block
    int64_t downsamplePadding = 1;
    double midBlockScaleFactor = 1;
    int64_t normNumGroups = 32;
    double normEps = 1e-5;
    std::vector<int64_t> crossAttentionDim;  // per down block
    // Heads per down block: the config's "attention_head_dim" (diffusers' naming quirk: SD1.5's
    // 8 means 8 heads of 40/80/160 channels; SD2's [5,10,20,20] means heads of 64 channels).
    std::vector<int64_t> numAttentionHeads;
    bool attentionHeadDimIsList = false;  // how "attention_head_dim" was written, for saving
    bool useLinearProjection = false;
    bool upcastAttention = false;
    int64_t timeEmbeddingDim = 0;  // 0: 4 * blockOutChannels[0]
    int64_t convInKernel = 3;
    int64_t convOutKernel = 3;

    int64_t timeEmbedDim() const { return timeEmbeddingDim > 0 ? timeEmbeddingDim : 4 * blockOutChannels.at(0); }
};

// diffusers AutoencoderKL (vae/config.json).
struct VaeConfig {
    int64_t inChannels = 3;
    int64_t outChannels = 3;
    std::vector<std::string> downBlockTypes;  // "DownEncoderBlock2D"
    std::vector<std::string> upBlockTypes;    // "UpDecoderBlock2D"
    std::vector<int64_t> blockOutChannels;
    int64_t layersPerBlock = 1;
    int64_t latentChannels = 4;
    int64_t normNumGroups = 32;
    int64_t sampleSize = 32;
    double scalingFactor = 0.18215;
    double shiftFactor = 0;   // null in the file means 0
    bool forceUpcast = true;  // diffusers' hint that fp16 decoding may overflow (informational)
    bool useQuantConv = true;
    bool usePostQuantConv = true;
    bool midBlockAddAttention = true;

    // Pixels per latent along a side: 2^(number of down blocks - 1).
    int64_t downscaleFactor() const {
        return int64_t(1) << (blockOutChannels.empty() ? 0 : blockOutChannels.size() - 1);
    }
};

// Parse a config.json's text. `origin` (usually the file path) prefixes every error message.
Expected<ClipTextConfig> parseClipTextConfig(const std::string& jsonText, const std::string& origin);
Expected<UNetConfig> parseUNetConfig(const std::string& jsonText, const std::string& origin);
Expected<VaeConfig> parseVaeConfig(const std::string& jsonText, const std::string& origin);

// Structural checks (list lengths, channels divisible by groups and heads, ...), also run by the
// parsers and by the module constructors' callers; configs built in code should pass them too.
Status validateConfig(const ClipTextConfig& config, const std::string& origin);
Status validateConfig(const UNetConfig& config, const std::string& origin);
Status validateConfig(const VaeConfig& config, const std::string& origin);

// config.json text as diffusers / transformers write it (with "_class_name" etc.), readable by
// both them and the parsers above.
std::string toConfigJson(const ClipTextConfig& config);
std::string toConfigJson(const UNetConfig& config);
std::string toConfigJson(const VaeConfig& config);

}  // namespace rs::diffusion
