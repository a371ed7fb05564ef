using System.IO;
using System.Linq;
using System.Threading;
using Architectures.Data;
using Architectures.Training;
using Architectures.Tests.Training;
using Xunit;

namespace Architectures.Tests.Data;

/// <summary>CIFAR-10's binary batches, on synthetic files the tests write.</summary>
public class Cifar10Tests
{
    internal static string WriteCifar(string folder, int perBatch = 20, int batches = 2, int test = 10)
    {
        Directory.CreateDirectory(folder);
        for (int b = 1; b <= batches; b++) DataFiles.WriteCifarBatch(Path.Combine(folder, $"data_batch_{b}.bin"), DataFiles.CyclingLabels(perBatch));
        DataFiles.WriteCifarBatch(Path.Combine(folder, "test_batch.bin"), DataFiles.CyclingLabels(test));
        return folder;
    }

    [Fact]
    public void ReadsRecordsChannelByChannel()
    {
        using var scratch = TestData.Scratch();
        WriteCifar(scratch.File("cifar-10-batches-bin"), perBatch: 20, batches: 2, test: 10);
        var data = DataSources.Load(scratch.Path, new DataRequest(3, 32));   // a bare folder holding the unpacked archive
        Assert.Equal((40, 10, "3×32×32"), (data.Train.Count, data.Test.Count, data.Train.Shape));
        Assert.Equal(DataFiles.CyclingLabels(20).Concat(DataFiles.CyclingLabels(20)).Select(l => (int)l), data.Train.Labels);
        Assert.Equal("airplane", data.Train.ClassNames[0]);
        var image = data.Train.Image(23).ToArray();                            // record 3 of the second batch, label 3
        Assert.All(image[..1024], p => Assert.Equal(3, p));
        Assert.All(image[1024..2048], p => Assert.Equal(103, p));
        Assert.All(image[2048..], p => Assert.Equal(200, p));
        Assert.Equal(data.Train.Labels, DataSources.Load("cifar10:" + scratch.Path, new DataRequest(3, 32)).Train.Labels);
    }

    [Fact]
    public void ACorruptBatchIsNamed()
    {
        using var scratch = TestData.Scratch();
        WriteCifar(scratch.Path);
        string batch = scratch.File("data_batch_2.bin");
        File.WriteAllBytes(batch, File.ReadAllBytes(batch)[..^5]);
        var e = Assert.Throws<InvalidDataException>(() => Cifar10.Load(scratch.Path));
        Assert.Equal($"{batch}: 61,455 bytes is not a whole number of 3,073-byte CIFAR-10 records (label + 3×32×32 pixels)", e.Message);

        DataFiles.WriteCifarBatch(batch, new byte[] { 1, 2, 12 });
        e = Assert.Throws<InvalidDataException>(() => Cifar10.Load(scratch.Path));
        Assert.StartsWith($"{batch}: record 2 has label 12, not a class 0–9", e.Message);

        File.Delete(scratch.File("test_batch.bin"));
        Assert.Contains("has no test_batch.bin", Assert.Throws<FileNotFoundException>(() => Cifar10.Load(scratch.Path)).Message);
    }

    [Fact]
    public void TrainsAHandWrittenNetworkOnSyntheticCifar()
    {
        using var scratch = TestData.Scratch();
        WriteCifar(scratch.File("cifar"), perBatch: 30, batches: 2, test: 20);
        var tiny = DataFiles.TinyRgbNet(size: 32, classes: 10, name: "TinyCifarNet");
        var options = new TrainingOptions
        {
            Models = new[] { tiny.Name }, Data = "cifar10:" + scratch.File("cifar"), TrainImages = 0, Epochs = 2, BatchSize = 12, Threads = 1,
        };
        var run = TrainingRun.Create(scratch.File("run"), options, architectures: new[] { tiny });
        // Computed from the training images: red is 0–29 (mean 14.5), green 100–109 (104.5), blue 200.
        Assert.Equal(new[] { 14.5f / 255, 104.5f / 255, 200f / 255 }, run.Data.Normalization!.Mean.ToArray(), new FloatTolerance(1e-6f));
        Assert.Equal(1f, run.Data.Normalization.Std[2]);                         // a constant channel divides by one
        var observer = new RecordingObserver();
        var history = run.Execute(new[] { tiny }, observer, CancellationToken.None).Single().History;
        Assert.Equal(10, observer.Steps);
        Assert.Equal(2, history.Epochs.Count);
        Assert.All(history.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss) && double.IsFinite(e.TestLoss)));
    }

    private sealed class FloatTolerance(float tolerance) : System.Collections.Generic.IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => System.Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
