using System.Collections.Generic;
using System.IO;
using System.Linq;
using Architectures.Zoo;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Runtime;

/// <summary>The generated modules' state_dict keys and shapes are torchvision's (and timm's for SE), so weights load unrenamed.</summary>
public class StateDictKeyTests
{
    public StateDictKeyTests() => TorchSetup.Once();

    // Fixtures/*.keys.txt are written by scripts/torchvision_keys.py from torchvision 0.14; resnet50d and
    // coordattn_resnet50 by scripts/resnet_d_reference.py (timm's layouts rebuilt on torchvision's resnet50).
    // Compared in sorted order: TorchSharp lists parameters before buffers, PyTorch interleaves them; loading is by key.
    private static List<string> TorchvisionKeys(string model) =>
        File.ReadAllLines(Path.Combine(System.AppContext.BaseDirectory, "Runtime", "Fixtures", model + ".keys.txt"))
            .Where(l => l.Length > 0).Order(System.StringComparer.Ordinal).ToList();

    private static List<string> Keys(nn.Module module) =>
        module.state_dict().Select(kv => $"{kv.Key} {(kv.Value.shape.Length == 0 ? "scalar" : string.Join("x", kv.Value.shape))}")
            .Order(System.StringComparer.Ordinal).ToList();

    [Theory]
    [InlineData("ResNet18", "resnet18")]
    [InlineData("ResNet50", "resnet50")]
    [InlineData("ResNeXt50_32x4d", "resnext50_32x4d")]
    [InlineData("ResNet34", "resnet34")]
    [InlineData("ResNet50D", "resnet50d")]
    [InlineData("MobileNetV2", "mobilenet_v2")]
    [InlineData("MobileNetV3Small", "mobilenet_v3_small")]
    [InlineData("MobileNetV3Large", "mobilenet_v3_large")]
    [InlineData("EfficientNetB0", "efficientnet_b0")]
    [InlineData("RegNetY400MF", "regnet_y_400mf")]
    [InlineData("EfficientNetB1", "efficientnet_b1")]
    [InlineData("EfficientNetB2", "efficientnet_b2")]
    [InlineData("EfficientNetB3", "efficientnet_b3")]
    [InlineData("RegNetY800MF", "regnet_y_800mf")]
    public void NetworksHaveTorchvisionKeysAndShapes(string architecture, string torchvisionModel)
    {
        using var module = Catalog.Find(architecture)!.Create();
        Assert.Equal(TorchvisionKeys(torchvisionModel), Keys(module));
    }

    /// <summary>timm's CoordAttn keys (conv1, bn1 with its statistics, conv_h, conv_w) under each bottleneck's se.</summary>
    [Fact]
    public void CoordAttnResNet50HasTimmCoordAttnKeys()
    {
        using var module = new CoordAttnResNet50();
        Assert.Equal(TorchvisionKeys("coordattn_resnet50"), Keys(module));
        Assert.Contains("layer4.2.se.conv_w.weight 2048x88x1x1", Keys(module));
    }

    [Fact]
    public void SEResNet50AddsTimmSEKeysToEveryBottleneck()
    {
        using var module = new SEResNet50();
        var keys = Keys(module);
        var plain = TorchvisionKeys("resnet50");
        Assert.Equal(plain, keys.Where(k => !k.Contains(".se.")).ToList());
        var se = keys.Where(k => k.Contains(".se.")).ToList();
        Assert.Equal(16 * 4, se.Count);
        Assert.Contains("layer1.0.se.fc1.weight 16x256x1x1", se);
        Assert.Contains("layer1.0.se.fc1.bias 16", se);
        Assert.Contains("layer4.2.se.fc2.weight 2048x128x1x1", se);
        Assert.Contains("layer4.2.se.fc2.bias 2048", se);
    }
}
