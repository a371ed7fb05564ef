using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Architectures.Data;
using Xunit;

namespace Architectures.Tests.Training;

public class IdxReaderTests
{
    internal static byte[] ImagesFile(int count, int rows = 28, int cols = 28, int magic = IdxReader.ImagesMagic, int? dropBytes = null)
    {
        var bytes = new byte[16 + count * rows * cols];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        for (int i = 16; i < bytes.Length; i++) bytes[i] = (byte)(i * 7);
        return dropBytes is null ? bytes : bytes[..^dropBytes.Value];
    }

    internal static byte[] LabelsFile(int count, int magic = IdxReader.LabelsMagic)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        for (int i = 0; i < count; i++) bytes[8 + i] = (byte)(i % 10);
        return bytes;
    }

    internal static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return buffer.ToArray();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsImagesPlainOrGzipped(bool gzipped)
    {
        var raw = ImagesFile(3, 4, 5);
        var (pixels, count, rows, cols) = IdxReader.ReadImages(new MemoryStream(gzipped ? Gzip(raw) : raw), "images");
        Assert.Equal((3, 4, 5), (count, rows, cols));
        Assert.Equal(raw[16..], pixels);
    }

    [Fact]
    public void ReadsLabels()
    {
        var labels = IdxReader.ReadLabels(new MemoryStream(Gzip(LabelsFile(12))), "labels");
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (byte)(i % 10)), labels);
    }

    [Fact]
    public void WrongMagicIsNamed()
    {
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(new MemoryStream(LabelsFile(3)), "x.idx"));
        Assert.Equal("x.idx: not an IDX image file (magic 0x00000801, expected 0x00000803)", e.Message);
        e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(new MemoryStream(ImagesFile(1)), "y.idx"));
        Assert.Contains("not an IDX label file", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedPayloadIsReported(bool gzipped)
    {
        var raw = ImagesFile(2, dropBytes: 100);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(new MemoryStream(gzipped ? Gzip(raw) : raw), "t.idx"));
        Assert.Equal("t.idx: truncated: header promises 2 images of 28×28 (1,568 bytes), file holds 1,468", e.Message);
    }

    [Fact]
    public void TruncatedHeaderAndCutGzipAreReported()
    {
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(new MemoryStream(new byte[] { 0, 0, 8 }), "h.idx"));
        Assert.Contains("truncated header", e.Message);
        var gz = Gzip(ImagesFile(50));
        e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(new MemoryStream(gz[..(gz.Length / 2)]), "cut.gz"));
        Assert.StartsWith("cut.gz: ", e.Message);
    }

    [Fact]
    public void EmbeddedSampleIsBalancedFashionMnist()
    {
        var sample = FashionMnist.LoadSample();
        Assert.Equal(1200, sample.Train.Count);
        Assert.Equal(300, sample.Test.Count);
        Assert.All(sample.Train.ClassCounts(), n => Assert.Equal(120, n));
        Assert.All(sample.Test.ClassCounts(), n => Assert.Equal(30, n));
        Assert.Equal((28, 28), (sample.Train.Rows, sample.Train.Cols));
    }

    [Fact]
    public void FolderErrorsNameTheMissingFile()
    {
        using var scratch = TestData.Scratch();
        var e = Assert.Throws<DirectoryNotFoundException>(() => FashionMnist.Load(scratch.File("absent")));
        Assert.Contains("does not exist", e.Message);
        File.WriteAllBytes(scratch.File("train-images-idx3-ubyte.gz"), Gzip(ImagesFile(10)));
        var missing = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(scratch.Path));
        Assert.Contains("train-labels-idx1-ubyte", missing.Message);
    }

    [Fact]
    public void LabelCountMustMatchImages()
    {
        using var scratch = TestData.Scratch();
        File.WriteAllBytes(scratch.File("train-images-idx3-ubyte"), ImagesFile(10));
        File.WriteAllBytes(scratch.File("train-labels-idx1-ubyte.gz"), Gzip(LabelsFile(9)));
        File.WriteAllBytes(scratch.File("t10k-images-idx3-ubyte"), ImagesFile(4));
        File.WriteAllBytes(scratch.File("t10k-labels-idx1-ubyte"), LabelsFile(4));
        var e = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(scratch.Path));
        Assert.Contains("9 labels for 10 images", e.Message);
        File.WriteAllBytes(scratch.File("train-labels-idx1-ubyte.gz"), Gzip(LabelsFile(10)));
        var data = FashionMnist.Load(scratch.Path);
        Assert.Equal((10, 4), (data.Train.Count, data.Test.Count));
    }
}
