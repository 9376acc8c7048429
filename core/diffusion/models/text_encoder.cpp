// transformers' CLIPTextModel (models/clip/modeling_clip.py): token + position embeddings,
// pre-LN encoder layers with causal self-attention, final layer norm.
#include "diffusion/models/text_encoder.h"

#include "diffusion/models/attention.h"

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include <limits>
#include <stdexcept>

namespace rs::diffusion {

torch::Tensor quickGelu(const torch::Tensor& x) { return x * torch::sigmoid(1.702 * x); }

torch::Tensor causalAttentionMask(int64_t length, torch::ScalarType dtype, const torch::Device& device) {
    const double lowest = dtype == torch::kHalf       ? -65504.0
                          : dtype == torch::kBFloat16 ? double(-3.38953139e38f)
                          : dtype == torch::kDouble   ? std::numeric_limits<double>::lowest()
                                                      : double(std::numeric_limits<float>::lowest());
    auto mask = torch::full({length, length}, lowest, torch::TensorOptions().dtype(dtype).device(device));
    return mask.triu(1);
}

namespace {

torch::nn::LayerNorm layerNorm(int64_t dim, double eps) {
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(eps).elementwise_affine(true));
}

class ClipAttentionImpl : public torch::nn::Module {
public:
    ClipAttentionImpl(int64_t dim, int64_t heads) : m_heads(heads) {
        k_proj = register_module("k_proj", torch::nn::Linear(dim, dim));
        v_proj = register_module("v_proj", torch::nn::Linear(dim, dim));
        q_proj = register_module("q_proj", torch::nn::Linear(dim, dim));
        out_proj = register_module("out_proj", torch::nn::Linear(dim, dim));
    }
    torch::Tensor forward(const torch::Tensor& x) {
        const int64_t b = x.size(0), s = x.size(1), dim = x.size(2), d = dim / m_heads;
        auto split = [&](const torch::Tensor& t) { return t.view({b, s, m_heads, d}).transpose(1, 2); };
        auto o = multiHeadAttention(split(q_proj(x)), split(k_proj(x)), split(v_proj(x)), /*causal=*/true);
        return out_proj(o.transpose(1, 2).reshape({b, s, dim}));
    }
    torch::nn::Linear k_proj{nullptr}, v_proj{nullptr}, q_proj{nullptr}, out_proj{nullptr};

private:
    int64_t m_heads;
};
TORCH_MODULE(ClipAttention);

class ClipMlpImpl : public torch::nn::Module {
public:
    ClipMlpImpl(int64_t dim, int64_t inner, bool quick) : m_quick(quick) {
        fc1 = register_module("fc1", torch::nn::Linear(dim, inner));
        fc2 = register_module("fc2", torch::nn::Linear(inner, dim));
    }
    torch::Tensor forward(const torch::Tensor& x) {
        auto h = fc1(x);
        h = m_quick ? quickGelu(h) : torch::gelu(h);
        return fc2(h);
    }
    torch::nn::Linear fc1{nullptr}, fc2{nullptr};

private:
    bool m_quick;
};
TORCH_MODULE(ClipMlp);

class ClipEncoderLayerImpl : public torch::nn::Module {
public:
    explicit ClipEncoderLayerImpl(const ClipTextConfig& c) {
        self_attn = register_module("self_attn", ClipAttention(c.hiddenSize, c.numAttentionHeads));
        layer_norm1 = register_module("layer_norm1", layerNorm(c.hiddenSize, c.layerNormEps));
        mlp = register_module("mlp", ClipMlp(c.hiddenSize, c.intermediateSize, c.hiddenAct == "quick_gelu"));
        layer_norm2 = register_module("layer_norm2", layerNorm(c.hiddenSize, c.layerNormEps));
    }
    torch::Tensor forward(const torch::Tensor& x) {
        auto h = x + self_attn(layer_norm1(x));
        return h + mlp(layer_norm2(h));
    }
    ClipAttention self_attn{nullptr};
    torch::nn::LayerNorm layer_norm1{nullptr}, layer_norm2{nullptr};
    ClipMlp mlp{nullptr};
};
TORCH_MODULE(ClipEncoderLayer);

class ClipEmbeddingsImpl : public torch::nn::Module {
public:
    explicit ClipEmbeddingsImpl(const ClipTextConfig& c) {
        token_embedding = register_module("token_embedding", torch::nn::Embedding(c.vocabSize, c.hiddenSize));
        position_embedding =
            register_module("position_embedding", torch::nn::Embedding(c.maxPositionEmbeddings, c.hiddenSize));
        position_ids =
            register_buffer("position_ids", torch::arange(c.maxPositionEmbeddings, torch::kLong).unsqueeze(0));
    }
    torch::Tensor forward(const torch::Tensor& ids) {
        auto positions = position_ids.slice(1, 0, ids.size(1));
        return token_embedding(ids) + position_embedding(positions);
    }
    torch::nn::Embedding token_embedding{nullptr}, position_embedding{nullptr};
    torch::Tensor position_ids;
};
TORCH_MODULE(ClipEmbeddings);

class ClipEncoderImpl : public torch::nn::Module {
public:
    explicit ClipEncoderImpl(const ClipTextConfig& c) {
        torch::nn::ModuleList list;
        for (int64_t i = 0; i < c.numHiddenLayers; ++i) {
            layers.emplace_back(c);
            list->push_back(layers.back());
        }
        register_module("layers", list);
    }
    std::vector<ClipEncoderLayer> layers;
};
TORCH_MODULE(ClipEncoder);

class ClipTextTransformerImpl : public torch::nn::Module {
public:
    explicit ClipTextTransformerImpl(const ClipTextConfig& c) {
        embeddings = register_module("embeddings", ClipEmbeddings(c));
        encoder = register_module("encoder", ClipEncoder(c));
        final_layer_norm = register_module("final_layer_norm", layerNorm(c.hiddenSize, c.layerNormEps));
    }
    ClipEmbeddings embeddings{nullptr};
    ClipEncoder encoder{nullptr};
    torch::nn::LayerNorm final_layer_norm{nullptr};
};
TORCH_MODULE(ClipTextTransformer);

}  // namespace

struct ClipTextModelImpl::Parts {
    ClipTextTransformer textModel{nullptr};
};

ClipTextModelImpl::ClipTextModelImpl(const ClipTextConfig& config) : m_config(config), m_parts(new Parts) {
    m_parts->textModel = register_module("text_model", ClipTextTransformer(config));
}

ClipTextModelImpl::~ClipTextModelImpl() = default;

ClipTextOutput ClipTextModelImpl::forwardWithPooled(const torch::Tensor& inputIds, int clipSkip) {
    TORCH_CHECK(inputIds.dim() == 2, "text encoder: input ids must be [batch, tokens], got ", inputIds.sizes());
    TORCH_CHECK(inputIds.size(1) >= 1 && inputIds.size(1) <= m_config.maxPositionEmbeddings,
                "text encoder: ", inputIds.size(1), " tokens, the model has ", m_config.maxPositionEmbeddings,
                " positions");
    TORCH_CHECK(clipSkip >= 0 && clipSkip <= m_config.numHiddenLayers, "text encoder: clip_skip ", clipSkip,
                " is outside 0..", m_config.numHiddenLayers);
    auto& tm = m_parts->textModel;
    auto ids = inputIds.to(tm->embeddings->token_embedding->weight.device(), torch::kLong);
    auto h = tm->embeddings(ids);
    const size_t layers = tm->encoder->layers.size() - size_t(clipSkip);
    for (size_t i = 0; i < layers; ++i) h = tm->encoder->layers[i](h);
    h = tm->final_layer_norm(h);
    // transformers' pooling: old configs (eos_token_id 2) take the highest id, which is the EOS
    // token in CLIP's vocabulary; newer ones the first eos_token_id.
    torch::Tensor eosIndex = m_config.eosTokenId == 2 ? ids.to(torch::kInt).argmax(-1)
                                                      : ids.eq(m_config.eosTokenId).to(torch::kInt).argmax(-1);
    auto rows = torch::arange(h.size(0), torch::TensorOptions().dtype(torch::kLong).device(h.device()));
    return {h, h.index({rows, eosIndex.to(torch::kLong)})};
}

torch::Tensor ClipTextModelImpl::forward(const torch::Tensor& inputIds, int clipSkip) {
    return forwardWithPooled(inputIds, clipSkip).lastHiddenState;
}

}  // namespace rs::diffusion
