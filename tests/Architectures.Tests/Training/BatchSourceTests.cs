using System.Linq;
using Architectures.Data;
using Xunit;

namespace Architectures.Tests.Training;

public class BatchSourceTests
{
    private static ImageSet Digits()
    {
        // Four 28×28 images whose pixel (r, c) = r + c·8 (distinct along both axes), labels 0..3.
        var pixels = new byte[4 * 784];
        for (int i = 0; i < 4; i++)
            for (int r = 0; r < 28; r++)
                for (int c = 0; c < 28; c++)
                    pixels[i * 784 + r * 28 + c] = (byte)(r + c * 8 + i);
        return new ImageSet(pixels, new byte[] { 0, 1, 2, 3 }, 28, 28, 10);
    }

    [Fact]
    public void WithoutAugmentationPixelsAreNormalisedInOrder()
    {
        var source = new BatchSource(Digits(), 3, shuffle: false, augment: false, seed: 1, dropLast: false, mean: 0.5f, std: 0.25f);
        var batches = source.Epoch(0).ToList();
        Assert.Equal(new[] { 3, 1 }, batches.Select(b => b.Count));
        Assert.Equal(new long[] { 0, 1, 2 }, batches[0].Labels);
        // Pixel (r=1, c=2) of image 1: 1 + 16 + 1 = 18 → (18/255 − 0.5)/0.25.
        Assert.Equal((18 / 255f - 0.5f) / 0.25f, batches[0].Pixels[784 + 1 * 28 + 2], 5);
    }

    [Fact]
    public void AnEpochReplaysExactlyAndEpochsDiffer()
    {
        var sample = TestData.Tiny(train: 200).Train;
        var source = new BatchSource(sample, 32, shuffle: true, augment: true, seed: 7, dropLast: true);
        var first = source.Epoch(2).ToList();
        var again = source.Epoch(2).ToList();
        var other = source.Epoch(3).ToList();
        Assert.Equal(200 / 32, first.Count);
        Assert.All(first.Zip(again), p =>
        {
            Assert.Equal(p.First.Labels, p.Second.Labels);
            Assert.Equal(p.First.Pixels, p.Second.Pixels);
        });
        Assert.NotEqual(first[0].Labels, other[0].Labels);
    }

    [Fact]
    public void AugmentationIsAShiftedAndPossiblyMirroredCopyOfTheImage()
    {
        var set = Digits();
        var plain = new BatchSource(set, 4, shuffle: false, augment: false, seed: 3, dropLast: false).Epoch(0).Single();
        var augmented = new BatchSource(set, 4, shuffle: false, augment: true, seed: 3, dropLast: false).Epoch(0).Single();
        float pad = -FashionMnist.Mean / FashionMnist.Std;
        for (int i = 0; i < 4; i++)
        {
            var original = plain.Pixels.Skip(i * 784).Take(784).ToArray();
            var crop = augmented.Pixels.Skip(i * 784).Take(784).ToArray();
            // Some crop offset (dy, dx ∈ [−4, 4]) and flip must reproduce every pixel, with padding where the crop leaves the image.
            bool found = false;
            for (int dy = -4; dy <= 4 && !found; dy++)
                for (int dx = -4; dx <= 4 && !found; dx++)
                    foreach (bool flip in new[] { false, true })
                    {
                        bool all = true;
                        for (int r = 0; r < 28 && all; r++)
                            for (int c = 0; c < 28 && all; c++)
                            {
                                int sr = r + dy, sc = (flip ? 27 - c : c) + dx;
                                float expected = sr is >= 0 and < 28 && sc is >= 0 and < 28 ? original[sr * 28 + sc] : pad;
                                all = System.Math.Abs(crop[r * 28 + c] - expected) < 1e-6;
                            }
                        if (all) { found = true; break; }
                    }
            Assert.True(found, $"image {i} is not a padded crop of the original");
        }
    }
}
