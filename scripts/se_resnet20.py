"""ResNet-20 and SE-ResNet-20 for 28×28 grayscale images, written in plain PyTorch with the same state_dict keys as
the generated C# networks (examples/Architectures.Zoo/SmallImage.cs): 3×3 stem, basic units 3-3-3 with widths
16/32/64, projection shortcuts (1×1 conv + BN, key `downsample.0/1`) where the shape changes, SE with r = 4 whose
fc1/fc2 are 1×1 convolutions with bias (timm's layout), Standard placement: relu(shortcut + u · s).
"""
import torch
from torch import nn


class SqueezeExcitation(nn.Module):
    def __init__(self, channels, reduction=4):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, channels // reduction, kernel_size=1, bias=True)
        self.fc2 = nn.Conv2d(channels // reduction, channels, kernel_size=1, bias=True)

    def forward(self, u):
        s = u.mean((2, 3), keepdim=True)
        return torch.sigmoid(self.fc2(torch.relu(self.fc1(s))))


class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride=1, se=False):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.se = SqueezeExcitation(planes) if se else None
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        shortcut = x if self.downsample is None else self.downsample(x)
        u = self.bn2(self.conv2(torch.relu(self.bn1(self.conv1(x)))))
        if self.se is not None:
            u = u * self.se(u)
        return torch.relu(shortcut + u)


class ResNet20(nn.Module):
    def __init__(self, se=False, classes=10, widths=(16, 32, 64), blocks=(3, 3, 3)):
        super().__init__()
        self.conv1 = nn.Conv2d(1, widths[0], 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        inplanes = widths[0]
        for i, (width, count) in enumerate(zip(widths, blocks)):
            stride = 1 if i == 0 else 2
            units = [BasicBlock(inplanes, width, stride, se)] + [BasicBlock(width, width, 1, se) for _ in range(count - 1)]
            setattr(self, f"layer{i + 1}", nn.Sequential(*units))
            inplanes = width
        self.fc = nn.Linear(inplanes, classes)
        # torchvision's initialisation, as Layers.InitializeResNet does in C#.
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(x.mean((2, 3)))
