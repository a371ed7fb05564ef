#!/usr/bin/env python3
"""Writes the PyTorch fixture of the interop test (tests/Architectures.Tests/Fixtures/):

  seresnet20.pt.gz     the state_dict of SE-ResNet-20 built in PyTorch (scripts/se_resnet20.py), gzipped
  seresnet20-io.pt     {"input": [4, 1, 28, 28], "output": [4, 10]}: a random batch and PyTorch's eval-mode output

Weights are random but rounded to multiples of 1/256 (exact in float32) so that gzip shrinks the file to a third;
batch-norm statistics and affine parameters are random too, so eval mode is really exercised. The C# test loads the
state_dict into the generated SEResNet20 through the import path and compares outputs (max abs error ≤ 1e-5).

    /usr/bin/python3 scripts/make_pytorch_fixture.py      (Debian's python3-torch 1.13)
"""
import gzip
import io
from collections import OrderedDict
from pathlib import Path

import torch

from se_resnet20 import ResNet20

OUT = Path(__file__).resolve().parent.parent / "tests" / "Architectures.Tests" / "Fixtures"

torch.manual_seed(20)
model = ResNet20(se=True)
with torch.no_grad():
    for name, tensor in model.state_dict().items():
        if name.endswith("num_batches_tracked"):
            tensor.fill_(100)
        elif name.endswith("running_var"):
            tensor.copy_(torch.rand_like(tensor) * 1.5 + 0.25)
        elif name.endswith("running_mean") or name.endswith("bias"):
            tensor.copy_(torch.randn_like(tensor) * 0.1)
        elif ".bn" in name or name.startswith("bn") or "downsample.1" in name:
            tensor.copy_(torch.rand_like(tensor) + 0.5)
        # Round to 1/256 so the stored floats compress (the forward pass is no easier for it).
        if tensor.is_floating_point():
            tensor.copy_(torch.round(tensor * 256) / 256)
model.eval()

torch.manual_seed(21)
x = torch.randn(4, 1, 28, 28)
with torch.no_grad():
    y = model(x)

OUT.mkdir(parents=True, exist_ok=True)
buffer = io.BytesIO()
torch.save(model.state_dict(), buffer)
(OUT / "seresnet20.pt.gz").write_bytes(gzip.compress(buffer.getvalue(), compresslevel=9, mtime=0))
torch.save(OrderedDict(input=x, output=y), OUT / "seresnet20-io.pt")
print(f"{len(model.state_dict())} tensors; output[0] = {y[0].tolist()}")
for f in sorted(OUT.iterdir()):
    print(f"{f.name}: {f.stat().st_size:,} bytes")
