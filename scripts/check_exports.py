#!/usr/bin/python3
"""Checks exports written by the test suite (tests/Architectures.Tests/Onnx/PyTorchExportTests.cs) or by hand:
for every entry of DIR/manifest.json, the Python module NAME.py with the weights NAME.pt computes the output TorchSharp
computed (NAME.expected, float64, raw little-endian) on NAME.input, in float64 and float32; and NAME.onnx, when
present, passes onnx's checker with full shape inference.

    /usr/bin/python3 scripts/check_exports.py DIR [--tolerance 1e-5]

Needs Debian's python3-torch (and python3-onnx for the ONNX check). Exit code 1 when any check fails.
"""
import argparse
import importlib.util
import json
import os
import sys

import torch


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def raw(path, shape):
    with open(path, "rb") as f:
        return torch.frombuffer(bytearray(f.read()), dtype=torch.float64).reshape(shape)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("--tolerance", type=float, default=1e-5, help="max |difference| / max |logit| allowed in float64")
    args = parser.parse_args()
    torch.set_num_threads(1)
    with open(os.path.join(args.dir, "manifest.json")) as f:
        manifest = json.load(f)
    failures = 0
    for entry in manifest:
        name = entry["name"]
        module = load_module(os.path.join(args.dir, name + ".py"), name)
        model = module.load(os.path.join(args.dir, name + ".pt"))
        # load() uses load_state_dict's strict default: it raises on any missing or unexpected key or wrong shape.
        x = raw(os.path.join(args.dir, name + ".input"), entry["input_shape"])
        expected = raw(os.path.join(args.dir, name + ".expected"), entry["output_shape"])
        with torch.no_grad():
            out64 = model.double()(x)
            out32 = model.float()(x.float()).double()
        scale = expected.abs().max().item()
        error64 = (out64 - expected).abs().max().item() / scale
        error32 = (out32 - expected).abs().max().item() / scale
        ok = error64 <= args.tolerance
        line = f"{name}: keys identical (strict load); max|diff|/max|logit| float64 {error64:.2e}, float32 {error32:.2e}"
        onnx_path = os.path.join(args.dir, name + ".onnx")
        if os.path.exists(onnx_path):
            import onnx
            try:
                onnx.checker.check_model(onnx.load(onnx_path), full_check=True)
                line += "; ONNX checker: valid"
            except Exception as e:  # the checker's own exception types vary between versions
                ok = False
                line += f"; ONNX checker: {e}"
        print(("ok   " if ok else "FAIL ") + line)
        failures += not ok
    print(f"{len(manifest) - failures} of {len(manifest)} exports check out")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
