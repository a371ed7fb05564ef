using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.IO.Compression;

namespace Architectures.Data;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST (big-endian header: magic 0x00000803 for images, 0x00000801 for
/// labels, then the dimensions, then unsigned bytes). Gzipped files are recognised by their content, not their name.
/// </summary>
public static class IdxReader
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an image file ([count, rows, cols] unsigned bytes).</summary>
    /// <exception cref="InvalidDataException">Wrong magic, implausible dimensions, or fewer bytes than the header promises.</exception>
    public static (byte[] Pixels, int Count, int Rows, int Cols) ReadImages(Stream stream, string name)
    {
        using var input = Decompressed(stream);
        int magic = ReadInt32(input, name, "magic number");
        if (magic != ImagesMagic)
            throw new InvalidDataException($"{name}: not an IDX image file (magic 0x{magic:X8}, expected 0x{ImagesMagic:X8})");
        int count = ReadDimension(input, name, "image count");
        int rows = ReadDimension(input, name, "row count");
        int cols = ReadDimension(input, name, "column count");
        long size = (long)count * rows * cols;
        if (size > Array.MaxLength)
            throw new InvalidDataException($"{name}: header declares {count}×{rows}×{cols} pixels, more than an array holds");
        var pixels = new byte[size];
        ReadPayload(input, pixels, name, $"{count} images of {rows}×{cols}");
        return (pixels, count, rows, cols);
    }

    /// <summary>Reads a label file ([count] unsigned bytes).</summary>
    /// <exception cref="InvalidDataException">Wrong magic or fewer bytes than the header promises.</exception>
    public static byte[] ReadLabels(Stream stream, string name)
    {
        using var input = Decompressed(stream);
        int magic = ReadInt32(input, name, "magic number");
        if (magic != LabelsMagic)
            throw new InvalidDataException($"{name}: not an IDX label file (magic 0x{magic:X8}, expected 0x{LabelsMagic:X8})");
        int count = ReadDimension(input, name, "label count");
        var labels = new byte[count];
        ReadPayload(input, labels, name, $"{count} labels");
        return labels;
    }

    /// <summary>Wraps the stream in a gzip decoder when it starts with the gzip signature (1F 8B).</summary>
    private static Stream Decompressed(Stream stream)
    {
        var buffered = new BufferedStream(stream, 1 << 16);
        Span<byte> signature = stackalloc byte[2];
        int read = buffered.ReadAtLeast(signature, 2, throwOnEndOfStream: false);
        // BufferedStream over a non-seekable stream cannot rewind, so re-prepend the two bytes.
        var rest = new PrefixedStream(signature[..read].ToArray(), buffered);
        return read == 2 && signature[0] == 0x1F && signature[1] == 0x8B ? new GZipStream(rest, CompressionMode.Decompress) : rest;
    }

    private static int ReadInt32(Stream input, string name, string what)
    {
        Span<byte> bytes = stackalloc byte[4];
        int read = ReadFully(input, bytes, name);
        if (read < 4) throw new InvalidDataException($"{name}: truncated header (no {what})");
        return BinaryPrimitives.ReadInt32BigEndian(bytes);
    }

    private static int ReadDimension(Stream input, string name, string what)
    {
        int value = ReadInt32(input, name, what);
        if (value < 0) throw new InvalidDataException($"{name}: negative {what} {value}");
        return value;
    }

    private static void ReadPayload(Stream input, byte[] buffer, string name, string promised)
    {
        int read = ReadFully(input, buffer, name);
        if (read < buffer.Length)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{name}: truncated: header promises {promised} ({buffer.Length:N0} bytes), file holds {read:N0}"));
    }

    private static int ReadFully(Stream input, Span<byte> buffer, string name)
    {
        try
        {
            return input.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            // GZipStream reports a damaged or cut-off archive this way; name the file.
            throw new InvalidDataException($"{name}: damaged gzip data ({e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>A read-only stream that yields a few already-consumed bytes before the rest of an inner stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _position);
                prefix.AsSpan(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }
            return inner.Read(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
