using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using static TorchSharp.torch;

namespace Architectures.Data;

/// <summary>One batch as it leaves the data path: normalised pixels [N, C, H, W] and class indices [N], on the host.</summary>
public sealed record HostBatch(float[] Pixels, long[] Labels, int Channels, int Rows, int Cols)
{
    /// <summary>A one-channel batch.</summary>
    public HostBatch(float[] pixels, long[] labels, int rows, int cols) : this(pixels, labels, 1, rows, cols)
    {
    }

    public int Count => Labels.Length;

    /// <summary>Copies the batch into tensors on <paramref name="device"/> (created in the caller's dispose scope).</summary>
    public (Tensor Images, Tensor Labels) ToTensors(Device device)
    {
        var images = tensor(Pixels, new long[] { Count, Channels, Rows, Cols });
        var labels = tensor(Labels, new long[] { Count });
        return device.type == TorchSharp.DeviceType.CPU ? (images, labels) : (images.to(device), labels.to(device));
    }
}

/// <summary>
/// What the trainer draws batches from: a fixed number of batches per epoch, each epoch replayable. Implement it to
/// train on data of your own making; <see cref="BatchSource"/> is the one over an <see cref="ImageSet"/>.
/// </summary>
public interface IBatchSource
{
    /// <summary>Images in the whole set.</summary>
    int ImageCount { get; }

    /// <summary>Batches one epoch yields.</summary>
    int BatchesPerEpoch { get; }

    /// <summary>The batches of one epoch (0-based); the same epoch must yield the same batches when replayed (resume).</summary>
    IEnumerable<HostBatch> Epoch(int epoch);
}

/// <summary>
/// Turns an <see cref="ImageSet"/> into batches: per-epoch shuffling, the standard augmentation (zero-pad 4 and a
/// random crop of the original size, random horizontal flip; the same offsets for every channel of an image) and
/// per-channel normalisation, all on bytes in managed code. Every random choice comes from a generator seeded with
/// (seed, epoch), so an epoch's batches are the same whenever it is replayed: a resumed run sees exactly the data the
/// uninterrupted run saw. The next batch is prepared on a worker thread while the current one trains (one batch of
/// look-ahead).
/// </summary>
public sealed class BatchSource : IBatchSource
{
    private readonly ImageSet _set;
    private readonly float[] _scale, _shift;

    /// <summary>One mean and standard deviation for every channel (Fashion-MNIST's by default).</summary>
    public BatchSource(ImageSet set, int batchSize, bool shuffle, bool augment, int seed, bool dropLast,
        int padding = 4, float mean = FashionMnist.Mean, float std = FashionMnist.Std)
        : this(set, batchSize, shuffle, augment, seed, dropLast,
            new Normalization(Enumerable.Repeat(mean, set.Channels).ToArray(), Enumerable.Repeat(std, set.Channels).ToArray()), padding)
    {
    }

    public BatchSource(ImageSet set, int batchSize, bool shuffle, bool augment, int seed, bool dropLast,
        Normalization normalization, int padding = 4)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be positive");
        if (set.Count == 0) throw new ArgumentException("the image set is empty", nameof(set));
        if (normalization.Mean.Count != set.Channels || normalization.Std.Count != set.Channels)
            throw new ArgumentException(
                $"normalisation has {normalization.Mean.Count} means and {normalization.Std.Count} standard deviations for {set.Channels}-channel images",
                nameof(normalization));
        _set = set;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Augment = augment;
        Padding = padding;
        Seed = seed;
        DropLast = dropLast && set.Count >= batchSize;
        Normalization = normalization;
        // x̂ = (x/255 − mean)/std as one multiply-add per pixel; padding is a zero pixel, normalised.
        _scale = normalization.Std.Select(s => 1f / (255f * s)).ToArray();
        _shift = normalization.Mean.Zip(normalization.Std, (m, s) => -m / s).ToArray();
    }

    public int BatchSize { get; }
    public bool Shuffle { get; }
    public bool Augment { get; }
    public int Padding { get; }
    public int Seed { get; }
    public bool DropLast { get; }
    public Normalization Normalization { get; }
    public ImageSet Images => _set;
    public int ImageCount => _set.Count;

    /// <summary>Batches per epoch (the last, smaller batch is dropped when <see cref="DropLast"/>).</summary>
    public int BatchesPerEpoch => DropLast ? _set.Count / BatchSize : (_set.Count + BatchSize - 1) / BatchSize;

    /// <summary>Images per epoch actually seen.</summary>
    public int ImagesPerEpoch => DropLast ? BatchesPerEpoch * BatchSize : _set.Count;

    /// <summary>The batches of one epoch (0-based), each prepared one step ahead on a worker thread.</summary>
    public IEnumerable<HostBatch> Epoch(int epoch)
    {
        var random = new Random(unchecked(Seed * 1_000_003 + epoch));
        int[] order = new int[_set.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (Shuffle) random.Shuffle(order);

        // Batches are built strictly in order from one generator, so the look-ahead does not change any random choice.
        Task<HostBatch>? next = null;
        for (int b = 0; b < BatchesPerEpoch; b++)
        {
            int first = b * BatchSize;
            int count = Math.Min(BatchSize, order.Length - first);
            HostBatch current = next is null ? Build(order, first, count, random) : next.Result;
            int following = b + 1;
            next = following < BatchesPerEpoch
                ? Task.Run(() => Build(order, following * BatchSize, Math.Min(BatchSize, order.Length - following * BatchSize), random))
                : null;
            yield return current;
        }
    }

    private HostBatch Build(int[] order, int first, int count, Random random)
    {
        int channels = _set.Channels, rows = _set.Rows, cols = _set.Cols, plane = rows * cols, size = _set.ImageSize;
        var pixels = new float[(long)count * size];
        var labels = new long[count];
        for (int k = 0; k < count; k++)
        {
            int index = order[first + k];
            labels[k] = _set.Labels[index];
            var image = _set.Image(index);
            if (!Augment)
            {
                for (int c = 0; c < channels; c++)
                {
                    var source = image.Slice(c * plane, plane);
                    var target = pixels.AsSpan(k * size + c * plane, plane);
                    float scale = _scale[c], shift = _shift[c];
                    for (int p = 0; p < plane; p++) target[p] = source[p] * scale + shift;
                }
                continue;
            }
            // Offsets into the zero-padded image: a crop at (dy, dx) of the (H+2p)×(W+2p) canvas, one per image.
            int dy = random.Next(2 * Padding + 1) - Padding;
            int dx = random.Next(2 * Padding + 1) - Padding;
            bool flip = random.Next(2) == 1;
            for (int c = 0; c < channels; c++)
            {
                var source = image.Slice(c * plane, plane);
                var target = pixels.AsSpan(k * size + c * plane, plane);
                float scale = _scale[c], shift = _shift[c];
                for (int r = 0; r < rows; r++)
                {
                    int sr = r + dy;
                    var line = target.Slice(r * cols, cols);
                    if ((uint)sr >= (uint)rows)
                    {
                        line.Fill(shift);
                        continue;
                    }
                    var sourceLine = source.Slice(sr * cols, cols);
                    for (int col = 0; col < cols; col++)
                    {
                        int sc = (flip ? cols - 1 - col : col) + dx;
                        line[col] = (uint)sc < (uint)cols ? sourceLine[sc] * scale + shift : shift;
                    }
                }
            }
        }
        return new HostBatch(pixels, labels, channels, rows, cols);
    }
}
