# The runtime units of Architectures (src/Architectures/Modules), in PyTorch: the same computations and the same
# state_dict keys as the TorchSharp modules, so weights move between the two without renaming.
from collections import OrderedDict

import torch
from torch import nn
from torch.nn import functional as F


def activate(x, kind):
    return {"relu": F.relu, "relu6": F.relu6, "silu": F.silu, "hardswish": F.hardswish, "gelu": F.gelu}[kind](x)


def gate(x, kind):
    return {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": F.relu, "hardsigmoid": F.hardsigmoid}[kind](x)


class Excitation(nn.Module):
    """A member of the SE family: excite(u) is the gate s; as a module in a sequence it returns s * u."""

    def forward(self, u):
        return u * self.excite(u)


class SqueezeExcitation(Excitation):
    """Hu et al.'s SE: s = gate(fc2(act(fc1(squeeze(u))))), fc1/fc2 1x1 convolutions (timm's keys)."""

    def __init__(self, channels, reduced, squeeze="average", gate="sigmoid", bias=True, activation="relu"):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, reduced, kernel_size=1, bias=bias)
        self.fc2 = nn.Conv2d(reduced, channels, kernel_size=1, bias=bias)
        self.squeeze, self.gate, self.activation = squeeze, gate, activation

    def _logits(self, z):
        return self.fc2(activate(self.fc1(z), self.activation))

    def excite(self, u):
        if self.squeeze == "average":
            logits = self._logits(u.mean((2, 3), keepdim=True))
        elif self.squeeze == "max":
            logits = self._logits(u.amax((2, 3), keepdim=True))
        else:
            logits = self._logits(u.mean((2, 3), keepdim=True)) + self._logits(u.amax((2, 3), keepdim=True))
        return gate(logits, self.gate)


class CoordinateAttention(Excitation):
    """Hou et al.'s coordinate attention (timm's CoordAttn keys): row and column strips through one 1x1 encoder, a gate each."""

    def __init__(self, channels, reduced, gate="sigmoid", bias=False, activation="hardswish"):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, reduced, kernel_size=1, bias=bias)
        self.bn1 = nn.BatchNorm2d(reduced)
        self.conv_h = nn.Conv2d(reduced, channels, kernel_size=1, bias=bias)
        self.conv_w = nn.Conv2d(reduced, channels, kernel_size=1, bias=bias)
        self.gate, self.activation = gate, activation

    def excite(self, u):
        height, width = u.shape[2], u.shape[3]
        rows = u.mean(3, keepdim=True)
        columns = u.mean(2, keepdim=True).transpose(-1, -2)
        encoded = activate(self.bn1(self.conv1(torch.cat([rows, columns], 2))), self.activation)
        row_strip, column_strip = torch.split(encoded, [height, width], 2)
        return gate(self.conv_h(row_strip), self.gate) * gate(self.conv_w(column_strip.transpose(-1, -2)), self.gate)


class EffectiveSqueezeExcitation(Excitation):
    def __init__(self, channels, gate="sigmoid", bias=True):
        super().__init__()
        self.fc = nn.Conv2d(channels, channels, kernel_size=1, bias=bias)
        self.gate = gate

    def excite(self, u):
        return gate(self.fc(u.mean((2, 3), keepdim=True)), self.gate)


class EfficientChannelAttention(Excitation):
    def __init__(self, kernel_size, circular=False, gate="sigmoid"):
        super().__init__()
        self.padding = (kernel_size - 1) // 2
        self.conv = nn.Conv1d(1, 1, kernel_size, padding=0 if circular else self.padding, bias=False)
        self.circular, self.gate = circular, gate

    def excite(self, u):
        y = u.mean((2, 3)).unsqueeze(1)
        if self.circular:
            y = F.pad(y, (self.padding, self.padding), mode="circular")
        return gate(self.conv(y), self.gate).view(u.shape[0], u.shape[1], 1, 1)


class GatherExcite(Excitation):
    def __init__(self, gate="sigmoid"):
        super().__init__()
        self.gate = gate

    def excite(self, u):
        return gate(u.mean((2, 3), keepdim=True), self.gate)


class NoSqueezeExcitation(Excitation):
    def __init__(self, channels, reduced, gate="sigmoid", bias=True, activation="relu"):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, reduced, kernel_size=1, bias=bias)
        self.fc2 = nn.Conv2d(reduced, channels, kernel_size=1, bias=bias)
        self.gate, self.activation = gate, activation

    def excite(self, u):
        return gate(self.fc2(activate(self.fc1(u), self.activation)), self.gate)


class ResidualUnit(nn.Module):
    """ResNet's basic (conv1..2) or bottleneck (conv1..3) unit with the SE placements of the paper's Table 14/15."""

    def __init__(self, layers, se=None, downsample=None, placement="none"):
        super().__init__()
        for name, module in layers.items():
            setattr(self, name, module)
        self.pairs = [(f"conv{i}", f"bn{i}") for i in range(1, len(layers) // 2 + 1)]
        self.se = se
        self.downsample = downsample
        self.placement = placement

    def _norm(self, index, x):
        conv, bn = self.pairs[index]
        return getattr(self, bn)(getattr(self, conv)(x))

    def forward(self, x):
        shortcut = x if self.downsample is None else self.downsample(x)
        if self.placement == "pre":
            x = x * self.se.excite(x)
        y = x
        for i in range(len(self.pairs) - 1):
            y = F.relu(self._norm(i, y))
            if self.placement == "after_conv3x3" and i == 1:
                y = y * self.se.excite(y)
        u = self._norm(len(self.pairs) - 1, y)
        if self.placement == "standard":
            u = u * self.se.excite(u)
        elif self.placement == "identity":
            shortcut = shortcut * self.se.excite(shortcut)
        out = F.relu(u + shortcut)
        if self.placement == "post":
            out = out * self.se.excite(out)
        return out


class InvertedResidual(nn.Module):
    """MobileNetV2/V3 and EfficientNet's unit: its layers under `block` (or `conv`), plus the input when residual."""

    def __init__(self, layers_name, layers, residual, drop_probability=0.0):
        super().__init__()
        self.layers_name = layers_name
        setattr(self, layers_name, layers)
        self.residual, self.drop_probability = residual, drop_probability

    def forward(self, x):
        y = getattr(self, self.layers_name)(x)
        if not self.residual:
            return y
        if self.training and self.drop_probability > 0:
            keep = 1 - self.drop_probability
            y = y * torch.empty(x.shape[0], 1, 1, 1, dtype=y.dtype, device=y.device).bernoulli_(keep).div_(keep)
        return y + x


class BottleneckTransform(nn.Module):
    def __init__(self, a, b, se, c):
        super().__init__()
        self.a, self.b, self.se, self.c = a, b, se, c

    def forward(self, x):
        y = self.b(self.a(x))
        if self.se is not None:
            y = self.se(y)
        return self.c(y)


class ResBottleneckBlock(nn.Module):
    def __init__(self, f, proj=None):
        super().__init__()
        self.proj, self.f = proj, f

    def forward(self, x):
        shortcut = x if self.proj is None else self.proj(x)
        return F.relu(self.f(x) + shortcut)
