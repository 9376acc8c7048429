// Reading and writing the networks' config.json files. Every key of a file is either read,
// checked against the one value these modules implement, or known to be irrelevant to the
// forward pass (transformers' generation settings); anything else is refused by name.
#include "diffusion/models/model_configs.h"

#include "diffusion/io/json.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace rs::diffusion {
namespace {

std::string joinKeys(const std::vector<std::string>& keys) {
    std::string out;
    for (const auto& k : keys) out += (out.empty() ? "'" : ", '") + k + "'";
    return out;
}

// Refuses a key whose value is present and differs from what the modules implement.
// `accept` decides on the raw value; `expected` tells the user what would be accepted.
template <class Accept>
void requireValue(JsonConfigReader& reader, const char* key, Accept&& accept, const std::string& expected) {
    const Json* v = reader.raw(key);
    if (!reader.ok() || !v) return;
    if (!accept(*v))
        reader.fail(reader.where() + ": '" + key + "' = " + v->dump() + " is not supported (only " + expected +
                    "); ReplicaScope refuses rather than ignoring it");
}
void requireNull(JsonConfigReader& r, const char* key) {
    requireValue(
        r, key, [](const Json& v) { return v.isNull(); }, "null");
}
void requireFalse(JsonConfigReader& r, const char* key) {
    requireValue(
        r, key, [](const Json& v) { return v.isNull() || (v.isBool() && !v.asBool()); }, "false");
}
void requireString(JsonConfigReader& r, const char* key, std::vector<std::string> allowed) {
    std::string expected;
    for (const auto& a : allowed) expected += (expected.empty() ? "\"" : " or \"") + a + "\"";
    requireValue(
        r, key,
        [&](const Json& v) {
            return v.isString() && std::find(allowed.begin(), allowed.end(), v.asString()) != allowed.end();
        },
        expected);
}
void requireNumber(JsonConfigReader& r, const char* key, double value) {
    std::ostringstream s;
    s << value;
    requireValue(
        r, key, [&](const Json& v) { return v.isNumber() && v.asDouble() == value; }, s.str());
}
// "_class_name" names the diffusers class the file configures.
void requireClass(JsonConfigReader& r, const char* className) {
    requireValue(
        r, "_class_name", [&](const Json& v) { return v.isString() && v.asString() == className; },
        std::string("\"") + className + "\"");
}
void refuseUnknownKeys(JsonConfigReader& r, const std::set<std::string>& ignorable = {}) {
    if (!r.ok()) return;
    std::vector<std::string> unknown;
    for (const auto& k : r.unreadKeys())
        if (!ignorable.count(k)) unknown.push_back(k);
    if (!unknown.empty())
        r.fail(r.where() + ": unknown setting" + (unknown.size() > 1 ? "s " : " ") + joinKeys(unknown) +
               "; ReplicaScope does not know what " + (unknown.size() > 1 ? "they change" : "it changes") +
               " in the network and refuses rather than ignoring it");
}

// An int, or a list with one entry per block; expanded to one entry per block.
std::vector<int64_t> perBlock(JsonConfigReader& r, const char* key, int64_t fallback, size_t blocks) {
    const Json* v = r.raw(key);
    if (!r.ok()) return {};
    if (!v || v->isNull()) return std::vector<int64_t>(blocks, fallback);
    if (v->isInteger()) return std::vector<int64_t>(blocks, v->asInt());
    auto list = r.intArray(key);
    if (r.ok() && list.size() != blocks)
        r.failKey(key, "has " + std::to_string(list.size()) + " entries but there are " + std::to_string(blocks) +
                           " down blocks");
    return list;
}

int64_t sampleSize(JsonConfigReader& r, int64_t fallback) {
    const Json* v = r.raw("sample_size");
    if (!v || v->isNull()) return fallback;
    if (v->isInteger()) return v->asInt();
    auto list = r.intArray("sample_size");
    return list.empty() ? fallback : list[0];
}

Status fail(const std::string& origin, const std::string& what) { return makeError(origin + ": " + what); }

// PretrainedConfig's own attributes (transformers configuration_utils.py): generation, export
// and bookkeeping settings that do not change the text encoder's output.
const std::set<std::string>& transformersGenericKeys() {
    static const std::set<std::string> keys = {"return_dict",
                                               "output_hidden_states",
                                               "output_attentions",
                                               "torchscript",
                                               "torch_dtype",
                                               "dtype",
                                               "use_bfloat16",
                                               "tf_legacy_loss",
                                               "tie_word_embeddings",
                                               "is_encoder_decoder",
                                               "tie_encoder_decoder",
                                               "cross_attention_hidden_size",
                                               "max_length",
                                               "min_length",
                                               "do_sample",
                                               "early_stopping",
                                               "num_beams",
                                               "num_beam_groups",
                                               "diversity_penalty",
                                               "temperature",
                                               "top_k",
                                               "top_p",
                                               "typical_p",
                                               "repetition_penalty",
                                               "length_penalty",
                                               "no_repeat_ngram_size",
                                               "encoder_no_repeat_ngram_size",
                                               "bad_words_ids",
                                               "num_return_sequences",
                                               "chunk_size_feed_forward",
                                               "output_scores",
                                               "return_dict_in_generate",
                                               "forced_bos_token_id",
                                               "forced_eos_token_id",
                                               "remove_invalid_values",
                                               "exponential_decay_length_penalty",
                                               "suppress_tokens",
                                               "begin_suppress_tokens",
                                               "finetuning_task",
                                               "id2label",
                                               "label2id",
                                               "num_labels",
                                               "tokenizer_class",
                                               "prefix",
                                               "sep_token_id",
                                               "decoder_start_token_id",
                                               "task_specific_params",
                                               "problem_type",
                                               "transformers_version",
                                               "gradient_checkpointing",
                                               "use_cache",
                                               "initializer_range",
                                               "initializer_factor",
                                               "dropout",
                                               "attention_dropout"};
    return keys;
}

}  // namespace

// ---------------------------------------------------------------- validation

Status validateConfig(const ClipTextConfig& c, const std::string& origin) {
    if (c.vocabSize < 1 || c.hiddenSize < 1 || c.intermediateSize < 1 || c.numHiddenLayers < 1 ||
        c.numAttentionHeads < 1 || c.maxPositionEmbeddings < 1)
        return fail(origin,
                    "vocab_size, hidden_size, intermediate_size, num_hidden_layers, num_attention_heads "
                    "and max_position_embeddings must all be positive");
    if (c.hiddenSize % c.numAttentionHeads != 0)
        return fail(origin, "hidden_size " + std::to_string(c.hiddenSize) +
                                " is not divisible by num_attention_heads " + std::to_string(c.numAttentionHeads));
    if (c.hiddenAct != "quick_gelu" && c.hiddenAct != "gelu")
        return fail(origin,
                    "'hidden_act' = \"" + c.hiddenAct + "\" is not supported (only \"quick_gelu\" or \"gelu\")");
    if (!(c.layerNormEps > 0)) return fail(origin, "'layer_norm_eps' must be positive");
    return {};
}

Status validateConfig(const UNetConfig& c, const std::string& origin) {
    const size_t n = c.downBlockTypes.size();
    if (n == 0) return fail(origin, "'down_block_types' is empty");
    if (c.upBlockTypes.size() != n)
        return fail(origin, "'up_block_types' has " + std::to_string(c.upBlockTypes.size()) +
                                " entries but 'down_block_types' has " + std::to_string(n));
    if (c.blockOutChannels.size() != n)
        return fail(origin, "'block_out_channels' has " + std::to_string(c.blockOutChannels.size()) +
                                " entries but there are " + std::to_string(n) + " down blocks");
    if (c.layersPerBlock.size() != n || c.transformerLayersPerBlock.size() != n || c.crossAttentionDim.size() != n ||
        c.numAttentionHeads.size() != n)
        return fail(origin, "per-block settings must have one entry per down block");
    for (const auto& t : c.downBlockTypes)
        if (t != "CrossAttnDownBlock2D" && t != "DownBlock2D")
            return fail(origin,
                        "down block type \"" + t + "\" is not supported (only CrossAttnDownBlock2D and DownBlock2D)");
    for (const auto& t : c.upBlockTypes)
        if (t != "CrossAttnUpBlock2D" && t != "UpBlock2D")
            return fail(origin, "up block type \"" + t + "\" is not supported (only CrossAttnUpBlock2D and UpBlock2D)");
    if (c.midBlockType != "UNetMidBlock2DCrossAttn")
        return fail(origin, "'mid_block_type' = \"" + c.midBlockType +
                                "\" is not supported (only \"UNetMidBlock2DCrossAttn\")");
    if (c.inChannels < 1 || c.outChannels < 1) return fail(origin, "in_channels and out_channels must be positive");
    if (c.normNumGroups < 1) return fail(origin, "'norm_num_groups' must be positive");
    if (c.convInKernel < 1 || c.convInKernel % 2 == 0 || c.convOutKernel < 1 || c.convOutKernel % 2 == 0)
        return fail(origin, "conv_in_kernel and conv_out_kernel must be odd and positive");
    if (c.downsamplePadding < 0) return fail(origin, "'downsample_padding' must not be negative");
    if (c.timeEmbedDim() < 1) return fail(origin, "'time_embedding_dim' must be positive");
    for (size_t i = 0; i < n; ++i) {
        const int64_t ch = c.blockOutChannels[i];
        const std::string block = "block " + std::to_string(i);
        if (ch < 1 || ch % c.normNumGroups != 0)
            return fail(origin, block + ": block_out_channels " + std::to_string(ch) +
                                    " is not a positive multiple of norm_num_groups " +
                                    std::to_string(c.normNumGroups));
        if (c.layersPerBlock[i] < 1) return fail(origin, block + ": 'layers_per_block' must be positive");
        if (c.transformerLayersPerBlock[i] < 1)
            return fail(origin, block + ": 'transformer_layers_per_block' must be positive");
        if (c.crossAttentionDim[i] < 1) return fail(origin, block + ": 'cross_attention_dim' must be positive");
        const int64_t heads = c.numAttentionHeads[i];
        if (heads < 1 || ch % heads != 0)
            return fail(origin, block + ": " + std::to_string(ch) + " channels cannot be split into " +
                                    std::to_string(heads) + " attention heads ('attention_head_dim' counts heads)");
    }
    // The up blocks use the reversed per-block heads and cross-attention sizes; their channels
    // are the same list reversed, so the divisibility checks above cover them.
    return {};
}

Status validateConfig(const VaeConfig& c, const std::string& origin) {
    const size_t n = c.blockOutChannels.size();
    if (n == 0) return fail(origin, "'block_out_channels' is empty");
    if (c.downBlockTypes.size() != n || c.upBlockTypes.size() != n)
        return fail(origin, "'down_block_types', 'up_block_types' and 'block_out_channels' must have the same length");
    for (const auto& t : c.downBlockTypes)
        if (t != "DownEncoderBlock2D")
            return fail(origin, "down block type \"" + t + "\" is not supported (only DownEncoderBlock2D)");
    for (const auto& t : c.upBlockTypes)
        if (t != "UpDecoderBlock2D")
            return fail(origin, "up block type \"" + t + "\" is not supported (only UpDecoderBlock2D)");
    if (c.inChannels < 1 || c.outChannels < 1 || c.latentChannels < 1 || c.layersPerBlock < 1 || c.normNumGroups < 1)
        return fail(origin,
                    "in_channels, out_channels, latent_channels, layers_per_block and norm_num_groups must be "
                    "positive");
    for (int64_t ch : c.blockOutChannels)
        if (ch < 1 || ch % c.normNumGroups != 0)
            return fail(origin, "block_out_channels " + std::to_string(ch) +
                                    " is not a positive multiple of norm_num_groups " +
                                    std::to_string(c.normNumGroups));
    if (!std::isfinite(c.scalingFactor) || c.scalingFactor == 0)
        return fail(origin, "'scaling_factor' must be a finite non-zero number");
    return {};
}

// ---------------------------------------------------------------- parsing

Expected<ClipTextConfig> parseClipTextConfig(const std::string& jsonText, const std::string& origin) {
    auto json = parseJson(jsonText);
    if (!json) return makeError(origin + ": " + json.message());
    JsonConfigReader r(*json, origin);
    ClipTextConfig c;
    requireValue(
        r, "architectures",
        [](const Json& v) {
            return v.isNull() || (v.isArray() && v.size() == 1 && v.asArray()[0].isString() &&
                                  v.asArray()[0].asString() == "CLIPTextModel");
        },
        "[\"CLIPTextModel\"]");
    requireString(r, "model_type", {"clip_text_model"});
    c.vocabSize = r.integer("vocab_size", c.vocabSize);
    c.hiddenSize = r.integer("hidden_size", c.hiddenSize);
    c.intermediateSize = r.integer("intermediate_size", c.intermediateSize);
    c.numHiddenLayers = r.integer("num_hidden_layers", c.numHiddenLayers);
    c.numAttentionHeads = r.integer("num_attention_heads", c.numAttentionHeads);
    c.maxPositionEmbeddings = r.integer("max_position_embeddings", c.maxPositionEmbeddings);
    c.hiddenAct = r.string("hidden_act", c.hiddenAct);
    c.layerNormEps = r.number("layer_norm_eps", c.layerNormEps);
    c.projectionDim = r.integer("projection_dim", c.projectionDim);
    c.bosTokenId = r.integer("bos_token_id", c.bosTokenId);
    c.eosTokenId = r.integer("eos_token_id", c.eosTokenId);
    c.padTokenId = r.integer("pad_token_id", c.padTokenId);
    requireValue(
        r, "pruned_heads", [](const Json& v) { return v.isNull() || v.size() == 0; }, "{}");
    requireFalse(r, "is_decoder");
    requireFalse(r, "add_cross_attention");
    requireNull(r, "position_embedding_type");
    refuseUnknownKeys(r, transformersGenericKeys());
    if (!r.ok()) return r.status().error();
    if (auto s = validateConfig(c, origin); !s) return s.error();
    return c;
}

Expected<UNetConfig> parseUNetConfig(const std::string& jsonText, const std::string& origin) {
    auto json = parseJson(jsonText);
    if (!json) return makeError(origin + ": " + json.message());
    JsonConfigReader r(*json, origin);
    UNetConfig c;
    requireClass(r, "UNet2DConditionModel");
    c.sampleSize = sampleSize(r, c.sampleSize);
    c.inChannels = r.integer("in_channels", c.inChannels);
    c.outChannels = r.integer("out_channels", c.outChannels);
    c.centerInputSample = r.boolean("center_input_sample", false);
    c.flipSinToCos = r.boolean("flip_sin_to_cos", true);
    c.freqShift = r.number("freq_shift", 0.0);
    c.downBlockTypes = r.stringArray(
        "down_block_types", {"CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"});
    c.upBlockTypes = r.stringArray("up_block_types",
                                   {"UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"});
    {
        const Json* mid = r.raw("mid_block_type");
        if (mid && mid->isNull())
            r.fail(origin +
                   ": 'mid_block_type' = null (a UNet without a middle block) is not supported (only "
                   "\"UNetMidBlock2DCrossAttn\")");
        else
            c.midBlockType = r.string("mid_block_type", c.midBlockType);
    }
    c.blockOutChannels = r.intArray("block_out_channels", {320, 640, 1280, 1280});
    const size_t n = c.downBlockTypes.size();
    c.layersPerBlock = perBlock(r, "layers_per_block", 2, n);
    c.transformerLayersPerBlock = perBlock(r, "transformer_layers_per_block", 1, n);
    c.crossAttentionDim = perBlock(r, "cross_attention_dim", 1280, n);
    {
        const Json* heads = r.raw("attention_head_dim");
        c.attentionHeadDimIsList = heads && heads->isArray();
        if (heads && heads->isNull())
            r.fail(origin + ": 'attention_head_dim' = null is not supported (give the number of heads per block)");
        c.numAttentionHeads = perBlock(r, "attention_head_dim", 8, n);
    }
    c.downsamplePadding = r.integer("downsample_padding", c.downsamplePadding);
    c.midBlockScaleFactor = r.number("mid_block_scale_factor", 1.0);
    r.number("dropout", 0.0);  // inference only: dropout is the identity
    requireString(r, "act_fn", {"silu", "swish"});
    {
        const Json* groups = r.raw("norm_num_groups");
        if (groups && groups->isNull())
            r.fail(origin + ": 'norm_num_groups' = null (no output normalisation) is not supported");
        c.normNumGroups = r.integer("norm_num_groups", c.normNumGroups);
    }
    c.normEps = r.number("norm_eps", c.normEps);
    c.useLinearProjection = r.boolean("use_linear_projection", false);
    c.upcastAttention = r.boolean("upcast_attention", false);
    c.timeEmbeddingDim = r.integer("time_embedding_dim", 0);
    c.convInKernel = r.integer("conv_in_kernel", 3);
    c.convOutKernel = r.integer("conv_out_kernel", 3);
    requireValue(
        r, "only_cross_attention",
        [](const Json& v) {
            if (v.isBool()) return !v.asBool();
            if (!v.isArray()) return v.isNull();
            for (const auto& e : v.asArray())
                if (!e.isBool() || e.asBool()) return false;
            return true;
        },
        "false");
    for (const char* key : {"reverse_transformer_layers_per_block", "encoder_hid_dim", "encoder_hid_dim_type",
                            "num_attention_heads", "class_embed_type", "addition_embed_type", "addition_time_embed_dim",
                            "num_class_embeds", "time_embedding_act_fn", "timestep_post_act", "time_cond_proj_dim",
                            "projection_class_embeddings_input_dim", "cross_attention_norm"})
        requireNull(r, key);
    for (const char* key :
         {"dual_cross_attention", "resnet_skip_time_act", "class_embeddings_concat", "mid_block_only_cross_attention"})
        requireFalse(r, key);
    requireString(r, "resnet_time_scale_shift", {"default"});
    requireString(r, "time_embedding_type", {"positional"});
    requireString(r, "attention_type", {"default"});
    requireNumber(r, "resnet_out_scale_factor", 1.0);
    r.raw("addition_embed_type_num_heads");  // only read by addition_embed_type, refused above
    refuseUnknownKeys(r);
    if (!r.ok()) return r.status().error();
    if (auto s = validateConfig(c, origin); !s) return s.error();
    return c;
}

Expected<VaeConfig> parseVaeConfig(const std::string& jsonText, const std::string& origin) {
    auto json = parseJson(jsonText);
    if (!json) return makeError(origin + ": " + json.message());
    JsonConfigReader r(*json, origin);
    VaeConfig c;
    requireClass(r, "AutoencoderKL");
    c.inChannels = r.integer("in_channels", c.inChannels);
    c.outChannels = r.integer("out_channels", c.outChannels);
    c.downBlockTypes = r.stringArray("down_block_types", {"DownEncoderBlock2D"});
    c.upBlockTypes = r.stringArray("up_block_types", {"UpDecoderBlock2D"});
    c.blockOutChannels = r.intArray("block_out_channels", {64});
    c.layersPerBlock = r.integer("layers_per_block", c.layersPerBlock);
    requireString(r, "act_fn", {"silu", "swish"});
    c.latentChannels = r.integer("latent_channels", c.latentChannels);
    c.normNumGroups = r.integer("norm_num_groups", c.normNumGroups);
    c.sampleSize = sampleSize(r, c.sampleSize);
    c.scalingFactor = r.number("scaling_factor", c.scalingFactor);
    c.shiftFactor = r.number("shift_factor", 0.0);
    c.forceUpcast = r.boolean("force_upcast", true);
    c.useQuantConv = r.boolean("use_quant_conv", true);
    c.usePostQuantConv = r.boolean("use_post_quant_conv", true);
    c.midBlockAddAttention = r.boolean("mid_block_add_attention", true);
    // Per-channel latent statistics replace scaling_factor in the pipelines that use them.
    requireNull(r, "latents_mean");
    requireNull(r, "latents_std");
    refuseUnknownKeys(r);
    if (!r.ok()) return r.status().error();
    if (auto s = validateConfig(c, origin); !s) return s.error();
    return c;
}

// ---------------------------------------------------------------- writing

namespace {
Json intList(const std::vector<int64_t>& v) {
    Json a = Json::array();
    for (auto x : v) a.push(Json::integer(x));
    return a;
}
Json stringList(const std::vector<std::string>& v) {
    Json a = Json::array();
    for (const auto& x : v) a.push(Json(x));
    return a;
}
// A per-block list written as one int when all entries agree (as diffusers' configs do).
Json perBlockJson(const std::vector<int64_t>& v, bool forceList = false) {
    if (!forceList && !v.empty() && std::all_of(v.begin(), v.end(), [&](int64_t x) { return x == v[0]; }))
        return Json::integer(v[0]);
    return intList(v);
}
}  // namespace

std::string toConfigJson(const ClipTextConfig& c) {
    Json j = Json::object();
    j.set("architectures", stringList({"CLIPTextModel"}));
    j.set("model_type", "clip_text_model");
    j.set("vocab_size", Json::integer(c.vocabSize));
    j.set("hidden_size", Json::integer(c.hiddenSize));
    j.set("intermediate_size", Json::integer(c.intermediateSize));
    j.set("num_hidden_layers", Json::integer(c.numHiddenLayers));
    j.set("num_attention_heads", Json::integer(c.numAttentionHeads));
    j.set("max_position_embeddings", Json::integer(c.maxPositionEmbeddings));
    j.set("hidden_act", c.hiddenAct);
    j.set("layer_norm_eps", c.layerNormEps);
    j.set("projection_dim", Json::integer(c.projectionDim));
    j.set("bos_token_id", Json::integer(c.bosTokenId));
    j.set("eos_token_id", Json::integer(c.eosTokenId));
    j.set("pad_token_id", Json::integer(c.padTokenId));
    j.set("attention_dropout", 0.0);
    j.set("dropout", 0.0);
    j.set("initializer_factor", 1.0);
    j.set("initializer_range", 0.02);
    j.set("torch_dtype", "float32");
    return j.dump(2) + "\n";
}

std::string toConfigJson(const UNetConfig& c) {
    Json j = Json::object();
    j.set("_class_name", "UNet2DConditionModel");
    j.set("_diffusers_version", "0.27.0");
    j.set("act_fn", "silu");
    j.set("attention_head_dim", perBlockJson(c.numAttentionHeads, c.attentionHeadDimIsList));
    j.set("block_out_channels", intList(c.blockOutChannels));
    j.set("center_input_sample", c.centerInputSample);
    j.set("conv_in_kernel", Json::integer(c.convInKernel));
    j.set("conv_out_kernel", Json::integer(c.convOutKernel));
    j.set("cross_attention_dim", perBlockJson(c.crossAttentionDim));
    j.set("down_block_types", stringList(c.downBlockTypes));
    j.set("downsample_padding", Json::integer(c.downsamplePadding));
    j.set("flip_sin_to_cos", c.flipSinToCos);
    j.set("freq_shift",
          c.freqShift == std::floor(c.freqShift) ? Json::integer(int64_t(c.freqShift)) : Json(c.freqShift));
    j.set("in_channels", Json::integer(c.inChannels));
    j.set("layers_per_block", perBlockJson(c.layersPerBlock));
    j.set("mid_block_scale_factor", c.midBlockScaleFactor);
    j.set("mid_block_type", c.midBlockType);
    j.set("norm_eps", c.normEps);
    j.set("norm_num_groups", Json::integer(c.normNumGroups));
    j.set("out_channels", Json::integer(c.outChannels));
    j.set("sample_size", Json::integer(c.sampleSize));
    j.set("transformer_layers_per_block", perBlockJson(c.transformerLayersPerBlock));
    j.set("up_block_types", stringList(c.upBlockTypes));
    j.set("upcast_attention", c.upcastAttention);
    j.set("use_linear_projection", c.useLinearProjection);
    if (c.timeEmbeddingDim > 0) j.set("time_embedding_dim", Json::integer(c.timeEmbeddingDim));
    return j.dump(2) + "\n";
}

std::string toConfigJson(const VaeConfig& c) {
    Json j = Json::object();
    j.set("_class_name", "AutoencoderKL");
    j.set("_diffusers_version", "0.27.0");
    j.set("act_fn", "silu");
    j.set("block_out_channels", intList(c.blockOutChannels));
    j.set("down_block_types", stringList(c.downBlockTypes));
    j.set("force_upcast", c.forceUpcast);
    j.set("in_channels", Json::integer(c.inChannels));
    j.set("latent_channels", Json::integer(c.latentChannels));
    j.set("layers_per_block", Json::integer(c.layersPerBlock));
    j.set("mid_block_add_attention", c.midBlockAddAttention);
    j.set("norm_num_groups", Json::integer(c.normNumGroups));
    j.set("out_channels", Json::integer(c.outChannels));
    j.set("sample_size", Json::integer(c.sampleSize));
    j.set("scaling_factor", c.scalingFactor);
    if (c.shiftFactor != 0) j.set("shift_factor", c.shiftFactor);
    j.set("up_block_types", stringList(c.upBlockTypes));
    j.set("use_quant_conv", c.useQuantConv);
    j.set("use_post_quant_conv", c.usePostQuantConv);
    return j.dump(2) + "\n";
}

}  // namespace rs::diffusion
