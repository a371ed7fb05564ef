using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Architectures.Training;
using SkiaSharp;

namespace Architectures.Data;

/// <summary>
/// torchvision's ImageFolder convention: root/class_name/…/image.png (or .jpg, .jpeg), classes sorted by name
/// ordinally (as Python's <c>sorted</c> does), files likewise. With root/train/ and root/test/ (or root/val/) the
/// two are the training and test sets; otherwise the whole folder is training data and a run holds out a validation
/// split. Images are decoded with SkiaSharp to RGB (3 channels) or grayscale (1 channel, PIL's "L" weights), resized
/// so the shorter side is the declared input size and centre-cropped to a square of it (torchvision's
/// Resize + CenterCrop). The whole set is decoded into memory once, on every core.
/// </summary>
public static class ImageFolder
{
    public static readonly IReadOnlyList<string> Extensions = new[] { ".png", ".jpg", ".jpeg" };

    /// <summary>Names of the held-out folder beside train/, in the order they are looked for.</summary>
    public static readonly IReadOnlyList<string> TestFolderNames = new[] { "test", "val" };

    /// <summary>Whether a folder looks like an image folder: a sub-folder (of it, or of its train/) holds an image.</summary>
    public static bool Recognises(string root)
    {
        if (!Directory.Exists(root)) return false;
        string classes = Directory.Exists(Path.Combine(root, "train")) ? Path.Combine(root, "train") : root;
        return Directory.EnumerateDirectories(classes).Any(d => ImageFiles(d).Any());
    }

    /// <summary>Loads an image folder, decoded to <paramref name="request"/>'s channels and size.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">No classes, an empty class, or (unless skipping) an image that does not decode — named.</exception>
    /// <exception cref="OptionsException">The request has no size, or asks for channels other than 1 or 3.</exception>
    public static DatasetSplit Load(string root, DataRequest request)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"data folder {root} does not exist (expected class folders of images there)");
        if (request.Channels is not (1 or 3))
            throw new OptionsException(request.Channels == 0
                ? $"image folder {root}: decoding needs the network's declared input channels and size (name a declared architecture in TrainingOptions.Models)"
                : $"image folder {root}: images decode to 1 (grayscale) or 3 (RGB) channels; the network declares {request.Channels}",
                "TrainingOptions.Models");
        if (request.Size <= 0)
            throw new OptionsException($"image folder {root}: decoding needs a positive declared input size, not {request.Size}", "TrainingOptions.Models");

        var skipped = new List<string>();
        string train = Path.Combine(root, "train");
        string? test = TestFolderNames.Select(n => Path.Combine(root, n)).FirstOrDefault(Directory.Exists);
        if (Directory.Exists(train) && test is not null)
        {
            var classes = ClassNames(train);
            var trainSet = Read(train, classes, request, skipped);
            var testSet = Read(test, classes, request, skipped);
            return new DatasetSplit(trainSet, testSet, $"image folder {root} ({Path.GetFileName(train)}/ and {Path.GetFileName(test)}/)")
            {
                SkippedFiles = skipped,
            };
        }
        // root/train/ alone is the training set; otherwise root itself holds the class folders.
        string classRoot = Directory.Exists(train) ? train : root;
        var all = Read(classRoot, ClassNames(classRoot), request, skipped);
        return new DatasetSplit(all, all, $"image folder {classRoot}") { HasTestSet = false, SkippedFiles = skipped };
    }

    /// <summary>The class folders' names, sorted ordinally (torchvision's order, so label i means the same class there).</summary>
    public static IReadOnlyList<string> ClassNames(string folder)
    {
        var names = Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>()
            .OrderBy(n => n, StringComparer.Ordinal).ToArray();
        if (names.Length == 0) throw new InvalidDataException($"image folder {folder} has no class folders (expected {folder}/<class>/<image>.png)");
        return names;
    }

    /// <summary>
    /// Decodes every image under <paramref name="folder"/>/&lt;class&gt;/ for the given classes; a class folder that
    /// <paramref name="folder"/> lacks has no images here (a test set may miss classes), one it has beyond them is an error.
    /// Undecodable files go to <paramref name="skipped"/> when the request says so, otherwise the first one (in file order) throws.
    /// </summary>
    public static ImageSet Read(string folder, IReadOnlyList<string> classes, DataRequest request, List<string> skipped)
    {
        var present = ClassNames(folder);
        string? stranger = present.FirstOrDefault(c => !classes.Contains(c));
        if (stranger is not null)
            throw new InvalidDataException($"{Path.Combine(folder, stranger)}: class {stranger} is not among the training classes ({string.Join(", ", classes)})");

        var files = new List<(string Path, int Label)>();
        for (int label = 0; label < classes.Count; label++)
        {
            string classFolder = Path.Combine(folder, classes[label]);
            if (!Directory.Exists(classFolder)) continue;
            var images = ImageFiles(classFolder).ToList();
            if (images.Count == 0)
                throw new InvalidDataException($"{classFolder}: class folder has no {string.Join(", ", Extensions)} files");
            files.AddRange(images.Select(f => (f, label)));
        }

        int channels = request.Channels, size = request.Size, imageSize = channels * size * size;
        if ((long)files.Count * imageSize > Array.MaxLength)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"image folder {folder}: {files.Count:N0} images of {channels}×{size}×{size} do not fit in memory at once"));
        var pixels = new byte[(long)files.Count * imageSize];
        var errors = new string?[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            try
            {
                Decode(files[i].Path, channels, size, pixels.AsSpan(i * imageSize, imageSize));
            }
            catch (InvalidDataException e)
            {
                errors[i] = e.Message;
            }
        });

        var kept = new List<int>();
        for (int i = 0; i < files.Count; i++)
        {
            if (errors[i] is null)
            {
                kept.Add(i);
                continue;
            }
            if (!request.SkipBadImages)
                throw new InvalidDataException($"{errors[i]}; fix or remove it, or set TrainingOptions.SkipBadImages to skip and count such files");
            skipped.Add(files[i].Path);
        }
        var labels = kept.Select(i => files[i].Label).ToArray();
        if (kept.Count < files.Count)
        {
            var compact = new byte[(long)kept.Count * imageSize];
            for (int k = 0; k < kept.Count; k++) pixels.AsSpan(kept[k] * imageSize, imageSize).CopyTo(compact.AsSpan(k * imageSize));
            pixels = compact;
        }
        if (labels.Length == 0) throw new InvalidDataException($"image folder {folder}: no image could be decoded");
        return new ImageSet(pixels, labels, channels, size, size, classes.Count, classes);
    }

    /// <summary>
    /// Decodes one file into <paramref name="target"/> (channels × size × size bytes): shorter side resized to
    /// <paramref name="size"/>, centre-cropped; RGB planes, or one luminance plane.
    /// </summary>
    /// <exception cref="InvalidDataException">The file cannot be read or is not a decodable image; the message names it.</exception>
    public static void Decode(string path, int channels, int size, Span<byte> target)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot be read ({e.Message})", e);
        }
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null) throw new InvalidDataException($"{path}: not a decodable PNG or JPEG image");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        // A cut-off file decodes partly (IncompleteInput): that is a damaged image, not one to train on.
        if (result != SKCodecResult.Success)
            throw new InvalidDataException($"{path}: damaged {codec.EncodedFormat} image ({result})");

        int width = info.Width, height = info.Height;
        // torchvision's Resize(size): the shorter side becomes size, the other keeps the aspect ratio (truncated).
        int newWidth = width <= height ? size : (int)((long)size * width / height);
        int newHeight = width <= height ? (int)((long)size * height / width) : size;
        SKBitmap resized = decoded;
        if (newWidth != width || newHeight != height)
        {
            resized = decoded.Resize(new SKImageInfo(newWidth, newHeight, SKColorType.Rgba8888, SKAlphaType.Unpremul),
                          new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
                      ?? throw new InvalidDataException($"{path}: could not be resized from {width}×{height} to {newWidth}×{newHeight}");
        }
        try
        {
            // torchvision's CenterCrop: offsets rounded half to even, as Python's round().
            int top = (int)Math.Round((newHeight - size) / 2.0), left = (int)Math.Round((newWidth - size) / 2.0);
            ReadOnlySpan<byte> rgba = resized.GetPixelSpan();
            int stride = resized.RowBytes, plane = size * size;
            for (int y = 0; y < size; y++)
            {
                var row = rgba.Slice((top + y) * stride + left * 4, size * 4);
                for (int x = 0; x < size; x++)
                {
                    byte r = row[4 * x], g = row[4 * x + 1], b = row[4 * x + 2];
                    int at = y * size + x;
                    if (channels == 3)
                    {
                        target[at] = r;
                        target[plane + at] = g;
                        target[2 * plane + at] = b;
                    }
                    else
                    {
                        // PIL's convert("L"): L = R·299/1000 + G·587/1000 + B·114/1000, in its 16-bit fixed point.
                        target[at] = (byte)((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
                    }
                }
            }
        }
        finally
        {
            if (!ReferenceEquals(resized, decoded)) resized.Dispose();
        }
    }

    private static IEnumerable<string> ImageFiles(string classFolder) =>
        Directory.EnumerateFiles(classFolder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .OrderBy(f => f, StringComparer.Ordinal);
}

/// <summary>
/// The image-folder kind of <see cref="DataSources"/> ("imagefolder:DIR", or a bare folder of class folders).
/// Call <see cref="Register"/> once before loading data (the <c>arch</c> commands do).
/// </summary>
public sealed class ImageFolderSource : IDataSource
{
    public string Kind => "imagefolder";

    public bool Recognises(string folder) => ImageFolder.Recognises(folder);

    public DatasetSplit Load(string location, DataRequest request) => ImageFolder.Load(location, request);

    /// <summary>Makes image folders loadable by <see cref="DataSources.Load"/> (and so by training runs); idempotent.</summary>
    public static void Register() => DataSources.Register(new ImageFolderSource());
}
