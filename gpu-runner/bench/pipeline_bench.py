"""The Python side of bench/pipeline-bench: a plain onnxruntime loop doing the work of one
Stable Diffusion image as the Java pipeline does it (tokenize, text encoder, N UNet steps with
classifier-free guidance, Euler scheduler, VAE decode, PNG encode), timed per image, with the
time spent inside session.run counted apart.

Usage: python pipeline_bench.py MODEL_DIR --size 512 --steps 20 --guidance 7.5 --runs 3
Prints one line: `python wall_ms=... run_ms=... outside_ms=... outside_pct=...` (per image, mean).
"""
import argparse
import io
import json
import os
import time

import numpy as np
import onnxruntime as ort
from PIL import Image
from transformers import CLIPTokenizer

RUN_NS = 0


def run(session, feeds):
    """session.run, timed; a float16 model's float inputs are cast to float16 and its outputs back
    to float32 outside the timing, as the Java side converts them outside ONNX Runtime's run."""
    global RUN_NS
    half = {i.name for i in session.get_inputs() if i.type == "tensor(float16)"}
    feeds = {k: v.astype(np.float16) if k in half and v.dtype == np.float32 else v
             for k, v in feeds.items()}
    start = time.perf_counter_ns()
    out = session.run(None, feeds)
    RUN_NS += time.perf_counter_ns() - start
    return [o.astype(np.float32) if o.dtype == np.float16 else o for o in out]


def euler_schedule(config, steps):
    """EulerDiscreteScheduler.set_timesteps for scaled_linear betas, leading/linspace/trailing."""
    n = config["num_train_timesteps"]
    betas = np.linspace(config["beta_start"] ** 0.5, config["beta_end"] ** 0.5, n, dtype=np.float32) ** 2
    alphas_cumprod = np.cumprod(1.0 - betas, axis=0)
    spacing = config.get("timestep_spacing", "linspace")
    if spacing == "linspace":
        timesteps = np.linspace(0, n - 1, steps, dtype=np.float32)[::-1].copy()
    elif spacing == "leading":
        ratio = n // steps
        timesteps = (np.arange(0, steps) * ratio).round()[::-1].copy().astype(np.float32) + config.get("steps_offset", 0)
    else:
        ratio = n / steps
        timesteps = (np.arange(n, 0, -ratio)).round().copy().astype(np.float32) - 1
    sigmas = np.array(((1 - alphas_cumprod) / alphas_cumprod) ** 0.5)
    sigmas = np.interp(timesteps, np.arange(0, len(sigmas)), sigmas)
    sigmas = np.concatenate([sigmas, [0.0]]).astype(np.float32)
    return timesteps, sigmas


def paint(model, tokenizer, sessions, config, scaling, args, seed):
    text_encoder, unet, vae = sessions
    ids_type = np.int32 if "int32" in text_encoder.get_inputs()[0].type else np.int64
    tokens = tokenizer(["", "a gnome in a teacup"], padding="max_length", max_length=tokenizer.model_max_length,
                       truncation=True, return_tensors="np").input_ids.astype(ids_type)
    embeddings = np.concatenate([run(text_encoder, {"input_ids": tokens[i:i + 1]})[0] for i in range(2)])
    timesteps, sigmas = euler_schedule(config, args.steps)
    latent_size = args.size // 8
    rng = np.random.default_rng(seed)
    latents = rng.standard_normal((1, 4, latent_size, latent_size), dtype=np.float32) * np.float32(
        (sigmas.max() ** 2 + 1) ** 0.5)
    timestep_input = unet.get_inputs()[1]
    cfg = args.guidance > 1
    for i, t in enumerate(timesteps):
        sigma = sigmas[i]
        scaled = latents / np.float32((sigma ** 2 + 1) ** 0.5)
        batch = np.concatenate([scaled, scaled]) if cfg else scaled
        hidden = embeddings if cfg else embeddings[1:]
        if "int64" in timestep_input.type:
            ts = np.full((batch.shape[0],), int(t), dtype=np.int64)
        else:
            ts = np.array(t, dtype=np.float32)
        noise = run(unet, {"sample": batch, "timestep": ts, "encoder_hidden_states": hidden})[0]
        if cfg:
            noise = noise[0:1] + np.float32(args.guidance) * (noise[1:2] - noise[0:1])
        latents = latents + noise * (sigmas[i + 1] - sigma)
    image = run(vae, {"latent_sample": latents / np.float32(scaling)})[0]
    pixels = np.rint(np.clip(image[0] * 0.5 + 0.5, 0, 1) * 255).astype(np.uint8).transpose(1, 2, 0)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def main():
    global RUN_NS
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--guidance", type=float, default=7.5)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    sessions = [ort.InferenceSession(os.path.join(args.model, part, "model.onnx"), options,
                                     providers=["CPUExecutionProvider"])
                for part in ("text_encoder", "unet", "vae_decoder")]
    tokenizer = CLIPTokenizer.from_pretrained(os.path.join(args.model, "tokenizer"))
    with open(os.path.join(args.model, "scheduler", "scheduler_config.json")) as f:
        config = json.load(f)
    scaling = 0.18215
    vae_config = os.path.join(args.model, "vae_decoder", "config.json")
    if os.path.exists(vae_config):
        with open(vae_config) as f:
            scaling = json.load(f).get("scaling_factor", scaling)
    paint(args.model, tokenizer, sessions, config, scaling, args, 0)  # warm-up
    RUN_NS = 0
    start = time.perf_counter_ns()
    for seed in range(args.runs):
        paint(args.model, tokenizer, sessions, config, scaling, args, seed + 1)
    wall = (time.perf_counter_ns() - start) / 1e6 / args.runs
    inside = RUN_NS / 1e6 / args.runs
    print(f"python wall_ms={wall:.1f} run_ms={inside:.1f} outside_ms={wall - inside:.1f} "
          f"outside_pct={100 * (wall - inside) / wall:.2f}")


if __name__ == "__main__":
    main()
