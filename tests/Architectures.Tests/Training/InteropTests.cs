using System.Collections;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Architectures.Interop;
using Architectures.Zoo;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Training;

public class InteropTests
{
    public InteropTests() => Runtime.TorchSetup.Once();

    /// <summary>Unzips the committed fixture (scripts/make_pytorch_fixture.py) into a .pt file.</summary>
    private static string PyTorchWeights(ScratchFolder scratch)
    {
        string path = scratch.File("seresnet20.pt");
        using var gz = new GZipStream(File.OpenRead(TestData.Fixture("seresnet20.pt.gz")), CompressionMode.Decompress);
        using var file = File.Create(path);
        gz.CopyTo(file);
        return path;
    }

    [Fact]
    public void PyTorchWeightsGiveTheSameOutputs()
    {
        using var scratch = TestData.Scratch();
        using var model = new SEResNet20();
        PyTorchStateDict.Import(model, "SEResNet20", PyTorchWeights(scratch));
        model.eval();
        var io = PyTorchStateDict.Read(TestData.Fixture("seresnet20-io.pt"));
        using var noGrad = no_grad();
        using var output = model.call(io["input"]);
        double error = (output - io["output"]).abs().max().item<float>();
        Assert.Equal(new long[] { 4, 10 }, output.shape);
        Assert.True(error <= 1e-5, $"max abs error {error:E2}");
        // The comparison can fail: the freshly initialised twin does not match.
        using var fresh = new SEResNet20();
        fresh.eval();
        Assert.True((fresh.call(io["input"]) - io["output"]).abs().max().item<float>() > 1e-2);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ExportThenImportRestoresEveryTensor(bool channelsLast)
    {
        using var scratch = TestData.Scratch();
        string path = scratch.File("export.pt");
        manual_seed(3);
        using var source = new SEResNet20();
        // A model trained channels-last exports the same values as NCHW (its strides are not the file's business).
        if (channelsLast) Architectures.Modules.Layouts.ToChannelsLast(source);
        PyTorchStateDict.Export(source, path);
        manual_seed(4);
        using var target = new SEResNet20();
        PyTorchStateDict.Import(target, "SEResNet20", path);
        var expected = source.state_dict();
        foreach (var (key, value) in target.state_dict())
            Assert.True(value.eq(expected[key]).all().item<bool>(), key);
        // Read back on their own, the tensors are the logical values too (the import above went through a model).
        using var scope = NewDisposeScope();
        var read = PyTorchStateDict.Read(path);
        Assert.True(read["layer1.0.conv1.weight"].eq(expected["layer1.0.conv1.weight"]).all().item<bool>());
        // The keys are torchvision/timm's.
        var keys = read.Keys.ToHashSet();
        Assert.Contains("layer1.0.se.fc1.weight", keys);
        Assert.Contains("layer2.0.downsample.0.weight", keys);
        Assert.Contains("bn1.running_var", keys);
        Assert.Contains("fc.weight", keys);
    }

    [Fact]
    public void AShapeMismatchNamesTheKeyAndBothShapesAndLeavesTheModelAlone()
    {
        using var scratch = TestData.Scratch();
        string path = PyTorchWeights(scratch);
        // Widen the classifier to 12 classes (PyBridge's load_py would copy it silently).
        var table = PyTorchUnpickler.UnpickleStateDict(File.OpenRead(path), false, false);
        table["fc.weight"] = zeros(12, 64);
        string bad = scratch.File("bad.pt");
        using (var stream = File.Create(bad)) PyTorchPickler.PickleStateDict(stream, table, false);

        using var model = new SEResNet20();
        var before = model.state_dict()["conv1.weight"].clone();
        var e = Assert.Throws<StateDictMismatchException>(() => PyTorchStateDict.Import(model, "SEResNet20", bad));
        Assert.Equal($"fc.weight: the {bad} has shape [12, 64], the SEResNet20 expects [10, 64]", e.Message);
        Assert.True(before.eq(model.state_dict()["conv1.weight"]).all().item<bool>());

        using var plain = new ResNet20();
        e = Assert.Throws<StateDictMismatchException>(() => PyTorchStateDict.Import(plain, "ResNet20", path));
        Assert.StartsWith("layer1.0.se.fc1.bias: the ", e.Message);
    }

    [Fact]
    public void NotAStateDictIsReportedAsInvalidData()
    {
        using var scratch = TestData.Scratch();
        string path = scratch.File("junk.pt");
        File.WriteAllText(path, "junk");
        var e = Assert.Throws<InvalidDataException>(() => PyTorchStateDict.Read(path));
        Assert.StartsWith($"{path}: not a readable PyTorch state_dict", e.Message);
    }
}
