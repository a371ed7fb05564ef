using System;
using System.IO;
using System.Linq;
using Architectures.Data;
using Architectures.Modules;
using Architectures.Training;
using Architectures.Zoo;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Training;

public class CheckpointTests
{
    private static void Step(nn.Module<Tensor, Tensor> model, FlatSgd optimizer, HostBatch batch, bool channelsLast = false)
    {
        using var scope = NewDisposeScope();
        var (x, y) = batch.ToTensors(CPU);
        if (channelsLast) x = Layouts.ToChannelsLast(x);
        model.zero_grad(set_to_none: true);
        nn.functional.cross_entropy(model.call(x), y).backward();
        optimizer.Step();
    }

    private static float[] Flat(nn.Module model) =>
        model.state_dict().Values.SelectMany(t => t.to(float32).contiguous().data<float>().ToArray()).ToArray();

    private static SEResNet20 Model(int seed, bool channelsLast)
    {
        manual_seed(seed);
        var model = new SEResNet20();
        if (channelsLast) Layouts.ToChannelsLast(model);
        return model;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RoundTripRestoresWeightsBuffersAndMomentum(bool channelsLast)
    {
        var data = TestData.Tiny();
        var batches = new BatchSource(data.Train, 16, shuffle: true, augment: true, seed: 5, dropLast: true).Epoch(0).Take(3).ToList();
        using var scratch = TestData.Scratch();
        string path = scratch.File("m.ckpt");

        using var a = Model(1, channelsLast);
        using var optA = new FlatSgd(a.parameters(), 0.1, 0.9, 5e-4);
        Step(a, optA, batches[0], channelsLast);
        Step(a, optA, batches[1], channelsLast);
        Checkpoint.Save(path, new CheckpointHeader { Model = "SEResNet20", Epoch = 1, Step = 2 }, a, optA);

        using var b = Model(99, channelsLast);
        using var optB = new FlatSgd(b.parameters(), 0.1, 0.9, 5e-4);
        var header = Checkpoint.Load(path, b, "SEResNet20", optB);
        Assert.Equal((1, 2L), (header.Epoch, header.Step));
        Assert.Equal(Flat(a), Flat(b));
        Assert.Equal(Momentum(optA), Momentum(optB));

        // The next step only agrees if the momentum buffers came back too.
        Step(a, optA, batches[2], channelsLast);
        Step(b, optB, batches[2], channelsLast);
        Assert.Equal(Flat(a), Flat(b));

        // Without momentum the step would differ: the comparison above can fail.
        using var c = Model(99, channelsLast);
        using var optC = new FlatSgd(c.parameters(), 0.1, 0.9, 5e-4);
        Checkpoint.Load(path, c, "SEResNet20", optimizer: null);
        Step(c, optC, batches[2], channelsLast);
        Assert.NotEqual(Flat(a), Flat(c));
    }

    private static Tensor[] Buffers(FlatSgd optimizer) =>
        Enumerable.Range(0, optimizer.Parameters.Count).Select(i => optimizer.MomentumOf(i)!).ToArray();

    private static float[] Momentum(FlatSgd optimizer) =>
        Buffers(optimizer).SelectMany(b => b.contiguous().data<float>().ToArray()).ToArray();

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void ACheckpointMovesBetweenLayouts(bool savedChannelsLast, bool loadedChannelsLast)
    {
        var data = TestData.Tiny();
        var batch = new BatchSource(data.Train, 16, shuffle: true, augment: false, seed: 5, dropLast: true).Epoch(0).First();
        using var scratch = TestData.Scratch();
        string path = scratch.File("m.ckpt");
        using var a = Model(1, savedChannelsLast);
        using var optA = new FlatSgd(a.parameters(), 0.1, 0.9);
        Step(a, optA, batch, savedChannelsLast);
        Checkpoint.Save(path, new CheckpointHeader { Model = "SEResNet20", Epoch = 1, Step = 1 }, a, optA);

        // Stored in logical order: the same weights and momentum whatever layout reads them, in the reader's layout.
        using var b = Model(2, loadedChannelsLast);
        using var optB = new FlatSgd(b.parameters(), 0.1, 0.9);
        Checkpoint.Load(path, b, "SEResNet20", optB);
        Assert.Equal(Flat(a), Flat(b));
        Assert.Equal(Momentum(optA), Momentum(optB));
        var buffers = Buffers(optB);
        var parameters = b.parameters().ToArray();
        for (int i = 0; i < parameters.Length; i++)
            if (parameters[i].dim() == 4) Assert.Equal(loadedChannelsLast, Layouts.IsChannelsLast(buffers[i]));
    }

    [Fact]
    public void AFormat1CheckpointLoadsItsWeightsButCannotBeResumed()
    {
        using var scratch = TestData.Scratch();
        string path = scratch.File("m.ckpt");
        using var a = Model(1, channelsLast: false);
        using var optA = new FlatSgd(a.parameters(), 0.1, 0.9);
        Checkpoint.Save(path, new CheckpointHeader { Model = "SEResNet20", Epoch = 1, Step = 1 }, a, optA);
        // The version sits outside the hashed payload; the weights are stored the same way in both formats.
        byte[] bytes = File.ReadAllBytes(path);
        BitConverter.GetBytes(1).CopyTo(bytes, "ARCHCKPT".Length);
        File.WriteAllBytes(path, bytes);

        using var b = Model(2, channelsLast: false);
        Checkpoint.Load(path, b, "SEResNet20", optimizer: null);
        Assert.Equal(Flat(a), Flat(b));
        using var optB = new FlatSgd(b.parameters(), 0.1, 0.9);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, b, "SEResNet20", optB));
        Assert.Contains("format 1 holds TorchSharp's optimizer state, which this version no longer reads, so the run cannot be resumed: start a new one", e.Message);

        BitConverter.GetBytes(7).CopyTo(bytes, "ARCHCKPT".Length);
        File.WriteAllBytes(path, bytes);
        e = Assert.Throws<CheckpointException>(() => Checkpoint.ReadHeader(path));
        Assert.Contains("checkpoint format 7, this program reads 1 and 2", e.Message);
    }

    [Fact]
    public void ResumedMomentumBuffersFollowTheModelsDevice()
    {
        // A resumed CUDA run needs its momentum buffers on the GPU: each is restored like its parameter (device and
        // layout), whereas a buffer left on the CPU would make the first resumed step mix devices. Without a GPU the
        // meta device stands in for "not the CPU".
        var data = TestData.Tiny();
        var batch = new BatchSource(data.Train, 16, shuffle: true, augment: false, seed: 5, dropLast: true).Epoch(0).First();
        using var scratch = TestData.Scratch();
        string path = scratch.File("m.ckpt");

        manual_seed(1);
        using var a = new ResNet20();
        using var optA = new FlatSgd(a.parameters(), 0.1, 0.9);
        Step(a, optA, batch);
        Checkpoint.Save(path, new CheckpointHeader { Model = "ResNet20", Epoch = 1, Step = 1 }, a, optA);

        var meta = new Device(DeviceType.META);
        using var b = new ResNet20();
        b.to(meta);
        using var optB = new FlatSgd(b.parameters(), 0.1, 0.9);
        Checkpoint.Load(path, b, "ResNet20", optB);

        var buffers = Buffers(optB);
        Assert.Equal(a.parameters().Count(), buffers.Length);
        Assert.All(buffers, buffer => Assert.Equal(DeviceType.META, buffer.device_type));
        // The buffers still have their parameters' shapes (the CPU round trip above checks their values).
        Assert.Equal(b.parameters().Select(p => p.shape), buffers.Select(t => t.shape));
    }

    [Fact]
    public void DamageIsDetectedBeforeTheModelIsTouched()
    {
        using var scratch = TestData.Scratch();
        string path = scratch.File("m.ckpt");
        using var model = new ResNet20();
        Checkpoint.Save(path, new CheckpointHeader { Model = "ResNet20", Epoch = 3, Step = 30 }, model, optimizer: null);
        byte[] good = File.ReadAllBytes(path);

        var flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, flipped);
        using var target = new ResNet20();
        var before = Flat(target);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, target, "ResNet20", null));
        Assert.Contains("corrupt", e.Message);
        Assert.Equal(before, Flat(target));

        File.WriteAllBytes(path, good[..^1000]);
        e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, target, "ResNet20", null));
        Assert.Contains("truncated", e.Message);

        File.WriteAllBytes(path, "not a checkpoint at all"u8.ToArray());
        e = Assert.Throws<CheckpointException>(() => Checkpoint.ReadHeader(path));
        Assert.Contains("bad magic", e.Message);
    }

    [Fact]
    public void AnotherModelsCheckpointIsRefusedWithTheFirstBadKey()
    {
        using var scratch = TestData.Scratch();
        string path = scratch.File("m.ckpt");
        using var se = new SEResNet20();
        Checkpoint.Save(path, new CheckpointHeader { Model = "SEResNet20", Epoch = 1, Step = 1 }, se, null);
        using var plain = new ResNet20();
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, plain, "ResNet20", null));
        Assert.Contains("checkpoint of SEResNet20, not of ResNet20", e.Message);
        e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, plain, "SEResNet20", null));
        Assert.Contains("layer1.0.se.fc1.bias: the checkpoint has this key ([4]), the SEResNet20 does not", e.Message);
    }

    [Fact]
    public void AFailedWriteLeavesThePreviousFileAndNoTemporary()
    {
        using var scratch = TestData.Scratch();
        string path = scratch.File("m.ckpt");
        File.WriteAllText(path, "previous");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[1000]);
            throw new IOException("disk full");
        }));
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(scratch.Path));
    }
}
