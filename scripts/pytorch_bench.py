#!/usr/bin/python3
"""PyTorch eager timings of the shapes the BenchmarkDotNet suite measures (issue 4), for the same thread count.

ResNet-50 (torchvision) and SE-ResNet-50 (torchvision's Bottleneck with the SE block before the residual add,
r = 16, 1x1-convolution excitation with bias: the same structure as the generated SEResNet50), at 224x224:
inference (eval, no_grad) with batch 1 and 8, and one SGD training step with batch 8.

    flock /tmp/arch-measure.lock /usr/bin/python3 scripts/pytorch_bench.py --threads 2

Debian 12's python3-torch (1.13) and python3-torchvision (0.14) are enough. Prints medians and the SE overhead.
"""
import argparse
import statistics
import time

import torch
from torch import nn
from torchvision.models import resnet


class SqueezeExcitation(nn.Module):
    def __init__(self, channels, reduced):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, reduced, kernel_size=1)
        self.fc2 = nn.Conv2d(reduced, channels, kernel_size=1)

    def forward(self, u):
        s = u.mean((2, 3), keepdim=True)
        s = torch.sigmoid(self.fc2(torch.relu(self.fc1(s))))
        return u * s


class SEBottleneck(resnet.Bottleneck):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        channels = self.conv3.out_channels
        self.se = SqueezeExcitation(channels, channels // 16)

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.se(self.bn3(self.conv3(out)))
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        return self.relu(out)


def models():
    torch.manual_seed(1)
    plain = resnet.resnet50()
    torch.manual_seed(2)
    se = resnet.ResNet(SEBottleneck, [3, 4, 6, 3])
    assert sum(p.numel() for p in plain.parameters()) == 25_557_032
    assert sum(p.numel() for p in se.parameters()) == 28_088_024
    return plain, se


def median_ms(fn, warmup, iterations):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--channels-last", action="store_true", help="also time channels_last inference")
    parser.add_argument("--no-training", action="store_true", help="inference only")
    parser.add_argument("--frozen", action="store_true",
                        help="also time TorchScript: torch.jit.freeze(torch.jit.script(model)) + optimize_for_inference "
                             "(batch norm folded, oneDNN/MKLDNN layouts)")
    parser.add_argument("--frozen-only", action="store_true", help="with --frozen: skip the eager inference timings")
    args = parser.parse_args()
    torch.set_num_interop_threads(1)
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, warmup {args.warmup}, iterations {args.iterations}")

    plain, se = models()
    rows = []

    def infer(model, x):
        with torch.no_grad():
            model(x)

    for batch in (1, 8):
        x = torch.randn(batch, 3, 224, 224)
        variants = [] if args.frozen and args.frozen_only else [("contiguous", x)]
        if args.channels_last:
            variants.append(("channels_last", x.contiguous(memory_format=torch.channels_last)))
        for layout, data in variants:
            times = {}
            for name, model in (("ResNet50", plain), ("SEResNet50", se)):
                model.eval()
                if layout == "channels_last":
                    model = model.to(memory_format=torch.channels_last)
                times[name], _ = median_ms(lambda: infer(model, data), args.warmup, args.iterations)
                if layout == "channels_last":
                    model.to(memory_format=torch.contiguous_format)
            rows.append((f"inference batch {batch} ({layout})", times))
        if args.frozen:
            times = {}
            for name, model in (("ResNet50", plain), ("SEResNet50", se)):
                model.eval()
                with torch.no_grad():
                    frozen = torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.script(model)))
                    assert torch.allclose(frozen(x), model(x), rtol=1e-3, atol=1e-4), f"frozen {name} differs"
                times[name], _ = median_ms(lambda: infer(frozen, x), args.warmup, args.iterations)
            rows.append((f"inference batch {batch} (jit frozen)", times))

    x = torch.randn(8, 3, 224, 224)
    y = torch.randint(0, 1000, (8,))
    times = {}
    for name, model in (() if args.no_training else (("ResNet50", plain), ("SEResNet50", se))):
        model.train()
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)

        def step():
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()

        times[name], _ = median_ms(step, args.warmup, args.iterations)
    if times:
        rows.append(("training step batch 8", times))

    print(f"{'case':36} {'ResNet50 ms':>12} {'SEResNet50 ms':>14} {'SE ratio':>9}")
    for case, t in rows:
        print(f"{case:36} {t['ResNet50']:12.1f} {t['SEResNet50']:14.1f} {t['SEResNet50'] / t['ResNet50']:9.3f}")


if __name__ == "__main__":
    main()
