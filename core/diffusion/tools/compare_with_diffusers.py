#!/usr/bin/env python3
"""Cross-check ReplicaScope's libtorch networks against diffusers and transformers.

Needs torch, diffusers, transformers and safetensors (not needed to build or use ReplicaScope).

    models_reference write OUT BPE        # C++: random model folders + our outputs
    compare_with_diffusers.py OUT         # loads them with diffusers/transformers and compares;
                                          # writes OUT/diffusers/<variant> (folders saved by
                                          # diffusers with their outputs) and OUT/shapes/<model>
    models_reference check OUT/diffusers  # C++: loads diffusers' folders, compares with their outputs
    models_reference shapes OUT/shapes    # C++: SD 1.5 / 2.1 sized state-dict keys and shapes

Prints one JSON line per comparison; exits 1 when anything differs.
"""
import json
import pathlib
import shutil
import sys

import torch
from safetensors.torch import load_file, save_file

PROMPT = "a photograph of an astronaut riding a horse"

SD15_UNET = {
    "act_fn": "silu", "attention_head_dim": 8, "block_out_channels": [320, 640, 1280, 1280],
    "center_input_sample": False, "cross_attention_dim": 768,
    "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
    "downsample_padding": 1, "flip_sin_to_cos": True, "freq_shift": 0, "in_channels": 4, "layers_per_block": 2,
    "mid_block_scale_factor": 1, "norm_eps": 1e-05, "norm_num_groups": 32, "out_channels": 4, "sample_size": 64,
    "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
}
SD21_UNET = dict(SD15_UNET, attention_head_dim=[5, 10, 20, 20], cross_attention_dim=1024, sample_size=96,
                 upcast_attention=True, use_linear_projection=True)
SD15_VAE = {
    "act_fn": "silu", "block_out_channels": [128, 256, 512, 512], "down_block_types": ["DownEncoderBlock2D"] * 4,
    "in_channels": 3, "latent_channels": 4, "layers_per_block": 2, "norm_num_groups": 32, "out_channels": 3,
    "sample_size": 512, "up_block_types": ["UpDecoderBlock2D"] * 4,
}
SD15_TEXT = dict(hidden_act="quick_gelu", hidden_size=768, intermediate_size=3072, num_attention_heads=12,
                 num_hidden_layers=12, max_position_embeddings=77, vocab_size=49408, projection_dim=768,
                 bos_token_id=0, eos_token_id=2, pad_token_id=1)
SD21_TEXT = dict(SD15_TEXT, hidden_act="gelu", hidden_size=1024, intermediate_size=4096, num_attention_heads=16,
                 num_hidden_layers=23, projection_dim=512)

failed = False


def emit(**fields):
    print(json.dumps(fields), flush=True)


def compare(variant, name, ours, ref, tolerance=1e-4):
    global failed
    ours, ref = ours.detach().double().cpu(), ref.detach().double().cpu()
    if ours.shape != ref.shape:
        failed = True
        emit(variant=variant, output=name, ok=False, shapes=[list(ours.shape), list(ref.shape)])
        return
    diff = (ours - ref).abs().max().item()
    scale = ref.abs().max().item()
    ok = diff <= tolerance * max(1.0, scale)
    failed |= not ok
    emit(variant=variant, output=name, max_abs_diff=diff, ref_max_abs=scale, ok=ok)


@torch.no_grad()
def run(text_encoder, unet, vae, ref):
    ids = ref["input_ids"].long()
    o = text_encoder(ids, output_hidden_states=True)
    last = o.last_hidden_state
    out = {
        "text_last": last,
        "text_pooled": o.pooler_output,
        # transformers 5 folds text_model into CLIPTextModel itself
        "text_skip1": getattr(text_encoder, "text_model", text_encoder).final_layer_norm(o.hidden_states[-2]),
        "unet_out": unet(ref["latents"], ref["timesteps"], encoder_hidden_states=last).sample,
        "unet_out_odd": unet(ref["latents_odd"], ref["timesteps"], encoder_hidden_states=last).sample,
    }
    if vae is not None:
        out["vae_decoded"] = vae.decode(ref["latents"]).sample
        dist = vae.encode(ref["images"]).latent_dist
        out["vae_mean"], out["vae_logvar"] = dist.mean, dist.logvar
    return {k: v.float().contiguous() for k, v in out.items()}


def perturb_norms(module, generator):
    # transformers/diffusers start norms at 1/0; move them so a skipped tensor would show
    with torch.no_grad():
        for name, p in module.named_parameters():
            if p.dim() == 1 and ("norm" in name):
                p.add_(torch.randn(p.shape, generator=generator) * 0.1)


def main(out):
    from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    torch.backends.cuda.matmul.allow_tf32 = False
    generator = torch.Generator().manual_seed(0)
    for vdir in sorted(p for p in out.iterdir() if (p / "reference.safetensors").exists()):
        name = vdir.name
        ref = load_file(str(vdir / "reference.safetensors"))
        text_encoder = CLIPTextModel.from_pretrained(vdir / "text_encoder").eval()
        unet = UNet2DConditionModel.from_pretrained(vdir / "unet").eval()
        vae = AutoencoderKL.from_pretrained(vdir / "vae").eval() if (vdir / "vae").exists() else None
        tokenizer = CLIPTokenizer.from_pretrained(vdir / "tokenizer")
        ids = tokenizer(PROMPT, padding="max_length", max_length=77).input_ids
        compare(name, "tokenizer_ids", torch.tensor(ids, dtype=torch.float), ref["input_ids"][0], 0)
        for key, value in run(text_encoder, unet, vae, ref).items():
            compare(name, key, value, ref[key])

        # the other direction: fresh diffusers/transformers models saved by them, for the C++ check
        target = out / "diffusers" / name
        shutil.rmtree(target, ignore_errors=True)
        te2 = CLIPTextModel(text_encoder.config).eval()
        unet2 = UNet2DConditionModel.from_config(unet.config).eval()
        vae2 = AutoencoderKL.from_config(vae.config).eval() if vae is not None else None
        for m in (te2, unet2, vae2):
            if m is not None:
                perturb_norms(m, generator)
        scheduler = DDIMScheduler.from_pretrained(vdir / "scheduler")
        if vae2 is not None:
            pipe = StableDiffusionPipeline(vae=vae2, text_encoder=te2, tokenizer=tokenizer, unet=unet2,
                                           scheduler=scheduler, safety_checker=None, feature_extractor=None,
                                           requires_safety_checker=False)
            pipe.save_pretrained(target, safe_serialization=True)
        else:
            te2.save_pretrained(target / "text_encoder", safe_serialization=True)
            unet2.save_pretrained(target / "unet", safe_serialization=True)
            tokenizer.save_pretrained(target / "tokenizer")
            scheduler.save_pretrained(target / "scheduler")
            shutil.copy(vdir / "model_index.json", target / "model_index.json")
        tokenizer_files = sorted(p.name for p in (target / "tokenizer").iterdir())
        emit(variant=name, tokenizer_files_written_by_transformers=tokenizer_files)
        for f in ("vocab.json", "merges.txt"):  # transformers 5 may write tokenizer.json only
            if not (target / "tokenizer" / f).exists():
                shutil.copy(vdir / "tokenizer" / f, target / "tokenizer" / f)
        outputs = run(te2, unet2, vae2, ref)
        inputs = {k: ref[k] for k in ("input_ids", "latents", "latents_odd", "timesteps", "images")}
        save_file({**inputs, **outputs}, str(target / "reference.safetensors"))
        emit(written=str(target))

    # full-size state dicts from the published configs, built on the meta device (no memory)
    for name, cls, cfg in (("sd15_unet", UNet2DConditionModel, SD15_UNET), ("sd21_unet", UNet2DConditionModel, SD21_UNET),
                           ("sd15_vae", AutoencoderKL, SD15_VAE), ("sd15_text", None, SD15_TEXT),
                           ("sd21_text", None, SD21_TEXT)):
        target = out / "shapes" / name
        target.mkdir(parents=True, exist_ok=True)
        with torch.device("meta"):
            if cls is None:
                config = CLIPTextConfig(**cfg)
                model = CLIPTextModel(config)
                config.to_json_file(str(target / "config.json"))
            else:
                model = cls.from_config(cfg)
                model.save_config(target)
        shapes = {k: list(v.shape) for k, v in model.state_dict().items() if v.is_floating_point()}
        if cls is None:  # the checkpoints' names (transformers 5 drops "text_model." in memory)
            shapes = {(k if k.startswith("text_model.") else "text_model." + k): v for k, v in shapes.items()}
        (target / "shapes.json").write_text(json.dumps(shapes))
        emit(shapes=name, tensors=len(shapes), parameters=sum(p.numel() for p in model.parameters()))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(pathlib.Path(sys.argv[1]))
    sys.exit(1 if failed else 0)
