"""Tiny randomly-initialised models built in the test, saved like a user's model folder.

They are a few kilobytes, load in a fraction of a second and exercise exactly the loading and
calling code a real checkpoint goes through; nothing is downloaded.
"""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any


def tiny_stable_diffusion(folder: Path) -> Path:
    """A StableDiffusionPipeline folder (UNet, VAE, CLIP text encoder and tokenizer, DDIM)."""
    import torch
    from diffusers import (
        AutoencoderKL,
        DDIMScheduler,
        StableDiffusionPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    letters = list(string.ascii_lowercase)
    vocab = ["<|startoftext|>", "<|endoftext|>", *letters, *(c + "</w>" for c in letters)]
    vocab_file, merges_file = folder / "vocab.json", folder / "merges.txt"
    vocab_file.write_text(json.dumps({token: i for i, token in enumerate(vocab)}))
    merges_file.write_text("#version: 0.2\n")
    tokenizer = CLIPTokenizer(str(vocab_file), str(merges_file), model_max_length=77)
    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        sample_size=16,
        in_channels=4,
        out_channels=4,
        block_out_channels=(8, 16),
        layers_per_block=1,
        down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
        cross_attention_dim=16,
        attention_head_dim=2,
        norm_num_groups=4,
    )
    vae = AutoencoderKL(
        in_channels=3,
        out_channels=3,
        block_out_channels=(8, 16),
        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"),
        latent_channels=4,
        norm_num_groups=4,
        sample_size=16,
    )
    text_encoder = CLIPTextModel(
        CLIPTextConfig(
            vocab_size=len(vocab),
            hidden_size=16,
            intermediate_size=32,
            num_hidden_layers=1,
            num_attention_heads=2,
            max_position_embeddings=77,
            projection_dim=16,
            bos_token_id=0,
            eos_token_id=1,
            pad_token_id=1,
        )
    )
    pipe = StableDiffusionPipeline(
        unet=unet,
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        scheduler=DDIMScheduler(clip_sample=False, set_alpha_to_one=False, steps_offset=1),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    model = folder / "model"
    pipe.save_pretrained(model)
    return model


def tiny_musicgen(folder: Path, sampling_rate: int = 1000, max_tokens: int = 60) -> Path:
    """A MusicGen folder: T5 text encoder, a one-layer decoder and a tiny EnCodec codec.

    EnCodec's hop is 8 × 5 = 40 samples, so at 1 kHz the codec runs at 25 frames a second with
    2 codebooks, and `max_tokens` caps one generation at a little over two seconds: long films
    need chunks. The decoder is initialised with large weights so the prompt visibly steers it.
    """
    import torch
    from transformers import (
        EncodecConfig,
        EncodecFeatureExtractor,
        MusicgenConfig,
        MusicgenDecoderConfig,
        MusicgenForConditionalGeneration,
        MusicgenProcessor,
        T5Config,
        T5TokenizerFast,
    )

    pieces: list[Any] = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)]
    pieces += [(c, -1.0) for c in "▁" + string.ascii_lowercase + ",.:-"]
    tokenizer = T5TokenizerFast(vocab=pieces, extra_ids=0)
    processor = MusicgenProcessor(
        feature_extractor=EncodecFeatureExtractor(feature_size=1, sampling_rate=sampling_rate),
        tokenizer=tokenizer,
    )
    text = T5Config(
        vocab_size=len(tokenizer),
        d_model=16,
        d_kv=4,
        d_ff=32,
        num_layers=1,
        num_heads=2,
        decoder_start_token_id=0,
    )
    audio = EncodecConfig(
        sampling_rate=sampling_rate,
        audio_channels=1,
        num_filters=4,
        codebook_size=16,
        codebook_dim=8,
        hidden_size=8,
        upsampling_ratios=[8, 5],
        num_residual_layers=1,
        num_lstm_layers=1,
        target_bandwidths=[0.2],
        chunk_length_s=None,
        overlap=None,
        compress=2,
    )
    decoder = MusicgenDecoderConfig(
        vocab_size=16,
        pad_token_id=16,
        bos_token_id=16,
        hidden_size=16,
        num_hidden_layers=1,
        ffn_dim=32,
        num_attention_heads=2,
        num_codebooks=audio.num_quantizers,
        initializer_factor=1.0,
        max_position_embeddings=256,
        audio_channels=1,
    )
    torch.manual_seed(0)
    model = MusicgenForConditionalGeneration(
        MusicgenConfig(
            text_encoder=text.to_dict(), audio_encoder=audio.to_dict(), decoder=decoder.to_dict()
        )
    )
    for layer in model.audio_encoder.quantizer.layers:  # codebooks start at zero: fill them
        layer.codebook.embed.normal_()
    model.generation_config.max_length = max_tokens
    out = folder / "musicgen"
    model.save_pretrained(out)
    processor.save_pretrained(out)
    return out


def tiny_lipsync(folder: Path, face_size: int = 32, frames_per_window: int = 1) -> Path:
    """A Wav2Lip-shaped TorchScript model: faces follow the mel window's loudness per band.

    forward(mel, faces) takes and returns Wav2Lip's layouts (4-D, or 5-D with T frames per
    window), so the provider's batching and paste-back run exactly as for the real model.
    """
    import torch

    class TinyWav2Lip(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.face = torch.nn.Conv2d(6, 3, 3, padding=1)
            self.audio = torch.nn.Linear(80, 3)

        def forward(self, mel: torch.Tensor, faces: torch.Tensor) -> torch.Tensor:
            five = faces.dim() == 5
            b = faces.shape[0]
            t = 1
            if five:
                t = faces.shape[2]
                faces = faces.permute(0, 2, 1, 3, 4).reshape(b * t, 6, faces.shape[3], -1)
                mel = mel.reshape(b * t, 1, mel.shape[3], mel.shape[4])
            sound = self.audio(mel.mean(dim=3).flatten(1))
            out = torch.sigmoid(self.face(faces) + 2.0 * sound[:, :, None, None])
            if five:
                out = out.reshape(b, t, 3, out.shape[2], out.shape[3]).permute(0, 2, 1, 3, 4)
            return out

    torch.manual_seed(0)
    folder.mkdir(parents=True, exist_ok=True)
    torch.jit.save(torch.jit.script(TinyWav2Lip()), str(folder / "model.pt"))
    config = {"face_size": face_size, "frames_per_window": frames_per_window, "batch_size": 4}
    (folder / "config.json").write_text(json.dumps(config))
    return folder
