#!/usr/bin/env python3
"""Writes the state_dict fixtures of the import fault tests (tests/Architectures.Tests/Fixtures/):

  strided-linear.pt               {"weight": [3, 4], "bias": [3]} for a Linear(4, 3), both views into ONE storage of
                                  16 floats 0..15: weight = storage[0:12].view(4, 3).t() (transposed, non-contiguous:
                                  weight[i, j] = 3 j + i), bias = storage[12:15] (storage offset 12: 12, 13, 14)
  seresnet20-channels-last.pt.gz  SE-ResNet-20 saved after model.to(memory_format=torch.channels_last), as a network
                                  trained channels-last in PyTorch saves it: every 4-d weight non-contiguous
  seresnet20-transposed.pt.gz     the same, with fc.weight replaced by its transpose ([64, 10] instead of [10, 64])

The SE-ResNet-20 weights follow a pattern the C# test recomputes: every floating-point tensor holds
(k mod 7) / 8 at logical (row-major) index k, num_batches_tracked holds 100. Patterned values gzip to a few KB.

    /usr/bin/python3 scripts/make_strided_fixtures.py      (Debian's python3-torch 1.13)
"""
import gzip
import io
from collections import OrderedDict
from pathlib import Path

import torch

from se_resnet20 import ResNet20

OUT = Path(__file__).resolve().parent.parent / "tests" / "Architectures.Tests" / "Fixtures"
OUT.mkdir(parents=True, exist_ok=True)

storage = torch.arange(16, dtype=torch.float32)
weight = storage[0:12].view(4, 3).t()
bias = storage[12:15]
assert not weight.is_contiguous() and bias.storage_offset() == 12
torch.save(OrderedDict(weight=weight, bias=bias), OUT / "strided-linear.pt")


def save_gz(state, name):
    buffer = io.BytesIO()
    torch.save(state, buffer)
    (OUT / name).write_bytes(gzip.compress(buffer.getvalue(), compresslevel=9, mtime=0))


model = ResNet20(se=True)
with torch.no_grad():
    for name, tensor in model.state_dict().items():
        if tensor.is_floating_point():
            pattern = (torch.arange(tensor.numel()) % 7).float() / 8
            tensor.copy_(pattern.view(tensor.shape))
        else:
            tensor.fill_(100)
model = model.to(memory_format=torch.channels_last)
state = model.state_dict()
assert not state["layer1.0.conv1.weight"].is_contiguous()
save_gz(state, "seresnet20-channels-last.pt.gz")

transposed = OrderedDict(state)
transposed["fc.weight"] = state["fc.weight"].t()
save_gz(transposed, "seresnet20-transposed.pt.gz")
