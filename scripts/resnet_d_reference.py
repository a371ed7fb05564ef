#!/usr/bin/env python3
"""Reference counts and state_dict keys for ResNet-D and coordinate attention, without timm.

timm is not installed here, so this rebuilds timm's layouts from torchvision's resnet50 exactly as timm's resnet.py
does: the deep stem (stem_type='deep', stem_width=32: conv1 = Sequential(conv3x3/2 3->32, BN, ReLU, conv3x3 32->32,
BN, ReLU, conv3x3 32->64), then bn1, ReLU, max-pool) and the average-pool shortcut (avg_down=True, downsample_avg:
Sequential(AvgPool2d(2, 2, ceil_mode=True, count_include_pad=False) or Identity at stride 1, conv1x1, BN)); SE as
timm's SEModule (fc1/fc2 1x1 convolutions with biases, C/16) after bn3; coordinate attention as timm's CoordAttn
(timm/layers/coord_attn.py, defaults) after bn3.

Run with Debian's python3-torch + python3-torchvision:  /usr/bin/python3 scripts/resnet_d_reference.py
Prints the parameter counts; writes tests/Architectures.Tests/Runtime/Fixtures/<name>.keys.txt ("key shape" lines).
"""
import pathlib

import torch
import torchvision
from torch import nn

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests/Architectures.Tests/Runtime/Fixtures"


def make_divisible(v, divisor=8, min_value=None, round_limit=.9):
    """timm.layers.helpers.make_divisible."""
    min_value = min_value or divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < round_limit * v:
        new_v += divisor
    return new_v


class SEModule(nn.Module):
    """timm's SEModule with rd_ratio 1/16, rd_divisor 8, round_limit 0 (as create_attn('se') builds it in a ResNet)."""

    def __init__(self, channels):
        super().__init__()
        rd = make_divisible(channels / 16, 8, round_limit=0.)
        self.fc1 = nn.Conv2d(channels, rd, 1, bias=True)
        self.bn = nn.Identity()
        self.act = nn.ReLU(inplace=True)
        self.fc2 = nn.Conv2d(rd, channels, 1, bias=True)

    def forward(self, x):
        s = x.mean((2, 3), keepdim=True)
        return x * torch.sigmoid(self.fc2(self.act(self.fc1(s))))


class CoordAttn(nn.Module):
    """timm's CoordAttn with its defaults: rd = make_divisible(C * 1/16 * 2/3, 8, round_limit=0), no bias, BN, hard-swish."""

    def __init__(self, channels):
        super().__init__()
        rd = make_divisible(channels * (1. / 16) * (2 / 3), 8, round_limit=0.)
        self.conv1 = nn.Conv2d(channels, rd, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(rd)
        self.act = nn.Hardswish()
        self.conv_h = nn.Conv2d(rd, channels, 1, bias=False)
        self.conv_w = nn.Conv2d(rd, channels, 1, bias=False)

    def forward(self, x):
        n, c, h, w = x.size()
        x_h = x.mean(3, keepdim=True)
        x_w = x.mean(2, keepdim=True).transpose(-1, -2)
        y = self.act(self.bn1(self.conv1(torch.cat([x_h, x_w], dim=2))))
        y_h, y_w = torch.split(y, [h, w], dim=2)
        return x * torch.sigmoid(self.conv_w(y_w.transpose(-1, -2))) * torch.sigmoid(self.conv_h(y_h))


def with_attention(model, make):
    """Puts make(C) after each bottleneck's bn3, before the residual add (timm's Bottleneck.se)."""
    for layer in [model.layer1, model.layer2, model.layer3, model.layer4]:
        for block in layer:
            block.bn3 = nn.Sequential(block.bn3, make(block.bn3.num_features))
    return model


def resnet_d(model):
    """torchvision resnet -> timm ResNet-D: deep stem and average-pool shortcuts."""
    model.conv1 = nn.Sequential(
        nn.Conv2d(3, 32, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(inplace=True),
        nn.Conv2d(32, 32, 3, stride=1, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(inplace=True),
        nn.Conv2d(32, 64, 3, stride=1, padding=1, bias=False))
    for layer in [model.layer1, model.layer2, model.layer3, model.layer4]:
        block = layer[0]
        if block.downsample is None:
            continue
        conv, bn = block.downsample[0], block.downsample[1]
        stride = conv.stride[0]
        pool = nn.Identity() if stride == 1 else nn.AvgPool2d(2, stride, ceil_mode=True, count_include_pad=False)
        block.downsample = nn.Sequential(pool, nn.Conv2d(conv.in_channels, conv.out_channels, 1, bias=False), bn)
    return model


def keys(model, name, rename=lambda k: k):
    lines = [f"{rename(key)} {'x'.join(str(d) for d in value.shape) or 'scalar'}" for key, value in model.state_dict().items()]
    (OUT / f"{name}.keys.txt").write_text("\n".join(lines) + "\n")


def count(model):
    return sum(p.numel() for p in model.parameters())


def attention_key(key):
    # The wrapper above nests bn3 and its attention in a Sequential: bn3.0 -> bn3, bn3.1 -> se (timm's name).
    return key.replace(".bn3.0.", ".bn3.").replace(".bn3.1.", ".se.")


if __name__ == "__main__":
    torch.manual_seed(0)
    resnet50d = resnet_d(torchvision.models.resnet50())
    seresnet50d = with_attention(resnet_d(torchvision.models.resnet50()), SEModule)
    coordattn_resnet50 = with_attention(torchvision.models.resnet50(), CoordAttn)
    for name, model in [("resnet50d", resnet50d), ("seresnet50d", seresnet50d), ("coordattn_resnet50", coordattn_resnet50)]:
        model.eval()
        with torch.no_grad():
            shape = tuple(model(torch.randn(2, 3, 64, 64)).shape)
        print(f"{name}: {count(model):,} parameters, output {shape} at 64x64")
    keys(resnet50d, "resnet50d")
    keys(coordattn_resnet50, "coordattn_resnet50", attention_key)
