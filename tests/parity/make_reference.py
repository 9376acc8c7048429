#!/usr/bin/env python3
"""Reference outputs from Hugging Face diffusers/transformers for ReplicaScope's parity tests.

Runs where PyTorch, transformers and a diffusers source tree exist (the GPU machine; diffusers
is put on PYTHONPATH from a source checkout, never committed). It builds random-weight models
with save_pretrained in the diffusers folder layout, runs the reference pipeline, and writes
every intermediate our C++ engine must reproduce:

  <out>/<name>/model/                 the diffusers model folder (tiny: committed as a fixture)
  <out>/<name>/reference_<dtype>.safetensors
      text.ids, text.neg_ids                 token ids (1x77, int64 stored as float32)
      text.cond, text.uncond                 text-encoder last_hidden_state (1x77xD)
      unet.in                                a fixed latent (1xCxhxw)
      unet.t{T}.cond / unet.t{T}.uncond      UNet output at timestep T (two timesteps)
      vae.in, vae.out                        decoder input latent and decoded image in [-1,1]
      image.<sampler>                        final image (1xHxWx3 float in [0,1]) per sampler
      latents.init                           the initial latents drawn from the CPU generator
  metadata: prompt, negative prompt, seed, steps, guidance, size, sampler names.

Usage: make_reference.py --which tiny|sd15 --out DIR [--device cuda] [--dtype fp32|fp16]
                         [--vocab resources/clip/bpe_simple_vocab_16e6.txt.gz] [--bench]
"""
import argparse
import gzip
import json
import os
import time

import torch
from safetensors.torch import save_file

PROMPT = "a photograph of an astronaut riding a horse, oil painting by a famous artist"
NEGATIVE = "blurry, low quality"
SEED = 1234
GUIDANCE = 7.5
SAMPLERS = ["ddim", "dpm++2m", "euler_a"]


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def write_tokenizer_folder(vocab_gz, folder, pad_token="<|endoftext|>"):
    """diffusers/transformers tokenizer folder (vocab.json + merges.txt) from OpenAI's BPE file."""
    merges = gzip.open(vocab_gz).read().decode("utf-8").split("\n")
    merges = merges[1 : 49152 - 256 - 2 + 1]
    vocab = list(bytes_to_unicode().values())
    vocab = vocab + [v + "</w>" for v in vocab]
    vocab += ["".join(m.split()) for m in merges]
    vocab += ["<|startoftext|>", "<|endoftext|>"]
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump({tok: i for i, tok in enumerate(vocab)}, f, ensure_ascii=False)
    with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "\n".join(merges) + "\n")
    with open(os.path.join(folder, "special_tokens_map.json"), "w") as f:
        json.dump({"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": pad_token,
                   "unk_token": "<|endoftext|>"}, f)
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump({"tokenizer_class": "CLIPTokenizer", "model_max_length": 77, "do_lower_case": True,
                   "bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": pad_token,
                   "unk_token": "<|endoftext|>"}, f)


def scheduler_config():
    return dict(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", num_train_timesteps=1000,
                steps_offset=1, set_alpha_to_one=False, clip_sample=False, timestep_spacing="leading",
                prediction_type="epsilon")


def make_models(which, device):
    from diffusers import AutoencoderKL, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    torch.manual_seed(0)
    if which == "tiny":
        unet = UNet2DConditionModel(block_out_channels=(32, 64), layers_per_block=2, sample_size=32, in_channels=4,
                                    out_channels=4, down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
                                    up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"), cross_attention_dim=32,
                                    norm_num_groups=32)
        vae = AutoencoderKL(block_out_channels=[32, 64], in_channels=3, out_channels=3,
                            down_block_types=["DownEncoderBlock2D", "DownEncoderBlock2D"],
                            up_block_types=["UpDecoderBlock2D", "UpDecoderBlock2D"], latent_channels=4,
                            norm_num_groups=32, sample_size=64)
        text = CLIPTextModel(CLIPTextConfig(bos_token_id=49406, eos_token_id=49407, hidden_size=32,
                                            intermediate_size=37, layer_norm_eps=1e-05, num_attention_heads=4,
                                            num_hidden_layers=5, pad_token_id=49407, vocab_size=49408,
                                            hidden_act="quick_gelu", projection_dim=32, max_position_embeddings=77))
        # Stored as fp16 to keep the committed fixture small; round-tripped first so the fp32
        # reference outputs are computed from exactly the stored values.
        for m in (unet, vae, text):
            m.half().float()
        size, steps = 64, 8
    else:  # published Stable Diffusion v1.5 config values
        with torch.device(device):
            unet = UNet2DConditionModel(
                sample_size=64, in_channels=4, out_channels=4, layers_per_block=2,
                block_out_channels=(320, 640, 1280, 1280), cross_attention_dim=768, attention_head_dim=8,
                down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"),
                up_block_types=("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
                norm_num_groups=32, norm_eps=1e-5, flip_sin_to_cos=True, freq_shift=0)
            vae = AutoencoderKL(block_out_channels=[128, 256, 512, 512], in_channels=3, out_channels=3,
                                down_block_types=["DownEncoderBlock2D"] * 4, up_block_types=["UpDecoderBlock2D"] * 4,
                                latent_channels=4, layers_per_block=2, norm_num_groups=32, sample_size=512)
            text = CLIPTextModel(CLIPTextConfig(vocab_size=49408, hidden_size=768, intermediate_size=3072,
                                                num_hidden_layers=12, num_attention_heads=12,
                                                max_position_embeddings=77, hidden_act="quick_gelu",
                                                layer_norm_eps=1e-5, bos_token_id=49406, eos_token_id=49407,
                                                pad_token_id=1, projection_dim=768))
            # Random init makes activations explode over 16 UNet blocks; scale like a trained net.
            for p in unet.parameters():
                p.data.mul_(0.5)
        size, steps = 512, 25
    return unet, vae, text, size, steps


def save_folder(folder, unet, vae, text, vocab, fp16_storage):
    from diffusers import DDIMScheduler
    os.makedirs(folder, exist_ok=True)
    for model, sub in ((unet, "unet"), (vae, "vae"), (text, "text_encoder")):
        if fp16_storage:
            model.half()
        model.save_pretrained(os.path.join(folder, sub), safe_serialization=True)
        if fp16_storage:
            model.float()
    write_tokenizer_folder(vocab, os.path.join(folder, "tokenizer"))
    DDIMScheduler(**scheduler_config()).save_pretrained(os.path.join(folder, "scheduler"))
    with open(os.path.join(folder, "model_index.json"), "w") as f:
        json.dump({"_class_name": "StableDiffusionPipeline", "_diffusers_version": "0.40.0.dev0",
                   "feature_extractor": [None, None], "safety_checker": [None, None],
                   "requires_safety_checker": False,
                   "scheduler": ["diffusers", "DDIMScheduler"], "text_encoder": ["transformers", "CLIPTextModel"],
                   "tokenizer": ["transformers", "CLIPTokenizer"], "unet": ["diffusers", "UNet2DConditionModel"],
                   "vae": ["diffusers", "AutoencoderKL"]}, f, indent=2)


def make_scheduler(name):
    from diffusers import DDIMScheduler, DPMSolverMultistepScheduler, EulerAncestralDiscreteScheduler
    cfg = scheduler_config()
    if name == "ddim":
        return DDIMScheduler(**cfg)
    if name == "dpm++2m":
        cfg = {k: v for k, v in cfg.items() if k not in ("set_alpha_to_one", "clip_sample")}
        return DPMSolverMultistepScheduler(**cfg, algorithm_type="dpmsolver++", solver_order=2)
    cfg = {k: v for k, v in cfg.items() if k not in ("set_alpha_to_one", "clip_sample")}
    return EulerAncestralDiscreteScheduler(**cfg)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--which", choices=["tiny", "sd15"], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--dtype", choices=["fp32", "fp16"], nargs="+", default=["fp32"])
    ap.add_argument("--vocab", default="resources/clip/bpe_simple_vocab_16e6.txt.gz")
    ap.add_argument("--bench", action="store_true", help="also time the diffusers pipeline (SD1.5-sized only)")
    args = ap.parse_args()

    from diffusers import StableDiffusionPipeline
    from transformers import CLIPTokenizer

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    unet, vae, text, size, steps = make_models(args.which, args.device)
    folder = os.path.join(args.out, args.which, "model")
    save_folder(folder, unet, vae, text, args.vocab, fp16_storage=args.which == "tiny")
    tokenizer = CLIPTokenizer.from_pretrained(os.path.join(folder, "tokenizer"))

    for dtype_name in args.dtype:
        dtype = torch.float16 if dtype_name == "fp16" else torch.float32
        pipe = StableDiffusionPipeline(vae=vae, text_encoder=text, tokenizer=tokenizer, unet=unet,
                                       scheduler=make_scheduler("ddim"), safety_checker=None,
                                       feature_extractor=None, requires_safety_checker=False)
        pipe = pipe.to(args.device, dtype)
        pipe.set_progress_bar_config(disable=True)
        out = {}
        with torch.no_grad():
            ids = tokenizer(PROMPT, padding="max_length", max_length=77, truncation=True, return_tensors="pt").input_ids
            neg = tokenizer(NEGATIVE, padding="max_length", max_length=77, truncation=True, return_tensors="pt").input_ids
            out["text.ids"], out["text.neg_ids"] = ids.float(), neg.float()
            cond = pipe.text_encoder(ids.to(args.device))[0]
            uncond = pipe.text_encoder(neg.to(args.device))[0]
            out["text.cond"], out["text.uncond"] = cond.float().cpu(), uncond.float().cpu()
            h = size // 8
            g = torch.Generator("cpu").manual_seed(SEED)
            lat = torch.randn((1, 4, h, h), generator=g, dtype=torch.float32)
            out["unet.in"] = lat
            for t in (981, 421):
                tt = torch.tensor([t], device=args.device)
                x = lat.to(args.device, dtype)
                out[f"unet.t{t}.cond"] = pipe.unet(x, tt, encoder_hidden_states=cond).sample.float().cpu()
                out[f"unet.t{t}.uncond"] = pipe.unet(x, tt, encoder_hidden_states=uncond).sample.float().cpu()
            vin = lat * 0.5
            out["vae.in"] = vin
            out["vae.out"] = pipe.vae.decode(vin.to(args.device, dtype) / pipe.vae.config.scaling_factor).sample.float().cpu()
            out["latents.init"] = torch.randn((1, 4, h, h), generator=torch.Generator("cpu").manual_seed(SEED))
            for name in SAMPLERS:
                pipe.scheduler = make_scheduler(name)
                img = pipe(PROMPT, negative_prompt=NEGATIVE, num_inference_steps=steps, guidance_scale=GUIDANCE,
                           height=size, width=size, generator=torch.Generator("cpu").manual_seed(SEED),
                           output_type="np").images
                out[f"image.{name}"] = torch.from_numpy(img).float()
        meta = {"prompt": PROMPT, "negative_prompt": NEGATIVE, "seed": str(SEED), "steps": str(steps),
                "guidance": str(GUIDANCE), "size": str(size), "samplers": ",".join(SAMPLERS),
                "unet_timesteps": "981,421", "dtype": dtype_name, "device": args.device,
                "torch": torch.__version__}
        save_file({k: v.contiguous() for k, v in out.items()},
                  os.path.join(args.out, args.which, f"reference_{dtype_name}.safetensors"), metadata=meta)
        print(json.dumps({"reference": args.which, "dtype": dtype_name, "tensors": len(out)}), flush=True)

        if args.bench and args.which == "sd15" and args.device == "cuda":
            bench(pipe, dtype_name)


def bench(pipe, dtype_name):
    from diffusers import DPMSolverMultistepScheduler  # noqa: F401
    pipe.scheduler = make_scheduler("dpm++2m")
    for steps, batches in ((25, (1, 8, 16, 32)), (50, (16,))):
        for batch in batches:
            pipe(PROMPT, num_inference_steps=2, guidance_scale=GUIDANCE, num_images_per_prompt=batch,
                 output_type="np")
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
            t0 = time.perf_counter()
            pipe(PROMPT, num_inference_steps=steps, guidance_scale=GUIDANCE, num_images_per_prompt=batch,
                 output_type="np")
            torch.cuda.synchronize()
            dt = time.perf_counter() - t0
            print(json.dumps({"bench": "diffusers_sd15", "dtype": dtype_name, "steps": steps, "batch": batch,
                              "seconds": round(dt, 3), "images_per_s": round(batch / dt, 3),
                              "peak_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2),
                              "card": torch.cuda.get_device_name()}), flush=True)


if __name__ == "__main__":
    main()
