using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using static TorchSharp.torch;

namespace Architectures.Data;

/// <summary>One batch as it leaves the data path: normalised pixels [N, 1, H, W] and class indices [N], on the host.</summary>
public sealed record HostBatch(float[] Pixels, long[] Labels, int Rows, int Cols)
{
    public int Count => Labels.Length;

    /// <summary>Copies the batch into tensors on <paramref name="device"/> (created in the caller's dispose scope).</summary>
    public (Tensor Images, Tensor Labels) ToTensors(Device device)
    {
        var images = tensor(Pixels, new long[] { Count, 1, Rows, Cols });
        var labels = tensor(Labels, new long[] { Count });
        return device.type == TorchSharp.DeviceType.CPU ? (images, labels) : (images.to(device), labels.to(device));
    }
}

/// <summary>
/// Turns an <see cref="ImageSet"/> into batches: per-epoch shuffling, the standard 28×28 augmentation (zero-pad 4 and
/// a random 28×28 crop, random horizontal flip) and normalisation, all on bytes in managed code. Every random choice
/// comes from a generator seeded with (seed, epoch), so an epoch's batches are the same whenever it is replayed: a
/// resumed run sees exactly the data the uninterrupted run saw. The next batch is prepared on a worker thread while
/// the current one trains (one batch of look-ahead).
/// </summary>
public sealed class BatchSource
{
    private readonly ImageSet _set;
    private readonly float _scale, _shift, _padValue;

    public BatchSource(ImageSet set, int batchSize, bool shuffle, bool augment, int seed, bool dropLast,
        int padding = 4, float mean = FashionMnist.Mean, float std = FashionMnist.Std)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be positive");
        if (set.Count == 0) throw new ArgumentException("the image set is empty", nameof(set));
        _set = set;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Augment = augment;
        Padding = padding;
        Seed = seed;
        DropLast = dropLast && set.Count >= batchSize;
        // x̂ = (x/255 − mean)/std as one multiply-add per pixel.
        _scale = 1f / (255f * std);
        _shift = -mean / std;
        _padValue = _shift;
    }

    public int BatchSize { get; }
    public bool Shuffle { get; }
    public bool Augment { get; }
    public int Padding { get; }
    public int Seed { get; }
    public bool DropLast { get; }
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
        int rows = _set.Rows, cols = _set.Cols, size = rows * cols;
        var pixels = new float[count * size];
        var labels = new long[count];
        for (int k = 0; k < count; k++)
        {
            int index = order[first + k];
            labels[k] = _set.Labels[index];
            var source = _set.Image(index);
            var target = pixels.AsSpan(k * size, size);
            if (!Augment)
            {
                for (int p = 0; p < size; p++) target[p] = source[p] * _scale + _shift;
                continue;
            }
            // Offsets into the zero-padded image: a crop at (dy, dx) of the (H+2p)×(W+2p) canvas.
            int dy = random.Next(2 * Padding + 1) - Padding;
            int dx = random.Next(2 * Padding + 1) - Padding;
            bool flip = random.Next(2) == 1;
            for (int r = 0; r < rows; r++)
            {
                int sr = r + dy;
                var line = target.Slice(r * cols, cols);
                if ((uint)sr >= (uint)rows)
                {
                    line.Fill(_padValue);
                    continue;
                }
                var sourceLine = source.Slice(sr * cols, cols);
                for (int c = 0; c < cols; c++)
                {
                    int sc = (flip ? cols - 1 - c : c) + dx;
                    line[c] = (uint)sc < (uint)cols ? sourceLine[sc] * _scale + _shift : _padValue;
                }
            }
        }
        return new HostBatch(pixels, labels, rows, cols);
    }
}
