#!/usr/bin/env bash
# Packs `arch` for a GPU machine that has PyTorch (LibTorch + CUDA in its pip wheels) but no .NET and no network:
# a self-contained linux-x64 publish of examples/Architectures.Cli (Release, invariant globalization, not trimmed),
# with every LibTorch library of the CPU package removed. Only TorchSharp's libLibTorchSharp.so stays (its
# GLIBCXX_3.4.32 requirement already relaxed by src/Architectures/buildTransitive/Architectures.targets); scripts/gpu/verify_cuda.sh points
# LD_LIBRARY_PATH at the machine's torch/lib, where TorchSharp then finds libtorch_cuda.so and libtorch_cpu.so.
#
#   scripts/gpu/make_bundle.sh [output folder]        default: artifacts/gpu (git-ignored)
#
# Writes <output folder>/arch-linux-x64.tar.xz (checked to stay under 45 MiB) and prints its size and contents summary.
# Builds at the lowest CPU priority, one MSBuild node, no shared compiler server.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT_DIR=$(mkdir -p "${1:-artifacts/gpu}" && cd "${1:-artifacts/gpu}" && pwd)
LIMIT_MIB=45
WORK=$(mktemp -d /tmp/arch-bundle.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
APP=$WORK/arch

echo "publishing examples/Architectures.Cli (Release, linux-x64, self-contained) from $ROOT at $(git rev-parse --short HEAD)"
nice -n 19 dotnet publish examples/Architectures.Cli -c Release -r linux-x64 --self-contained true -m:1 -nologo -v q \
  -p:UseSharedCompilation=false -p:InvariantGlobalization=true -p:PublishTrimmed=false \
  -p:SatelliteResourceLanguages=en -p:DebugType=none -p:DebugSymbols=false -o "$APP"

# LibTorch comes from the GPU machine: drop the CPU package's copies (and its test/Python extras).
shopt -s nullglob
removed=()
for f in "$APP"/libtorch*.so* "$APP"/libc10*.so* "$APP"/libgomp*.so* "$APP"/libshm.so* "$APP"/libbackend_with_compiler.so \
         "$APP"/libjitbackend_test.so "$APP"/libnnapi_backend.so "$APP"/libaoti_custom_ops.so; do
  removed+=("$(basename "$f")"); rm -f "$f"
done
rm -rf "$APP/runtimes"   # a RID-specific publish flattens native assets; anything left here is for other platforms
echo "removed: ${removed[*]:-nothing}"

[[ -f $APP/libLibTorchSharp.so && -x $APP/arch ]] || { echo "error: $APP lacks arch or libLibTorchSharp.so" >&2; exit 1; }
left=$(find "$APP" -name '*.so*' | grep -E '/lib(torch|c10|gomp)[^/]*$' | grep -v '/libLibTorchSharp.so$' || true)
[[ -z $left ]] || { echo "error: LibTorch libraries left in the bundle: $left" >&2; exit 1; }

# The GLIBCXX_3.4.32 requirement must be weak (flags 0x2 = WEAK in readelf -V) or the library will not load on older
# libstdc++; src/Architectures/buildTransitive/Architectures.targets patches only when the build machine lacks that version, so say what it is.
if command -v readelf >/dev/null; then
  echo "libLibTorchSharp.so requirement: $(readelf -V "$APP/libLibTorchSharp.so" | grep 'Name: GLIBCXX_3.4.32' | sed 's/^ *0x[0-9a-f]*: *//')"
fi

# .NET's SHA-256 (checkpoints) needs OpenSSL, which a bare Ubuntu image may lack: carry this machine's libssl 3 as a
# fallback that verify_cuda.sh puts on LD_LIBRARY_PATH only when the GPU machine has no libssl of its own.
mkdir -p "$APP/fallback"
for lib in libssl.so.3 libcrypto.so.3; do
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ {print $NF}' | head -1 || true)
  if [[ -n $path ]]; then cp -L "$path" "$APP/fallback/"; else echo "warning: no $lib here; the bundle has no OpenSSL fallback" >&2; fi
done

{
  echo "arch bundle for scripts/gpu/verify_cuda.sh"
  echo "commit: $(git rev-parse HEAD)$(git diff --quiet HEAD -- src examples || echo ' (with uncommitted changes)')"
  echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -srm), $(dotnet --version) SDK"
  echo "TorchSharp: $(ls "$HOME/.nuget/packages/torchsharp" 2>/dev/null | tr '\n' ' ')"
  echo "libLibTorchSharp.so sha256: $(sha256sum "$APP/libLibTorchSharp.so" | cut -d' ' -f1)"
  echo "removed LibTorch files: ${removed[*]:-none}"
} > "$APP/BUNDLE.txt"

echo "app folder: $(du -sm "$APP" | cut -f1) MiB in $(find "$APP" -type f | wc -l) files; compressing (xz -9)"
mkdir -p "$OUT_DIR"
tar -C "$WORK" -cf - arch | nice -n 19 xz -9 -T1 > "$OUT_DIR/arch-linux-x64.tar.xz.tmp"
mv "$OUT_DIR/arch-linux-x64.tar.xz.tmp" "$OUT_DIR/arch-linux-x64.tar.xz"
bytes=$(stat -c %s "$OUT_DIR/arch-linux-x64.tar.xz")
echo "bundle: $OUT_DIR/arch-linux-x64.tar.xz, $(( bytes / 1048576 )).$(( bytes % 1048576 * 10 / 1048576 )) MiB"
if (( bytes > LIMIT_MIB * 1048576 )); then
  echo "error: the bundle is over $LIMIT_MIB MiB" >&2
  exit 1
fi
