#!/usr/bin/env python3
"""Writes tests/Architectures.Tests/Fixtures/mobile-units.pt: one unit of each non-ResNet family, built with
torchvision's own classes, with random weights and batch-norm statistics, an input and its eval-mode output.

  mnv2.*     torchvision.models.mobilenetv2.InvertedResidual (24 → 144 → 24, ReLU6, bare projection)
  mnv3.*     torchvision.models.mobilenetv3.InvertedResidual (24 → 96 → 24, k5, SE of make_divisible(96 // 4, 8), hard-swish)
  mbconv.*   torchvision.models.efficientnet.MBConv (16 → 96 → 16, k3, SE of max(1, 16 // 4), SiLU)
  regnet.*   torchvision.models.regnet.ResBottleneckBlock (24 → 48, stride 2, group width 8, SE of round(0.25 · 24))

The C# test builds the same units with the constructors the generator emits and compares the outputs, so the
activations, gates, widths and key names of the mobile families are checked against PyTorch's numbers.

    /usr/bin/python3 scripts/make_unit_fixtures.py      (Debian's python3-torch 1.13, python3-torchvision 0.14)
"""
from collections import OrderedDict
from functools import partial
from pathlib import Path

import torch
from torch import nn
from torchvision.models.efficientnet import MBConv, MBConvConfig
from torchvision.models.mobilenetv2 import InvertedResidual as InvertedResidualV2
from torchvision.models.mobilenetv3 import InvertedResidual, InvertedResidualConfig
from torchvision.models.regnet import ResBottleneckBlock

OUT = Path(__file__).resolve().parent.parent / "tests" / "Architectures.Tests" / "Fixtures" / "mobile-units.pt"

torch.manual_seed(5)
units = {
    "mnv2": InvertedResidualV2(24, 24, 1, 6),
    "mnv3": InvertedResidual(InvertedResidualConfig(24, 5, 96, 24, True, "HS", 1, 1, 1.0),
                             partial(nn.BatchNorm2d, eps=0.001, momentum=0.01)),
    "mbconv": MBConv(MBConvConfig(6, 3, 1, 16, 16, 1), 0.0, nn.BatchNorm2d),
    "regnet": ResBottleneckBlock(24, 48, 2, nn.BatchNorm2d, nn.ReLU, group_width=8, bottleneck_multiplier=1.0, se_ratio=0.25),
}
inputs = {"mnv2": torch.randn(2, 24, 7, 7), "mnv3": torch.randn(2, 24, 7, 7), "mbconv": torch.randn(2, 16, 7, 7), "regnet": torch.randn(2, 24, 8, 8)}

fixture = OrderedDict()
for name, unit in units.items():
    with torch.no_grad():
        for key, tensor in unit.state_dict().items():
            if key.endswith("running_var"):
                tensor.copy_(torch.rand_like(tensor) + 0.5)
            elif key.endswith("running_mean") or key.endswith("bias"):
                tensor.copy_(torch.randn_like(tensor) * 0.1)
            elif tensor.is_floating_point() and tensor.dim() == 1:
                tensor.copy_(torch.rand_like(tensor) + 0.5)
    unit.eval()
    with torch.no_grad():
        output = unit(inputs[name])
    for key, tensor in unit.state_dict().items():
        fixture[f"{name}.{key}"] = tensor
    fixture[f"{name}:input"] = inputs[name]
    fixture[f"{name}:output"] = output

OUT.parent.mkdir(parents=True, exist_ok=True)
torch.save(fixture, OUT)
print(f"{len(fixture)} tensors, {OUT.stat().st_size:,} bytes")
