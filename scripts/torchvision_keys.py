#!/usr/bin/env python3
"""Writes the state_dict keys and shapes of the torchvision models the Zoo declares, for the key-compatibility tests.

Run with Debian's python3-torchvision (0.14):  python3 scripts/torchvision_keys.py
Output: tests/Architectures.Tests/Runtime/Fixtures/<model>.keys.txt, one "key shape" line per entry.
"""
import pathlib
import torchvision

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests/Architectures.Tests/Runtime/Fixtures"

for name in ["resnet18", "resnet34", "resnet50", "resnext50_32x4d", "mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large", "efficientnet_b0", "efficientnet_b1", "efficientnet_b2",
             "efficientnet_b3", "regnet_y_400mf", "regnet_y_800mf"]:
    model = getattr(torchvision.models, name)()
    lines = [f"{key} {'x'.join(str(d) for d in value.shape) or 'scalar'}" for key, value in model.state_dict().items()]
    (OUT / f"{name}.keys.txt").write_text("\n".join(lines) + "\n")
    print(name, len(lines), "entries,", sum(p.numel() for p in model.parameters()), "parameters")
