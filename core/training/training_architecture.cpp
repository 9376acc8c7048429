// Network sizes for trained models, their scheduler config, and FLOP counts from a config
// (mirrors the block structure of unet.cpp / unet_blocks.cpp / nn_blocks.cpp).
#include "training/trainer.h"

namespace rs::diffusion {
namespace {

UNetConfig pixelUNet(int64_t imageSize, std::vector<int64_t> channels, std::vector<std::string> down,
                     std::vector<std::string> up, std::vector<int64_t> layers, int64_t crossDim, int64_t heads,
                     int64_t groups) {
    UNetConfig c;
    c.sampleSize = imageSize;
    c.inChannels = 3;
    c.outChannels = 3;
    const size_t n = channels.size();
    c.blockOutChannels = std::move(channels);
    c.downBlockTypes = std::move(down);
    c.upBlockTypes = std::move(up);
    c.layersPerBlock = std::move(layers);
    c.transformerLayersPerBlock.assign(n, 1);
    c.crossAttentionDim.assign(n, crossDim);
    c.numAttentionHeads.assign(n, heads);
    c.attentionHeadDimIsList = false;
    c.normNumGroups = groups;
    return c;
}

ClipTextConfig clipText(int64_t hidden, int64_t layers, int64_t heads) {
    ClipTextConfig c;
    c.vocabSize = 49408;  // the real CLIP vocabulary: the tokenizer's ids index the embedding
    c.hiddenSize = hidden;
    c.intermediateSize = 4 * hidden;
    c.numHiddenLayers = layers;
    c.numAttentionHeads = heads;
    c.maxPositionEmbeddings = 77;
    c.hiddenAct = "quick_gelu";
    c.projectionDim = hidden;
    c.bosTokenId = 49406;
    c.eosTokenId = 49407;
    c.padTokenId = 49407;
    return c;
}

}  // namespace

Expected<TrainingArchitecture> trainingArchitecture(const std::string& name, int64_t imageSize) {
    if (imageSize < 8 || imageSize > 512)
        return makeError("training image size " + std::to_string(imageSize) + " is out of range 8..512");
    TrainingArchitecture a;
    a.name = name;
    if (name == "default") {
        // Six levels (64..2 px at 64x64): few channels where the image is large (the FLOPs: a
        // 2-core CPU must generate), most parameters where it is small (the capacity to memorize);
        // cross-attention at 8x8, 4x4 and 2x2. 0.43 GFLOPs per evaluation at 64x64.
        a.text = clipText(128, 4, 4);
        a.unet = pixelUNet(
            imageSize, {8, 16, 32, 64, 128, 128},
            {"DownBlock2D", "DownBlock2D", "DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D",
             "CrossAttnDownBlock2D"},
            {"CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D", "UpBlock2D", "UpBlock2D"},
            {1, 1, 1, 1, 1, 1}, 128, 4, 4);
        a.unet.timeEmbeddingDim = 128;
    } else if (name == "wide") {
        // Twice the channels at every resolution but the lowest (3.2x the FLOPs of default).
        a.text = clipText(128, 4, 4);
        a.unet = pixelUNet(
            imageSize, {16, 32, 64, 128, 128},
            {"DownBlock2D", "DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"},
            {"CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D", "UpBlock2D"},
            {1, 1, 1, 1, 1}, 128, 4, 8);
        a.unet.timeEmbeddingDim = 128;
    } else if (name == "tiny") {
        a.text = clipText(32, 2, 4);
        a.unet = pixelUNet(imageSize, {32, 64}, {"DownBlock2D", "CrossAttnDownBlock2D"},
                           {"CrossAttnUpBlock2D", "UpBlock2D"}, {1, 1}, 32, 4, 16);
    } else {
        return makeError("unknown architecture '" + name + "' (known: default, wide, tiny)");
    }
    if (auto s = validateConfig(a.text, "architecture " + name + " text encoder"); !s.ok()) return s.error();
    if (auto s = validateConfig(a.unet, "architecture " + name + " unet"); !s.ok()) return s.error();
    return a;
}

std::string trainedSchedulerConfigJson() {
    return "{\n"
           "  \"_class_name\": \"DDIMScheduler\",\n"
           "  \"_diffusers_version\": \"0.30.0\",\n"
           "  \"beta_end\": 0.02,\n"
           "  \"beta_schedule\": \"squaredcos_cap_v2\",\n"
           "  \"beta_start\": 0.0001,\n"
           "  \"clip_sample\": true,\n"
           "  \"clip_sample_range\": 1.0,\n"
           "  \"num_train_timesteps\": 1000,\n"
           "  \"prediction_type\": \"v_prediction\",\n"
           "  \"rescale_betas_zero_snr\": false,\n"
           "  \"set_alpha_to_one\": true,\n"
           "  \"steps_offset\": 0,\n"
           "  \"thresholding\": false,\n"
           "  \"timestep_spacing\": \"trailing\",\n"
           "  \"trained_betas\": null\n"
           "}\n";
}

SamplingDefaults trainedSamplingDefaults() {
    SamplingDefaults d;
    d.guidanceScale = 1.0;
    d.steps = 20;
    d.sampler = "ddim";
    d.reason =
        "trained by ReplicaScope in pixel space: it samples without classifier-free guidance "
        "(at 7.5 its colours saturate)";
    return d;
}

namespace {

struct FlopCounter {
    double flops = 0;
    void conv(int64_t in, int64_t out, int64_t kernel, int64_t h, int64_t w) {
        flops += 2.0 * double(in) * double(out) * double(kernel * kernel) * double(h * w);
    }
    void linear(int64_t in, int64_t out, int64_t rows) { flops += 2.0 * double(in) * double(out) * double(rows); }
    void resnet(int64_t in, int64_t out, int64_t temb, int64_t h, int64_t w) {
        conv(in, out, 3, h, w);
        linear(temb, out, 1);
        conv(out, out, 3, h, w);
        if (in != out) conv(in, out, 1, h, w);
    }
    // Transformer2DModel with one BasicTransformerBlock per layer (self-attn, cross-attn, GEGLU).
    void transformer(int64_t c, int64_t layers, int64_t context, int64_t contextDim, int64_t h, int64_t w) {
        const int64_t n = h * w;
        linear(c, c, n);  // proj_in
        for (int64_t l = 0; l < layers; ++l) {
            linear(c, 3 * c, n);                                     // q, k, v
            flops += 2.0 * 2.0 * double(n) * double(n) * double(c);  // q kᵀ and p v
            linear(c, c, n);                                         // to_out
            linear(c, c, n);                                         // attn2 q
            linear(contextDim, 2 * c, context);                      // attn2 k, v
            flops += 2.0 * 2.0 * double(n) * double(context) * double(c);
            linear(c, c, n);      // attn2 to_out
            linear(c, 8 * c, n);  // GEGLU proj
            linear(4 * c, c, n);  // ff out
        }
        linear(c, c, n);  // proj_out
    }
};

}  // namespace

double unetForwardFlops(const UNetConfig& c, int64_t height, int64_t width, int64_t contextLength) {
    FlopCounter f;
    const auto& ch = c.blockOutChannels;
    const size_t n = ch.size();
    if (n == 0) return 0;
    const int64_t temb = c.timeEmbedDim();
    f.linear(ch[0], temb, 1);
    f.linear(temb, temb, 1);
    int64_t h = height, w = width;
    f.conv(c.inChannels, ch[0], c.convInKernel, h, w);
    std::vector<std::pair<int64_t, int64_t>> sizes;  // resolution of each down block
    int64_t output = ch[0];
    for (size_t i = 0; i < n; ++i) {
        sizes.emplace_back(h, w);
        const bool attn = c.downBlockTypes[i] == "CrossAttnDownBlock2D";
        int64_t in = output;
        output = ch[i];
        for (int64_t l = 0; l < c.layersPerBlock[i]; ++l) {
            f.resnet(l == 0 ? in : output, output, temb, h, w);
            if (attn)
                f.transformer(output, c.transformerLayersPerBlock[i], contextLength, c.crossAttentionDim[i], h, w);
        }
        if (i + 1 != n) {
            h = (h + 1) / 2;
            w = (w + 1) / 2;
            f.conv(output, output, 3, h, w);
        }
    }
    f.resnet(ch[n - 1], ch[n - 1], temb, h, w);
    f.transformer(ch[n - 1], c.transformerLayersPerBlock[n - 1], contextLength, c.crossAttentionDim[n - 1], h, w);
    f.resnet(ch[n - 1], ch[n - 1], temb, h, w);
    output = ch[n - 1];
    for (size_t i = 0; i < n; ++i) {
        const size_t rev = n - 1 - i;
        const int64_t prev = output;
        output = ch[rev];
        const int64_t in = ch[n - 1 - std::min(i + 1, n - 1)];
        const int64_t layers = c.layersPerBlock[rev] + 1;
        const bool attn = c.upBlockTypes[i] == "CrossAttnUpBlock2D";
        h = sizes[rev].first;
        w = sizes[rev].second;
        for (int64_t l = 0; l < layers; ++l) {
            const int64_t skip = l == layers - 1 ? in : output;
            const int64_t resIn = l == 0 ? prev : output;
            f.resnet(resIn + skip, output, temb, h, w);
            if (attn)
                f.transformer(output, c.transformerLayersPerBlock[rev], contextLength, c.crossAttentionDim[rev], h, w);
        }
        if (i + 1 != n) f.conv(output, output, 3, sizes[rev - 1].first, sizes[rev - 1].second);
    }
    f.conv(ch[0], c.outChannels, c.convOutKernel, height, width);
    return f.flops;
}

double textEncoderForwardFlops(const ClipTextConfig& c, int64_t contextLength) {
    FlopCounter f;
    const int64_t hidden = c.hiddenSize;
    for (int64_t l = 0; l < c.numHiddenLayers; ++l) {
        f.linear(hidden, 4 * hidden, contextLength);  // q, k, v, out
        f.flops += 2.0 * 2.0 * double(contextLength) * double(contextLength) * double(hidden);
        f.linear(hidden, c.intermediateSize, contextLength);
        f.linear(c.intermediateSize, hidden, contextLength);
    }
    return f.flops;
}

}  // namespace rs::diffusion
