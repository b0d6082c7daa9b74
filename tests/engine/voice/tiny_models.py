"""Tiny ONNX graphs with the inputs and outputs of real Piper and Kokoro voices.

Each makes a 220 Hz tone as long as its input (Piper: 256 samples per phoneme id at 22.05 kHz;
Kokoro: one 600-sample frame per token, reported through the same durations tensor the real
Kokoro graph has), so the voice plumbing can be tested end to end in milliseconds.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper


def _tone_nodes(length_input: str, per_item: int, rate: int, out: str) -> list[onnx.NodeProto]:
    return [
        helper.make_node("Shape", [length_input], ["shape"]),
        helper.make_node("Gather", ["shape", "one_index"], ["count"], axis=0),
        helper.make_node("Mul", ["count", "per_item"], ["total"]),
        helper.make_node("Cast", ["total"], ["total_f"], to=TensorProto.FLOAT),
        helper.make_node("Range", ["zero_f", "total_f", "one_f"], ["ramp"]),
        helper.make_node("Mul", ["ramp", "step"], ["phase"]),
        helper.make_node("Sin", ["phase"], ["sine"]),
        helper.make_node("Mul", ["sine", "amplitude"], [out]),
    ]


def _constants(per_item: int, rate: int, reshape: bool = True) -> list[onnx.TensorProto]:
    constants = [
        helper.make_tensor("one_index", TensorProto.INT64, [], [1]),
        helper.make_tensor("per_item", TensorProto.INT64, [], [per_item]),
        helper.make_tensor("zero_f", TensorProto.FLOAT, [], [0.0]),
        helper.make_tensor("one_f", TensorProto.FLOAT, [], [1.0]),
        helper.make_tensor("step", TensorProto.FLOAT, [], [2 * math.pi * 220 / rate]),
        helper.make_tensor("amplitude", TensorProto.FLOAT, [], [0.3]),
    ]
    if reshape:
        constants.append(helper.make_tensor("out_shape", TensorProto.INT64, [3], [1, 1, -1]))
    return constants


def _save(graph: onnx.GraphProto, path: Path) -> None:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def piper_folder(folder: Path, language: str = "en_US", inputs: bool = True) -> Path:
    """A Piper voice folder: tiny.onnx + tiny.onnx.json (phoneme ids for every IPA symbol)."""
    folder.mkdir(parents=True, exist_ok=True)
    nodes = [
        *_tone_nodes("input", 256, 22050, "tone"),
        helper.make_node("Reshape", ["tone", "out_shape"], ["output"]),
    ]
    names = ("input", "input_lengths", "scales") if inputs else ("input", "speed", "other")
    graph = helper.make_graph(
        nodes,
        "tiny-piper",
        [
            helper.make_tensor_value_info(names[0], TensorProto.INT64, [1, None]),
            helper.make_tensor_value_info(names[1], TensorProto.INT64, [1]),
            helper.make_tensor_value_info(names[2], TensorProto.FLOAT, [3]),
        ],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, None])],
        initializer=_constants(256, 22050),
    )
    _save(graph, folder / "tiny.onnx")
    symbols = "_^$ ˈˌːabcdefhijklmnopqrstuvwxyzæðŋɐɑɔəɛɜɡɪɹɾʃʊʌʒθ"
    config = {
        "audio": {"sample_rate": 22050},
        "espeak": {"voice": language.replace("_", "-").lower()},
        "language": {"code": language},
        "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8},
        "phoneme_id_map": {s: [i] for i, s in enumerate(symbols)},
    }
    (folder / "tiny.onnx.json").write_text(json.dumps(config), "utf-8")
    return folder


def kokoro_folder(folder: Path, style: str = "af_test") -> Path:
    """A Kokoro voice folder: model.onnx (tokens, style, speed) + voices.npz."""
    folder.mkdir(parents=True, exist_ok=True)
    nodes = [
        *_tone_nodes("tokens", 600, 24000, "waveform"),
        helper.make_node(
            "ConstantOfShape",
            ["shape"],
            ["ones"],
            value=helper.make_tensor("one", TensorProto.FLOAT, [1], [1.0]),
        ),
        helper.make_node("Clip", ["ones"], ["/encoder/Clip_output_0"]),
        helper.make_node("ReduceSum", ["/encoder/Clip_output_0"], ["frames"], keepdims=0),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny-kokoro",
        [
            helper.make_tensor_value_info("tokens", TensorProto.INT64, [1, None]),
            helper.make_tensor_value_info("style", TensorProto.FLOAT, [1, 256]),
            helper.make_tensor_value_info("speed", TensorProto.FLOAT, [1]),
        ],
        [
            helper.make_tensor_value_info("waveform", TensorProto.FLOAT, [None]),
            helper.make_tensor_value_info("frames", TensorProto.FLOAT, []),
        ],
        initializer=_constants(600, 24000, reshape=False),
    )
    _save(graph, folder / "model.onnx")
    table = np.random.default_rng(0).standard_normal((510, 1, 256)).astype(np.float32)
    arrays: dict[str, Any] = {style: table}
    np.savez(folder / "voices.npz", **arrays)
    return folder
