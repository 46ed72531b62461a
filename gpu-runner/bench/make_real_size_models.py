#!/usr/bin/env python3
"""Builds SD-Turbo's and SD 1.5's real architectures with random weights and exports them in the
Optimum ONNX layout the runner reads, for benchmarks only: nothing is downloaded, the images are
noise, but every layer has its real size, so a GPU spends on each step what it spends on the real
model.

  sd-turbo: SD 2.1 UNet (cross-attention 1024, linear projections, heads 5/10/20/20), OpenCLIP
            ViT-H/14's text tower as transformers' CLIPTextModel (SD 2's text_encoder config),
            SD VAE; Euler with trailing spacing, pad token "!", int64 input_ids, float timestep.
  sd15:     SD 1.5 UNet (cross-attention 768, 8 heads), CLIP ViT-L/14's text encoder, SD VAE;
            PNDM, pad token <|endoftext|>, int32 input_ids, int64 [batch] timestep.
  both:     TAESD (AutoencoderTiny's default configuration) as taesd_decoder/, at its real size.

The tokenizer is CLIP's real vocabulary (49408 tokens), derived from the BPE merges file that the
open_clip_torch wheel ships (open_clip/bpe_simple_vocab_16e6.txt.gz): pass the wheel or the file
with --bpe, or have open_clip importable.

Usage: make_real_size_models.py OUT_DIR [--models sd-turbo,sd15] [--fp16] [--scale 1.0]
                                [--seed 0] [--bpe PATH]

--scale below 1 divides every channel and layer width by about 1/scale (keeping heads and group
norms valid), for a smoke run of the export on a small machine; such a model is not real-size.
"""
import argparse
import gzip
import io
import json
import math
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import torch

SD_UNET_BLOCKS = dict(
    down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D",
                      "DownBlock2D"),
    up_block_types=("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D",
                    "CrossAttnUpBlock2D"),
    block_out_channels=(320, 640, 1280, 1280), layers_per_block=2, norm_num_groups=32,
    in_channels=4, out_channels=4, sample_size=64, act_fn="silu", flip_sin_to_cos=True,
    freq_shift=0, downsample_padding=1, mid_block_scale_factor=1, norm_eps=1e-5)

SCHEDULER_BASE = {"num_train_timesteps": 1000, "beta_start": 0.00085, "beta_end": 0.012,
                  "beta_schedule": "scaled_linear", "clip_sample": False,
                  "set_alpha_to_one": False, "skip_prk_steps": True, "steps_offset": 1,
                  "prediction_type": "epsilon", "trained_betas": None}

MODELS = {
    # stabilityai/sd-turbo's configs (unet, text_encoder, vae, scheduler), as published.
    "sd-turbo": dict(
        unet=dict(SD_UNET_BLOCKS, cross_attention_dim=1024, attention_head_dim=(5, 10, 20, 20),
                  use_linear_projection=True),
        text=dict(hidden_size=1024, intermediate_size=4096, num_hidden_layers=23,
                  num_attention_heads=16, hidden_act="gelu", projection_dim=512),
        pad_token="!", input_ids=torch.int64, timestep="float_scalar",
        scheduler=dict(SCHEDULER_BASE, _class_name="EulerDiscreteScheduler",
                       timestep_spacing="trailing", interpolation_type="linear",
                       use_karras_sigmas=False)),
    # runwayml/stable-diffusion-v1-5's configs.
    "sd15": dict(
        unet=dict(SD_UNET_BLOCKS, cross_attention_dim=768, attention_head_dim=8,
                  use_linear_projection=False),
        text=dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12,
                  num_attention_heads=12, hidden_act="quick_gelu", projection_dim=768),
        pad_token="<|endoftext|>", input_ids=torch.int32, timestep="int64",
        scheduler=dict(SCHEDULER_BASE, _class_name="PNDMScheduler", timestep_spacing="leading")),
}

VAE = dict(in_channels=3, out_channels=3, latent_channels=4, layers_per_block=2,
           block_out_channels=(128, 256, 512, 512), norm_num_groups=32, sample_size=512,
           down_block_types=("DownEncoderBlock2D",) * 4, up_block_types=("UpDecoderBlock2D",) * 4,
           scaling_factor=0.18215)


def scaled(width: int, scale: float, multiple: int) -> int:
    return max(multiple, int(round(width * scale / multiple)) * multiple)


def scale_unet(config: dict, scale: float) -> dict:
    if scale >= 1:
        return dict(config)
    heads = config["attention_head_dim"]
    head_list = list(heads) if isinstance(heads, (tuple, list)) else [heads] * 4
    # channels stay a multiple of 32 (group norm) and of each block's head count
    multiple = 32 * max(1, max(head_list) // math.gcd(32, max(head_list)))
    channels = tuple(scaled(c, scale, multiple) for c in config["block_out_channels"])
    return dict(config, block_out_channels=channels,
                cross_attention_dim=scaled(config["cross_attention_dim"], scale, 64))


def scale_text(config: dict, scale: float, unet: dict) -> dict:
    if scale >= 1:
        return dict(config)
    heads = config["num_attention_heads"]
    return dict(config, hidden_size=unet["cross_attention_dim"],
                intermediate_size=scaled(config["intermediate_size"], scale, heads),
                num_hidden_layers=max(1, int(round(config["num_hidden_layers"] * scale))),
                num_attention_heads=max(1, math.gcd(heads, unet["cross_attention_dim"])))


def scale_vae(config: dict, scale: float) -> dict:
    if scale >= 1:
        return dict(config)
    return dict(config, block_out_channels=tuple(scaled(c, scale, 32)
                                                 for c in config["block_out_channels"]))


# ------------------------------------------------------------------------------ tokenizer

def bytes_to_unicode() -> dict:
    """CLIP's byte-to-character table (the same as GPT-2's)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(
        range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, (chr(c) for c in cs)))


def read_bpe(source: str | None) -> list[str]:
    """The lines of bpe_simple_vocab_16e6.txt from a wheel, the .gz file or installed open_clip."""
    if source is None:
        try:
            import open_clip  # noqa: F401
        except ImportError:
            sys.exit("no BPE file: pass --bpe with the open_clip_torch wheel (pip download "
                     "--no-deps open_clip_torch) or its bpe_simple_vocab_16e6.txt.gz")
        source = str(Path(open_clip.__file__).parent / "bpe_simple_vocab_16e6.txt.gz")
    if source.endswith(".whl"):
        with zipfile.ZipFile(source) as wheel:
            data = wheel.read("open_clip/bpe_simple_vocab_16e6.txt.gz")
    else:
        data = Path(source).read_bytes()
    return gzip.decompress(data).decode("utf-8").split("\n")


def clip_vocab(bpe_lines: list[str]):
    """CLIP's vocabulary and merges exactly as its SimpleTokenizer builds them: 256 byte
    characters, the same with </w>, 48894 merges, then the two special tokens."""
    merges = [tuple(line.split()) for line in bpe_lines[1:49152 - 256 - 2 + 1]]
    base = list(bytes_to_unicode().values())
    vocab = base + [c + "</w>" for c in base] + ["".join(m) for m in merges]
    vocab += ["<|startoftext|>", "<|endoftext|>"]
    assert len(vocab) == 49408, len(vocab)
    return {token: i for i, token in enumerate(vocab)}, merges


def write_tokenizer(path: Path, vocab: dict, merges, pad_token: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "vocab.json", "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(path / "merges.txt", "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n")
        f.writelines(f"{a} {b}\n" for a, b in merges)
    token = {"lstrip": False, "normalized": True, "rstrip": False, "single_word": False}
    with open(path / "special_tokens_map.json", "w", encoding="utf-8") as f:
        json.dump({"bos_token": dict(token, content="<|startoftext|>"),
                   "eos_token": dict(token, content="<|endoftext|>"),
                   "pad_token": pad_token,
                   "unk_token": dict(token, content="<|endoftext|>")}, f, indent=2)
    with open(path / "tokenizer_config.json", "w", encoding="utf-8") as f:
        json.dump({"add_prefix_space": False, "bos_token": "<|startoftext|>",
                   "do_lower_case": True, "eos_token": "<|endoftext|>", "errors": "replace",
                   "model_max_length": 77, "pad_token": pad_token,
                   "tokenizer_class": "CLIPTokenizer", "unk_token": "<|endoftext|>"}, f, indent=2)


# --------------------------------------------------------------------------------- export

class TextEncoderExport(torch.nn.Module):
    def __init__(self, text_encoder):
        super().__init__()
        self.text_encoder = text_encoder

    def forward(self, input_ids):
        out = self.text_encoder(input_ids.to(torch.int64))
        return out.last_hidden_state, out.pooler_output


class UNetExport(torch.nn.Module):
    def __init__(self, unet):
        super().__init__()
        self.unet = unet

    def forward(self, sample, timestep, encoder_hidden_states):
        return self.unet(sample, timestep, encoder_hidden_states, return_dict=False)[0]


class VaeDecoderExport(torch.nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, latent_sample):
        return self.vae.decode(latent_sample, return_dict=False)[0]


class VaeEncoderExport(torch.nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, sample):
        return self.vae.encode(sample, return_dict=False)[0].sample()


def export_onnx(module, args, path: Path, inputs, outputs, axes, to_fp16: bool) -> None:
    """Exports through a scratch folder (a model over 2 GB leaves one file per weight there), then
    saves model.onnx with every weight in one model.onnx_data beside it, as Optimum does. With
    to_fp16 the exported float32 graph is converted to float16 (for the text encoder: torch's
    float16 trace of CLIP mixes float32 into LayerNormalization); the other parts are exported from
    half-precision modules instead, since converting their graphs leaves float32 constants beside
    float16 tensors (the UNet's time projection) that ONNX Runtime refuses."""
    import onnx

    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob("model.onnx*"):
        stale.unlink()
    with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
        tmp = Path(scratch) / "model.onnx"
        with torch.no_grad():
            torch.onnx.export(module, args, str(tmp), input_names=inputs, output_names=outputs,
                              dynamic_axes=axes, opset_version=17, do_constant_folding=True,
                              dynamo=False)
        model = onnx.load(str(tmp))
        if to_fp16:
            from onnxconverter_common import float16

            model = float16.convert_float_to_float16(model, keep_io_types=False,
                                                     disable_shape_infer=True)
        model.producer_name = "goldpan make_real_size_models.py"
        for node in model.graph.node:
            node.doc_string = ""
        onnx.save_model(model, str(path), save_as_external_data=True,
                        all_tensors_to_one_file=True, location="model.onnx_data",
                        size_threshold=1024)
    (path.parent / "model.onnx_data").chmod(0o644)
    print(f"  {path.parent.name}/model.onnx: {size_of(path.parent) / 2**20:.0f} MiB", flush=True)


def size_of(directory: Path) -> int:
    return sum(f.stat().st_size for f in directory.glob("model.onnx*"))


def build(name: str, spec: dict, out: Path, seed: int, scale: float, fp16: bool, vocab,
          merges) -> None:
    from diffusers import AutoencoderKL, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    directory = out / name
    directory.mkdir(parents=True, exist_ok=True)
    unet_config = scale_unet(spec["unet"], scale)
    text_config = scale_text(spec["text"], scale, unet_config)
    vae_config = scale_vae(VAE, scale)
    started = time.monotonic()
    print(f"{name}: building (seed {seed}, scale {scale}, {'fp16' if fp16 else 'fp32'})",
          flush=True)

    torch.manual_seed(seed)
    text_encoder = CLIPTextModel(CLIPTextConfig(
        vocab_size=49408, max_position_embeddings=77, bos_token_id=49406, eos_token_id=49407,
        pad_token_id=1, layer_norm_eps=1e-5, **text_config)).eval()
    ids = torch.zeros(1, 77, dtype=spec["input_ids"])
    export_onnx(TextEncoderExport(text_encoder), (ids,), directory / "text_encoder" / "model.onnx",
                ["input_ids"], ["last_hidden_state", "pooler_output"],
                {"input_ids": {0: "batch"}, "last_hidden_state": {0: "batch"},
                 "pooler_output": {0: "batch"}}, fp16)
    hidden_size = text_encoder.config.hidden_size
    del text_encoder

    dtype = torch.float16 if fp16 else torch.float32
    torch.manual_seed(seed + 1)
    unet = UNet2DConditionModel(**unet_config).eval()
    params = sum(p.numel() for p in unet.parameters())
    print(f"  unet: {params / 1e6:.0f} M parameters", flush=True)
    unet = unet.to(dtype)  # random weights drawn in float32, so both precisions hold the same
    batch = 2
    sample = torch.randn(batch, 4, 64, 64).to(dtype)
    hidden = torch.randn(batch, 77, hidden_size).to(dtype)
    if spec["timestep"] == "int64":
        timestep = torch.tensor([999] * batch, dtype=torch.int64)
        timestep_axes = {"timestep": {0: "batch"}}
    else:
        timestep = torch.tensor(999.0, dtype=dtype)
        timestep_axes = {}
    export_onnx(UNetExport(unet), (sample, timestep, hidden), directory / "unet" / "model.onnx",
                ["sample", "timestep", "encoder_hidden_states"], ["out_sample"],
                {"sample": {0: "batch", 2: "height", 3: "width"},
                 "encoder_hidden_states": {0: "batch", 1: "sequence"},
                 "out_sample": {0: "batch", 2: "height", 3: "width"}, **timestep_axes}, False)
    unet_json = {k: v for k, v in unet.config.items() if not k.startswith("_")}
    del unet

    torch.manual_seed(seed + 2)
    vae = AutoencoderKL(**vae_config).eval().to(dtype)
    export_onnx(VaeDecoderExport(vae), (torch.randn(1, 4, 64, 64).to(dtype),),
                directory / "vae_decoder" / "model.onnx", ["latent_sample"], ["sample"],
                {"latent_sample": {0: "batch", 2: "height", 3: "width"},
                 "sample": {0: "batch", 2: "height", 3: "width"}}, False)
    export_onnx(VaeEncoderExport(vae), (torch.randn(1, 3, 512, 512).to(dtype),),
                directory / "vae_encoder" / "model.onnx", ["sample"], ["latent_sample"],
                {"sample": {0: "batch", 2: "height", 3: "width"},
                 "latent_sample": {0: "batch", 2: "height", 3: "width"}}, False)
    del vae

    # TAESD (diffusers' AutoencoderTiny with its default, the published taesd, configuration),
    # always at its real size: previews and the fast decoder cost what they cost with the real one.
    from diffusers import AutoencoderTiny

    torch.manual_seed(seed + 3)
    taesd = AutoencoderTiny().eval().to(dtype)
    export_onnx(VaeDecoderExport(taesd), (torch.randn(1, 4, 64, 64).to(dtype),),
                directory / "taesd_decoder" / "model.onnx", ["latent_sample"], ["sample"],
                {"latent_sample": {0: "batch", 2: "height", 3: "width"},
                 "sample": {0: "batch", 2: "height", 3: "width"}}, False)
    with open(directory / "taesd_decoder" / "config.json", "w") as f:
        json.dump({"_class_name": "AutoencoderTiny", "latent_channels": 4,
                   "scaling_factor": taesd.config.scaling_factor}, f, indent=2)
    del taesd

    with open(directory / "unet" / "config.json", "w") as f:
        json.dump(unet_json, f, indent=2, default=list)
    for part in ("vae_decoder", "vae_encoder"):
        with open(directory / part / "config.json", "w") as f:
            json.dump({"_class_name": "AutoencoderKL", "latent_channels": 4,
                       "scaling_factor": VAE["scaling_factor"]}, f, indent=2)
    (directory / "scheduler").mkdir(exist_ok=True)
    with open(directory / "scheduler" / "scheduler_config.json", "w") as f:
        json.dump(spec["scheduler"], f, indent=2)
    tokenizer_dir = directory / "tokenizer"
    if tokenizer_dir.exists():
        shutil.rmtree(tokenizer_dir)
    write_tokenizer(tokenizer_dir, vocab, merges, spec["pad_token"])
    with open(directory / "model_index.json", "w") as f:
        json.dump({
            "_class_name": "ORTStableDiffusionPipeline", "_diffusers_version": "0.42.1",
            "requires_safety_checker": False, "safety_checker": [None, None],
            "feature_extractor": [None, None],
            "scheduler": ["diffusers", spec["scheduler"]["_class_name"]],
            "text_encoder": ["optimum", "ORTModelTextEncoder"],
            "tokenizer": ["transformers", "CLIPTokenizer"],
            "unet": ["optimum", "ORTModelUnet"],
            "vae_decoder": ["optimum", "ORTModelVaeDecoder"],
            "vae_encoder": ["optimum", "ORTModelVaeEncoder"],
            "goldpan_random_weights": {"seed": seed, "scale": scale, "fp16": fp16},
        }, f, indent=2)
    total = sum(f.stat().st_size for f in directory.rglob("*") if f.is_file())
    print(f"{name}: {directory} ({total / 2**30:.2f} GiB) in {time.monotonic() - started:.0f} s",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="directory to write the models into")
    parser.add_argument("--models", default="sd-turbo,sd15",
                        help="comma-separated: " + ", ".join(MODELS))
    parser.add_argument("--fp16", action="store_true", help="weights, inputs, outputs in float16")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="below 1: narrower layers for a smoke run (not real-size)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bpe", help="open_clip_torch wheel or bpe_simple_vocab_16e6.txt.gz")
    args = parser.parse_args()
    names = [n.strip() for n in args.models.split(",") if n.strip()]
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        sys.exit(f"unknown model(s) {', '.join(unknown)}; known: {', '.join(MODELS)}")
    if not 0 < args.scale <= 1:
        sys.exit(f"--scale must be in (0, 1], got {args.scale}")
    vocab, merges = clip_vocab(read_bpe(args.bpe))
    args.out.mkdir(parents=True, exist_ok=True)
    for name in names:
        build(name, MODELS[name], args.out, args.seed, args.scale, args.fp16, vocab, merges)


if __name__ == "__main__":
    main()
