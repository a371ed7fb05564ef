#!/usr/bin/python3
"""Trains a network exported with `arch export --format pytorch` on several processes or machines with PyTorch's
DistributedDataParallel, on the IDX data `arch train` reads (Fashion-MNIST), and writes a state_dict `arch import`
loads back.

    arch export runs/X/SEResNet20.ckpt --format pytorch -o export/SEResNet20.py      # writes .py and .pt
    torchrun --standalone --nproc_per_node=2 --redirects 1 --tee 1 scripts/ddp_train.py export/SEResNet20.py --epochs 1 -o trained.pt
    arch import trained.pt --model SEResNet20                                         # test accuracy in arch

(--redirects 1 --tee 1: Debian's torchrun 1.13 under Python 3.11 fails with "'NoneType' object has no attribute
'get'" without them; they prefix each line with its rank.) On several machines: torchrun --nnodes=N --node_rank=I --master_addr=HOST --master_port=29500 --nproc_per_node=P ...
Backend gloo on the CPU, nccl when CUDA is available (--backend overrides). Each process takes --batch-size images a
step (the global batch is that times the number of processes); SGD with momentum and weight decay, cosine schedule,
inputs normalised as `arch train` does ((x/255 - 0.2860) / 0.3530), no augmentation. Rank 0 evaluates on the test
set and writes the weights.
"""
import argparse
import gzip
import importlib.util
import math
import os
import struct
import sys
import time

import torch
import torch.distributed as dist
from torch.nn import functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

MEAN, STD = 0.2860, 0.3530


def read_idx(path, magic):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    found, = struct.unpack(">I", data[:4])
    if found != magic:
        sys.exit(f"error: {path}: IDX magic {found:#x}, expected {magic:#x}")
    dims = struct.unpack(">" + "I" * (magic & 0xFF), data[4:4 + 4 * (magic & 0xFF)])
    return torch.frombuffer(bytearray(data[4 + 4 * len(dims):]), dtype=torch.uint8).reshape(dims)


def find(folder, stem):
    for name in (stem, stem + ".gz"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    sys.exit(f"error: {folder} has no {stem}[.gz] (the Fashion-MNIST IDX files; --data)")


def load_split(folder, prefix, limit):
    images = read_idx(find(folder, f"{prefix}-images-idx3-ubyte"), 0x803)
    labels = read_idx(find(folder, f"{prefix}-labels-idx1-ubyte"), 0x801)
    if limit:
        images, labels = images[:limit], labels[:limit]
    x = (images.float().div_(255).sub_(MEAN).div_(STD)).unsqueeze(1)
    return TensorDataset(x, labels.long())


def load_module(path):
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", help="the .py written by `arch export --format pytorch`")
    parser.add_argument("--weights", help="initial weights (default: the .pt beside the module, if present)")
    parser.add_argument("--data", default=os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"))
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64, help="images per process and step")
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--weight-decay", type=float, default=5e-4)
    parser.add_argument("--train-images", type=int, default=0, help="first N training images; 0 = all")
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads per process")
    parser.add_argument("--backend", choices=["auto", "gloo", "nccl"], default="auto")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", required=True, help="the trained state_dict (torch.save)")
    args = parser.parse_args()

    cuda = torch.cuda.is_available()
    backend = args.backend if args.backend != "auto" else ("nccl" if cuda else "gloo")
    dist.init_process_group(backend)
    rank, world = dist.get_rank(), dist.get_world_size()
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    device = torch.device(f"cuda:{local_rank}") if backend == "nccl" else torch.device("cpu")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    module = load_module(args.module)
    model = module.MODEL()
    weights = args.weights or os.path.splitext(args.module)[0] + ".pt"
    if os.path.exists(weights):
        model.load_state_dict(torch.load(weights, map_location="cpu"))
    model.to(device)
    ddp = DistributedDataParallel(model, device_ids=[local_rank] if backend == "nccl" else None)

    train = load_split(args.data, "train", args.train_images)
    sampler = DistributedSampler(train, num_replicas=world, rank=rank, shuffle=True, seed=args.seed, drop_last=True)
    loader = DataLoader(train, batch_size=args.batch_size, sampler=sampler, drop_last=True)
    steps = args.epochs * len(loader)
    optimizer = torch.optim.SGD(ddp.parameters(), lr=args.lr, momentum=args.momentum, weight_decay=args.weight_decay)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 0.5 * (1 + math.cos(math.pi * step / steps)))
    if rank == 0:
        print(f"{module.MODEL.__name__}: {world} processes ({backend}), {len(train)} training images, "
              f"global batch {args.batch_size * world}, {steps} steps", flush=True)

    start = time.perf_counter()
    for epoch in range(args.epochs):
        ddp.train()
        sampler.set_epoch(epoch)
        for step, (x, y) in enumerate(loader):
            x, y = x.to(device), y.to(device)
            loss = F.cross_entropy(ddp(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            if rank == 0 and step % 50 == 0:
                print(f"epoch {epoch + 1} step {step}/{len(loader)} loss {loss.item():.4f}", flush=True)
    elapsed = time.perf_counter() - start

    if rank == 0:
        model.eval()
        test = load_split(args.data, "t10k", 0)
        correct = 0
        with torch.no_grad():
            for x, y in DataLoader(test, batch_size=500):
                correct += (model(x.to(device)).argmax(1).cpu() == y).sum().item()
        images = len(train) // (args.batch_size * world) * args.batch_size * world * args.epochs
        print(f"trained in {elapsed:.1f} s ({images / elapsed:.1f} img/s over {world} processes); "
              f"test accuracy {100 * correct / len(test):.2f} % on {len(test):,} images", flush=True)
        state = {k: v.cpu() for k, v in model.state_dict().items()}
        temporary = args.output + ".tmp"
        torch.save(state, temporary)
        os.replace(temporary, args.output)
        print(f"weights -> {args.output}", flush=True)
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
