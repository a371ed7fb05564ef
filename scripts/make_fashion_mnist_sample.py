#!/usr/bin/env python3
"""Writes the class-balanced Fashion-MNIST sample embedded in src/Architectures (the default data on a fresh machine).

The first 120 training and first 30 test images of every class, in their original order, as gzipped IDX files
(gzip level 9, no timestamp, so reruns give identical bytes). Needs only the Python standard library.

    python3 scripts/make_fashion_mnist_sample.py [/usr/share/datasets/fashion-mnist]
"""
import gzip
import struct
import sys
from pathlib import Path

SOURCE = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist")
TARGET = Path(__file__).resolve().parent.parent / "src" / "Architectures" / "Data" / "Sample"
PER_CLASS = {"train": 120, "t10k": 30}


def read(name):
    path = SOURCE / name
    data = path.read_bytes() if path.exists() else gzip.decompress((SOURCE / (name + ".gz")).read_bytes())
    return data


def write(name, payload):
    # mtime=0 keeps the gzip header free of the current time.
    (TARGET / (name + ".gz")).write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))


for split, per_class in PER_CLASS.items():
    images = read(f"{split}-images-idx3-ubyte")
    labels = read(f"{split}-labels-idx1-ubyte")
    magic, count, rows, cols = struct.unpack(">iiii", images[:16])
    assert magic == 0x803 and struct.unpack(">ii", labels[:8]) == (0x801, count)
    taken = [0] * 10
    chosen = []
    for i in range(count):
        label = labels[8 + i]
        if taken[label] < per_class:
            taken[label] += 1
            chosen.append(i)
    size = rows * cols
    pixels = b"".join(images[16 + i * size:16 + (i + 1) * size] for i in chosen)
    write(f"{split}-images-idx3-ubyte", struct.pack(">iiii", 0x803, len(chosen), rows, cols) + pixels)
    write(f"{split}-labels-idx1-ubyte", struct.pack(">ii", 0x801, len(chosen)) + bytes(labels[8 + i] for i in chosen))
    print(f"{split}: {len(chosen)} images")
