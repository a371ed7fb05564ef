#!/usr/bin/env python3
"""PyTorch eager training speed (and optionally accuracy) of ResNet-20 and SE-ResNet-20 on Fashion-MNIST: the
baseline `arch train` is compared with. Same networks (scripts/se_resnet20.py), batch 128, SGD 0.1 momentum 0.9,
weight decay 5e-4, cosine schedule per step, same normalisation, no augmentation (as the reference figures).

    OMP_NUM_THREADS=2 flock /tmp/arch-measure.lock /usr/bin/python3 scripts/pytorch_train_speed.py --steps 60
    /usr/bin/python3 scripts/pytorch_train_speed.py --epochs 1       (full epochs with test accuracy)
    ... --channels-last     (weights and batches in channels-last memory format, as `arch train` does on the CPU)
"""
import argparse
import gzip
import math
import struct
import time
from pathlib import Path

import torch
import torch.nn.functional as F

from se_resnet20 import ResNet20

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--batch-size", type=int, default=128)
parser.add_argument("--steps", type=int, default=60, help="timed steps per model (after --warmup)")
parser.add_argument("--warmup", type=int, default=5)
parser.add_argument("--epochs", type=int, default=0, help="train whole epochs instead and report test accuracy")
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--channels-last", action="store_true", help="channels-last weights and batches")
args = parser.parse_args()
torch.set_num_threads(args.threads)


def idx(name):
    path = Path(args.data) / name
    raw = path.read_bytes() if path.exists() else gzip.decompress((Path(args.data) / (name + ".gz")).read_bytes())
    magic = struct.unpack(">i", raw[:4])[0]
    dims = struct.unpack(">" + "i" * (magic & 0xFF), raw[4:4 + 4 * (magic & 0xFF)])
    return torch.frombuffer(bytearray(raw[4 + 4 * len(dims):]), dtype=torch.uint8).reshape(dims)


def images(name):
    return ((idx(name).float() / 255 - 0.2860) / 0.3530).unsqueeze(1)


train_x, train_y = images("train-images-idx3-ubyte"), idx("train-labels-idx1-ubyte").long()
test_x, test_y = images("t10k-images-idx3-ubyte"), idx("t10k-labels-idx1-ubyte").long()
steps_per_epoch = len(train_y) // args.batch_size
layout = torch.channels_last if args.channels_last else torch.contiguous_format
print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, batch {args.batch_size}, "
      f"{'channels-last' if args.channels_last else 'contiguous (NCHW)'}")

results = {}
for name, se in (("ResNet20", False), ("SEResNet20", True)):
    torch.manual_seed(args.seed)
    model = ResNet20(se=se).to(memory_format=layout)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    total = steps_per_epoch * args.epochs if args.epochs else args.warmup + args.steps
    generator = torch.Generator().manual_seed(args.seed)
    order = torch.randperm(len(train_y), generator=generator)
    model.train()
    timed_images, timed_seconds, step = 0, 0.0, 0
    while step < total:
        if step % steps_per_epoch == 0 and step:
            order = torch.randperm(len(train_y), generator=generator)
        batch = order[(step % steps_per_epoch) * args.batch_size:(step % steps_per_epoch + 1) * args.batch_size]
        for group in optimizer.param_groups:
            group["lr"] = 0.1 * 0.5 * (1 + math.cos(math.pi * step / total))
        start = time.perf_counter()
        x, y = train_x[batch].contiguous(memory_format=layout), train_y[batch]
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        elapsed = time.perf_counter() - start
        if step >= args.warmup:
            timed_images += len(batch)
            timed_seconds += elapsed
        step += 1
    line = f"{name}: {timed_images / timed_seconds:.1f} img/s over {step - args.warmup} steps ({timed_seconds:.1f} s), last loss {loss.item():.3f}"
    if args.epochs:
        model.eval()
        with torch.no_grad():
            correct = sum((model(test_x[i:i + 500]).argmax(1) == test_y[i:i + 500]).sum().item() for i in range(0, len(test_y), 500))
        line += f", test accuracy {100 * correct / len(test_y):.2f} % after {args.epochs} epoch(s)"
    results[name] = timed_images / timed_seconds
    print(line, flush=True)
print(f"SE training-time overhead: {results['ResNet20'] / results['SEResNet20'] - 1:+.1%} time per image")
