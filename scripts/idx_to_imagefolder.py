#!/usr/bin/env python3
"""Writes Fashion-MNIST (or MNIST) IDX files as an ImageFolder: OUT/{train,test}/<class>/<index>.png.

Standard library only (zlib + struct: 8-bit grayscale PNGs), so it runs without Pillow or NumPy. Used to check that
`arch train --data OUT` (decoded by SkiaSharp) trains like `--data IDX_DIR` on the same images (docs/training.md).

    python3 scripts/idx_to_imagefolder.py /usr/share/datasets/fashion-mnist /tmp/fashion-mnist-png
"""
import gzip
import os
import struct
import sys
import zlib

CLASSES = ["0-tshirt", "1-trouser", "2-pullover", "3-dress", "4-coat", "5-sandal", "6-shirt", "7-sneaker", "8-bag", "9-boot"]


def read(folder, name):
    for candidate in (name, name + ".gz"):
        path = os.path.join(folder, candidate)
        if os.path.exists(path):
            with (gzip.open if candidate.endswith(".gz") else open)(path, "rb") as f:
                return f.read()
    sys.exit(f"{folder}: no {name}")


def png(width, height, pixels):
    rows = b"".join(b"\x00" + pixels[r * width:(r + 1) * width] for r in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def main(source, target):
    for split, prefix in (("train", "train"), ("test", "t10k")):
        images = read(source, f"{prefix}-images-idx3-ubyte")
        labels = read(source, f"{prefix}-labels-idx1-ubyte")
        count, rows, cols = struct.unpack(">III", images[4:16])
        for name in CLASSES:
            os.makedirs(os.path.join(target, split, name), exist_ok=True)
        size = rows * cols
        for i in range(count):
            with open(os.path.join(target, split, CLASSES[labels[8 + i]], f"{i:05d}.png"), "wb") as f:
                f.write(png(cols, rows, images[16 + i * size:16 + (i + 1) * size]))
        print(f"{split}: {count} images")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
