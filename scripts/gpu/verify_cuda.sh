#!/usr/bin/env bash
# On a GPU machine with PyTorch (pip wheel) but no .NET: does `arch train --device cuda` work with TorchSharp 0.107's
# libLibTorchSharp.so (built for LibTorch 2.10) on the machine's LibTorch, and does a run killed with SIGKILL in the
# middle of epoch 2 and resumed with --resume end with the same metrics and weights as an uninterrupted run?
#
#   bash scripts/gpu/verify_cuda.sh        from the repository root, with artifacts/gpu/arch-linux-x64.tar.xz
#                                          (scripts/gpu/make_bundle.sh) beside it; results in $OUT
#
# Steps (each with a time limit; a failure is reported and the script goes on to what still makes sense):
#   1. machine: nvidia-smi, PyTorch's version, CUDA, cuDNN, C++ ABI; where torch/lib is
#   2. unpack the bundle; LD_LIBRARY_PATH = torch/lib + the nvidia-* wheels' lib folders (+ OpenSSL fallback)
#   3. symbols: every LibTorch symbol libLibTorchSharp.so imports, looked up in the machine's libtorch*/libc10*
#      (scripts/gpu/elfsyms.py; nm and ldd -r as a cross-check where installed); libtorch_cuda.so's own load
#   4. smoke: arch list; arch forward (CPU, the machine's LibTorch)
#   5. SEResNet20 on the embedded sample: run A (uninterrupted), run K (SIGKILL half-way through epoch 2, once the
#      epoch-1 checkpoint and plots are written) + R (--resume), run A2 (A again: is the GPU run deterministic?)
#   6. the same with `arch train --deterministic` (cuDNN deterministic, no benchmark, deterministic algorithms with
#      warnings, CUBLAS_WORKSPACE_CONFIG=:4096:8), when the time allows
#   7. speed: ResNet20 vs SEResNet20, batch 128, and a PyTorch eager reference on the same device
# Comparisons: metrics.csv columns 1-8 (model..test_acc) as text, and every weight of the final checkpoints
# (exported with `arch export`, compared with PyTorch: bit-identical or the largest difference).
#
# Output in $OUT: report.txt (everything printed), missing-symbols.txt, runs.tar.gz (logs, metrics.csv, run.json).
#
# Local rehearsal on a CPU machine (no GPU, no pip torch): point it at the NuGet LibTorch and use the CPU:
#   VERIFY_DEVICE=cpu TORCH_LIB_DIR=~/.nuget/packages/libtorch-cpu-linux-x64/2.10.0/runtimes/linux-x64/native \
#   PYTHON=/usr/bin/python3 VERIFY_TRAIN_IMAGES=320 VERIFY_TEST_IMAGES=100 VERIFY_THREADS=1 \
#   VERIFY_SPEED_EPOCHS=1 VERIFY_SPEED_IMAGES=256 VERIFY_REF_STEPS=4 OUT=/tmp/verify-out bash scripts/gpu/verify_cuda.sh
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
REPO=$PWD

DEVICE=${VERIFY_DEVICE:-cuda}
OUT=${OUT:-/tmp/arch-verify-out}
BUNDLE=${VERIFY_BUNDLE:-$REPO/artifacts/gpu/arch-linux-x64.tar.xz}
WORK=${VERIFY_WORK:-/tmp/arch-verify}
BUDGET=${VERIFY_BUDGET_S:-200}          # later steps are skipped once the script has run this long
TRAIN_IMAGES=${VERIFY_TRAIN_IMAGES:-0}  # 0 = the whole embedded sample (1,200)
TEST_IMAGES=${VERIFY_TEST_IMAGES:-0}    # 0 = all 300 sample test images
EPOCHS=${VERIFY_EPOCHS:-3}
BATCH=${VERIFY_BATCH:-16}               # small batches: 75 steps per epoch, so "half-way through epoch 2" is a real moment
LR=${VERIFY_LR:-0.05}
THREADS=${VERIFY_THREADS:-4}
SPEED_EPOCHS=${VERIFY_SPEED_EPOCHS:-8}  # 0 skips the speed step
SPEED_IMAGES=${VERIFY_SPEED_IMAGES:-0}
REF_STEPS=${VERIFY_REF_STEPS:-60}
RUN_TIMEOUT=${VERIFY_RUN_TIMEOUT_S:-90}   # per arch process; a GPU run here takes seconds

mkdir -p "$OUT" || exit 2
rm -rf "$WORK"; mkdir -p "$WORK/logs" "$WORK/runs"
LOGS=$WORK/logs RUNS=$WORK/runs
exec 3>&1 4>&2
exec > >(tee "$OUT/report.txt") 2>&1
TEE_PID=$!

declare -a SUMMARY=()
verdict() { SUMMARY+=("$*"); echo ">>> $*"; }
section() { echo; echo "== $* [t=${SECONDS}s]"; }
have() { command -v "$1" >/dev/null 2>&1; }
# first_error LOG: the line that says why a run failed (the loader's own words first).
first_error() {
  grep -m1 -E 'symbol lookup error|undefined symbol|cannot open shared object' "$1" 2>/dev/null ||
  grep -m1 -E '^error:|^unexpected|Exception' "$1" 2>/dev/null || tail -1 "$1" 2>/dev/null
}
over_budget() { (( SECONDS > BUDGET )); }

finish() {
  section "summary"
  printf '%s\n' "${SUMMARY[@]}"
  cp -f "$LOGS/missing-symbols.txt" "$OUT/" 2>/dev/null
  # Run folders without checkpoints and plots (they are large and say nothing the logs do not).
  tar -C "$WORK" --exclude='*.ckpt' --exclude='*.png' --exclude='*.pt' -czf "$OUT/runs.tar.gz" logs runs 2>/dev/null
  echo "files in \$OUT: $(ls "$OUT" | tr '\n' ' ') [t=${SECONDS}s]"
  exec 1>&3 2>&4
  wait "$TEE_PID" 2>/dev/null
}
trap finish EXIT

PY=${PYTHON:-/opt/torch/.venv/bin/python3}
[[ -x $PY ]] || PY=$(command -v python3 || echo python3)

section "1. machine"
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm), $(nproc) cores, $(grep -m1 MemTotal /proc/meminfo | awk '{printf "%.0f GiB", $2/1048576}'), device mode: $DEVICE"
LIBSTDCXX=$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF}' | head -1)
echo "glibc $(ldd --version 2>/dev/null | head -1 | grep -o '[0-9.]*$'); $LIBSTDCXX up to $(grep -a -o 'GLIBCXX_3\.4\.[0-9]*' "$LIBSTDCXX" 2>/dev/null | sort -uV | tail -1)"
if have nvidia-smi; then
  timeout 30 nvidia-smi -L
  timeout 30 nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader
else
  echo "no nvidia-smi"
fi
echo "python: $PY"
timeout 90 "$PY" - <<'EOF'
try:
    import torch, os
    print(f"torch {torch.__version__}, CUDA {torch.version.cuda}, cuDNN {torch.backends.cudnn.version()}, "
          f"cuda.is_available() {torch.cuda.is_available()}, C++11 ABI {torch.compiled_with_cxx11_abi()}, "
          f"from {os.path.dirname(torch.__file__)}")
    if torch.cuda.is_available():
        print(f"GPU 0: {torch.cuda.get_device_name(0)}, capability {torch.cuda.get_device_capability(0)}")
except Exception as e:
    print(f"python torch: {type(e).__name__}: {e}")
EOF
if [[ -z ${TORCH_LIB_DIR:-} ]]; then
  TORCH_LIB_DIR=$("$PY" -c "import importlib.util, os; s = importlib.util.find_spec('torch'); print(os.path.join(s.submodule_search_locations[0], 'lib'))" 2>/dev/null)
fi
echo "LibTorch folder: ${TORCH_LIB_DIR:-NOT FOUND}"
ls -la "$TORCH_LIB_DIR" 2>/dev/null | grep -E 'lib(torch|c10|gomp)' | awk '{printf "    %-40s %12s\n", $NF, $5}'
[[ -f ${TORCH_LIB_DIR:-/nonexistent}/libtorch_cpu.so ]] || { verdict "FAIL: no libtorch_cpu.so in '${TORCH_LIB_DIR:-}'"; exit 1; }

section "2. bundle"
if [[ ! -f $BUNDLE ]]; then verdict "FAIL: no bundle at $BUNDLE (scripts/gpu/make_bundle.sh; carry artifacts/gpu)"; exit 1; fi
echo "$BUNDLE: $(stat -c %s "$BUNDLE") bytes"
if ! tar -xJf "$BUNDLE" -C "$WORK" 2>"$LOGS/untar.err"; then
  echo "tar -xJ failed ($(head -c 300 "$LOGS/untar.err")); unpacking with python"
  "$PY" -c "import tarfile, sys; tarfile.open(sys.argv[1]).extractall(sys.argv[2])" "$BUNDLE" "$WORK" || { verdict "FAIL: cannot unpack the bundle"; exit 1; }
fi
APP=$WORK/arch ARCH=$WORK/arch/arch
cat "$APP/BUNDLE.txt" 2>/dev/null
found=$(cd "$APP" && ls | grep -E '^lib(torch|c10|gomp)' | tr '\n' ' ')
echo "LibTorch files in the app folder (should be none): ${found:-none}"

NV_DIRS=""
SITE=$(dirname "$(dirname "$TORCH_LIB_DIR")")
if [[ -d $SITE/nvidia ]]; then
  NV_DIRS=$(find "$SITE/nvidia" -name 'lib*.so*' -printf '%h\n' 2>/dev/null | sort -u | paste -sd: -)
fi
export LD_LIBRARY_PATH="$TORCH_LIB_DIR${NV_DIRS:+:$NV_DIRS}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
LDCONFIG=$(ldconfig -p 2>/dev/null)   # (not piped into grep -q: with pipefail, grep's early exit fails the pipe)
if ! grep -qE 'libssl\.so\.(3|1\.1) .*x86-64' <<< "$LDCONFIG"; then
  echo "no libssl on this machine: using the bundle's OpenSSL 3 fallback"
  export LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$APP/fallback"
fi
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 ARCH_DEBUG=1
echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"

section "3. symbols: libLibTorchSharp.so (LibTorch 2.10 API) against this LibTorch"
LIBS=()
for l in libtorch.so libtorch_cpu.so libc10.so libtorch_cuda.so libc10_cuda.so; do
  [[ -f $TORCH_LIB_DIR/$l ]] && LIBS+=("$TORCH_LIB_DIR/$l")
done
timeout 90 "$PY" "$REPO/scripts/gpu/elfsyms.py" "$APP/libLibTorchSharp.so" "${LIBS[@]}" --report "$LOGS/missing-symbols.txt"
case $? in
  0) verdict "symbols: every LibTorch symbol libLibTorchSharp.so imports is defined here" ;;
  3) verdict "RISK: $(head -1 "$LOGS/missing-symbols.txt") (list: missing-symbols.txt)" ;;
  *) verdict "symbols: the check itself failed (see above)" ;;
esac
if have nm; then
  nm -D --undefined-only "$APP/libLibTorchSharp.so" | awk '$1 == "U" {print $2}' | grep -vE '@(GLIBC|GLIBCXX|CXXABI|GCC)_' | sort -u > "$WORK/imports.txt"
  for l in "${LIBS[@]}"; do nm -D --defined-only "$l" | awk '{print $3}'; done | sed 's/@.*//' | sort -u > "$WORK/defined.txt"
  echo "nm cross-check: $(comm -23 "$WORK/imports.txt" "$WORK/defined.txt" | wc -l) of $(wc -l < "$WORK/imports.txt") imports undefined"
else
  echo "nm not installed: the python ELF reader above is the check"
fi
echo "ldd libLibTorchSharp.so (a \"weak version GLIBCXX_3.4.32 not found\" line is expected and harmless on libstdc++ older than GCC 13's):"
ldd "$APP/libLibTorchSharp.so" 2>&1 | grep -E 'torch|c10|stdc\+\+|gomp|not found|weak' | sed 's/^/    /'
# The exact loader error, if any: RTLD_NOW (python's ctypes) binds every function too, so it names the first missing
# symbol that .NET's lazy dlopen would only hit when that function is called.
timeout 60 "$PY" -c "import ctypes, sys; ctypes.CDLL(sys.argv[1]); print('dlopen(libLibTorchSharp.so, RTLD_NOW): ok')" "$APP/libLibTorchSharp.so" 2>&1 | tail -2 | sed 's/^/    /'
undefined=$(ldd -r "$APP/libLibTorchSharp.so" 2>&1 | grep -c 'undefined symbol')
echo "ldd -r: $undefined undefined symbols$( (( undefined > 0 )) && echo ', first ones:')"
ldd -r "$APP/libLibTorchSharp.so" 2>&1 | grep 'undefined symbol' | head -10 | sed 's/^/    /'
if [[ -f $TORCH_LIB_DIR/libtorch_cuda.so ]]; then
  echo "libtorch_cuda.so dependencies not found: $(ldd "$TORCH_LIB_DIR/libtorch_cuda.so" 2>&1 | grep -c 'not found')"
  ldd "$TORCH_LIB_DIR/libtorch_cuda.so" 2>&1 | grep 'not found' | head -10 | sed 's/^/    /'
  # What TorchSharp does first for CUDA: dlopen("libtorch_cuda.so") by name, found through LD_LIBRARY_PATH.
  timeout 60 "$PY" -c "import ctypes; ctypes.CDLL('libtorch_cuda.so'); print('dlopen(libtorch_cuda.so) by name: ok')" 2>&1 | tail -3
fi

section "4. smoke"
timeout 30 "$ARCH" list > "$LOGS/list.log" 2>&1; rc=$?
echo "arch list: exit $rc, $(grep -c . "$LOGS/list.log") lines"; (( rc == 0 )) || tail -20 "$LOGS/list.log"
timeout 60 "$ARCH" forward ResNet20 -b 2 -t 2 > "$LOGS/forward.log" 2>&1; rc=$?
echo "arch forward ResNet20 (CPU, this LibTorch): exit $rc"; tail -20 "$LOGS/forward.log"
if (( rc == 0 )); then verdict "smoke: .NET bundle starts and runs a forward pass on this LibTorch (CPU)"
else verdict "FAIL: arch forward on the CPU (exit $rc): $(first_error "$LOGS/forward.log")"; fi

# --- training runs -------------------------------------------------------------------------------------------------
TRAIN=(train -m SEResNet20 --data sample --train-images "$TRAIN_IMAGES" --test-images "$TEST_IMAGES" -e "$EPOCHS"
       -b "$BATCH" --lr "$LR" --seed 7 -t "$THREADS" --device "$DEVICE")
declare -a PAIRS=()

# show_warnings LOG: ", N warning lines" when LibTorch printed warnings (shown apart, counted by text, in step 6).
show_warnings() {
  local n; n=$(grep -c 'Warning' "$1" 2>/dev/null)
  (( n > 0 )) && echo ", $n warning lines (not shown here)"
}

# train NAME [ARCH TRAIN OPTION...]: one uninterrupted run into $RUNS/NAME.
train() {
  local name=$1; shift
  local start=$SECONDS
  timeout -k 5 "$RUN_TIMEOUT" "$ARCH" "${TRAIN[@]}" "$@" -o "$RUNS/$name" > "$LOGS/$name.log" 2>&1
  local rc=$?
  echo "run $name ($*): exit $rc in $((SECONDS - start)) s$(show_warnings "$LOGS/$name.log")"
  sed 's/^/    /' "$LOGS/$name.log" | grep -vE '^\s*$|Warning' | head -30
  return $rc
}

# kill_resume NAME REFERENCE [ARCH TRAIN OPTION...]: run NAME, SIGKILL it half-way through epoch 2 (half of REFERENCE's epoch-2
# training time after the epoch-1 plots appear: the next thing the trainer does is epoch 2), then --resume it.
kill_resume() {
  local name=$1 reference=$2; shift 2
  local half
  half=$(awk -F, 'NR == 3 {printf "%.2f", $10 / 2}' "$RUNS/$reference/metrics.csv" 2>/dev/null)
  [[ -n $half ]] || half=1
  "$ARCH" "${TRAIN[@]}" "$@" -o "$RUNS/$name" > "$LOGS/$name-killed.log" 2>&1 &
  local pid=$! waited=0
  until [[ -f $RUNS/$name/accuracy.png ]] || ! kill -0 "$pid" 2>/dev/null || (( waited > RUN_TIMEOUT * 100 )); do
    sleep 0.01; waited=$((waited + 1))
  done
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid"; echo "run $name ended (exit $?) before its epoch-1 plots appeared:"; sed 's/^/    /' "$LOGS/$name-killed.log" | tail -20
    return 1
  fi
  sleep "$half"
  if [[ ! -f $LOGS/mapped-libraries.txt ]]; then
    # Which LibTorch, CUDA and cuDNN files the training process really mapped (read just before the kill).
    grep -oE '/[^ ]*/lib(torch|c10|LibTorchSharp|cudnn|cublas|cudart|nccl|gomp|ssl|crypto)[^ /]*$' "/proc/$pid/maps" 2>/dev/null | sort -u > "$LOGS/mapped-libraries.txt"
    echo "libraries mapped by the training process:"; sed 's/^/    /' "$LOGS/mapped-libraries.txt"
  fi
  kill -KILL "$pid"; wait "$pid" 2>/dev/null; local rc=$?
  local rows=$(( $(wc -l < "$RUNS/$name/metrics.csv") - 1 ))
  echo "run $name: SIGKILL $half s after its epoch-1 plots (half of $reference's epoch-2 training time; exit $rc);" \
       "epochs completed before the kill: $rows; files: $(ls "$RUNS/$name" | tr '\n' ' ')"
  (( rows == 1 )) || echo "    NOTE: the kill did not land in epoch 2 (epochs completed: $rows)"
  sed 's/^/    /' "$LOGS/$name-killed.log" | grep -vE '^\s*$|Warning' | head -10
  local start=$SECONDS
  timeout -k 5 "$RUN_TIMEOUT" "$ARCH" train --resume "$RUNS/$name" -t "$THREADS" > "$LOGS/$name-resumed.log" 2>&1
  rc=$?
  echo "run $name --resume: exit $rc in $((SECONDS - start)) s$(show_warnings "$LOGS/$name-resumed.log")"
  sed 's/^/    /' "$LOGS/$name-resumed.log" | grep -vE '^\s*$|Warning' | head -30
  return $rc
}

# same_metrics A B LABEL: columns 1-8 of metrics.csv as text; queues the weights for the PyTorch comparison.
same_metrics() {
  local a=$RUNS/$1/metrics.csv b=$RUNS/$2/metrics.csv
  if [[ ! -f $a || ! -f $b ]]; then verdict "$3: cannot compare ($1 or $2 has no metrics.csv)"; return; fi
  if diff <(cut -d, -f1-8 "$a") <(cut -d, -f1-8 "$b") > "$LOGS/diff-$1-$2.txt"; then
    verdict "$3: metrics IDENTICAL ($1 = $2: $(tail -1 "$a" | cut -d, -f1-8))"
  else
    verdict "$3: metrics DIFFER ($1 vs $2), final rows:"
    SUMMARY+=("      $1: $(tail -1 "$a" | cut -d, -f1-8)" "      $2: $(tail -1 "$b" | cut -d, -f1-8)")
    sed 's/^/    /' "$LOGS/diff-$1-$2.txt"
  fi
  PAIRS+=("$3|$1|$2")
}

CUDA_OK=0
section "5. SEResNet20 on $DEVICE, default LibTorch settings: A, K (killed) + resume, A2"
if train A; then
  CUDA_OK=1
  verdict "train on $DEVICE: OK ($(tail -1 "$RUNS/A/metrics.csv" | cut -d, -f1-8))"
else
  verdict "FAIL: arch train --device $DEVICE (see run A above): $(first_error "$LOGS/A.log")"
  if [[ $DEVICE != cpu ]]; then
    echo "the same on the CPU, to tell LibTorch problems from CUDA ones:"
    TRAIN_CPU=(train -m SEResNet20 --data sample --train-images 160 --test-images 50 -e 1 -b 16 -t "$THREADS" --device cpu -o "$RUNS/cpu-check")
    timeout -k 5 "$RUN_TIMEOUT" "$ARCH" "${TRAIN_CPU[@]}" > "$LOGS/cpu-check.log" 2>&1
    rc=$?; sed 's/^/    /' "$LOGS/cpu-check.log" | tail -15
    verdict "train on the CPU with this LibTorch: exit $rc"
  fi
fi
if (( CUDA_OK )); then
  if kill_resume K A; then same_metrics A K "resume after SIGKILL vs uninterrupted (default settings)"
  else verdict "FAIL: kill + resume run K (see its log)"; fi
  if train A2; then same_metrics A A2 "two uninterrupted runs (default settings)"; fi
fi

section "6. the same with arch train --deterministic"
DET=(--deterministic)
if (( CUDA_OK )) && ! over_budget; then
  if train D "${DET[@]}"; then
    if ! over_budget && kill_resume DK D "${DET[@]}"; then same_metrics D DK "resume after SIGKILL vs uninterrupted (deterministic)"; fi
    if ! over_budget && train D2 "${DET[@]}"; then same_metrics D D2 "two uninterrupted runs (deterministic)"; fi
    same_metrics A D "default vs deterministic settings"
    warnings=$(cat "$LOGS"/D*.log | grep -iE 'determinis' | grep -v '^deterministic:' | sed 's/^.*\(Warning\|UserWarning\)://' | sort | uniq -c | sort -rn | head -10)
    [[ -n $warnings ]] && { echo "LibTorch warnings about non-deterministic operations:"; echo "$warnings"; }
  else
    verdict "FAIL: run with --deterministic: $(first_error "$LOGS/D.log")"
  fi
else
  verdict "deterministic runs skipped ($( (( CUDA_OK )) && echo "time: ${SECONDS}s > ${BUDGET}s" || echo "no working run"))"
fi

if [[ -d $APP/cpu || -d $APP/cuda-12.8 ]]; then
  verdict "WARNING: TorchSharp fell back to copying LibTorch from a NuGet cache into $APP (not the machine's LibTorch)"
fi

section "weights of the final checkpoints (arch export + PyTorch)"
if (( ${#PAIRS[@]} )); then
  : > "$LOGS/pairs.txt"
  for p in "${PAIRS[@]}"; do
    IFS='|' read -r label a b <<< "$p"
    for r in "$a" "$b"; do
      [[ -f $RUNS/$r.pt ]] || timeout 60 "$ARCH" export "$RUNS/$r/SEResNet20.ckpt" -o "$RUNS/$r.pt" > "$LOGS/export-$r.log" 2>&1 \
        || echo "export of $r failed: $(tail -2 "$LOGS/export-$r.log")"
    done
    echo "$label|$RUNS/$a.pt|$RUNS/$b.pt" >> "$LOGS/pairs.txt"
  done
  timeout 120 "$PY" - "$LOGS/pairs.txt" > "$LOGS/weights.txt" 2>&1 <<'EOF'
import sys
try:
    import torch
except Exception as e:
    print(f"no PyTorch here ({e}): weights not compared"); sys.exit(0)
for line in open(sys.argv[1]):
    label, a, b = line.rstrip("\n").split("|")
    try:
        sa = torch.load(a, map_location="cpu", weights_only=True)
        sb = torch.load(b, map_location="cpu", weights_only=True)
    except Exception as e:
        print(f"{label}: weights not compared ({type(e).__name__}: {e})"); continue
    differing, largest, where = 0, 0.0, ""
    for k in sa:
        if not torch.equal(sa[k], sb[k]):
            differing += 1
            d = (sa[k].double() - sb[k].double()).abs().max().item()
            if d > largest: largest, where = d, k
    if differing == 0:
        print(f"{label}: weights BIT-IDENTICAL ({len(sa)} tensors)")
    else:
        print(f"{label}: weights DIFFER in {differing} of {len(sa)} tensors, largest |difference| {largest:.3g} ({where})")
EOF
  while IFS= read -r l; do verdict "$l"; done < "$LOGS/weights.txt"
fi

section "7. speed: ResNet20 vs SEResNet20, batch 128, no augmentation, $SPEED_EPOCHS epochs"
if (( CUDA_OK && SPEED_EPOCHS > 0 )) && ! over_budget; then
  start=$SECONDS
  timeout -k 5 "$RUN_TIMEOUT" "$ARCH" train -m ResNet20,SEResNet20 --data sample --train-images "$SPEED_IMAGES" --test-images 100 \
    -e "$SPEED_EPOCHS" -b 128 --no-augment --seed 1 -t "$THREADS" --device "$DEVICE" -o "$RUNS/speed" > "$LOGS/speed.log" 2>&1
  echo "exit $? in $((SECONDS - start)) s"
  sed 's/^/    /' "$LOGS/speed.log" | grep -vE '^\s*$' | tail -25
  verdict "speed (arch, whole-run img/s per model): $(awk -F, 'NR > 1 {img[$1] += $9; s[$1] += $10} END {for (m in img) printf "%s %.0f  ", m, img[m] / s[m]}' "$RUNS/speed/metrics.csv" 2>/dev/null)"
  if ! over_budget; then
    # auto keeps NCHW on CUDA; the same runs channels-last, for comparison.
    timeout -k 5 "$RUN_TIMEOUT" "$ARCH" train -m ResNet20,SEResNet20 --data sample --train-images "$SPEED_IMAGES" --test-images 100 \
      -e "$SPEED_EPOCHS" -b 128 --no-augment --seed 1 -t "$THREADS" --device "$DEVICE" --memory-format channels-last \
      -o "$RUNS/speed-cl" > "$LOGS/speed-cl.log" 2>&1
    echo "channels-last: exit $?"; sed 's/^/    /' "$LOGS/speed-cl.log" | grep -E 'SE training-time|│ (SE)?ResNet20'
    verdict "speed (arch --memory-format channels-last, whole-run img/s per model): $(awk -F, 'NR > 1 {img[$1] += $9; s[$1] += $10} END {for (m in img) printf "%s %.0f  ", m, img[m] / s[m]}' "$RUNS/speed-cl/metrics.csv" 2>/dev/null)"
  fi
  if ! over_budget; then
    echo "PyTorch eager on $DEVICE (scripts/se_resnet20.py, random batch of 128, SGD as arch; $REF_STEPS timed steps after 5):"
    timeout 120 "$PY" - "$DEVICE" "$REF_STEPS" "$THREADS" > "$LOGS/pytorch-speed.log" 2>&1 <<'EOF'
import sys, time
sys.path.insert(0, "scripts")
import torch
import torch.nn.functional as F
from se_resnet20 import ResNet20
device, steps, threads = torch.device(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
print(f"torch {torch.__version__} on {device}")
for name, se in (("ResNet20", False), ("SEResNet20", True)):
    torch.manual_seed(1)
    model = ResNet20(se=se).to(device).train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    x = torch.randn(128, 1, 28, 28, device=device)
    y = torch.randint(0, 10, (128,), device=device)
    rates = []
    for item_every_step in (True, False):   # True: like arch (loss and accuracy read back every step)
        for i in range(5 + steps):
            if i == 5:
                sync(); start = time.perf_counter()
            optimizer.zero_grad()
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            loss.backward()
            optimizer.step()
            if item_every_step:
                loss.item(); (logits.argmax(1) == y).sum().item()
        sync()
        rates.append(128 * steps / (time.perf_counter() - start))
    print(f"{name}: {rates[0]:.0f} img/s reading loss and accuracy every step (as arch), {rates[1]:.0f} img/s without")
EOF
    sed 's/^/    /' "$LOGS/pytorch-speed.log" | tail -8
    verdict "speed (PyTorch eager): $(grep -E '^(ResNet20|SEResNet20):' "$LOGS/pytorch-speed.log" | cut -d'(' -f1 | tr '\n' ' ')"
  fi
else
  verdict "speed step skipped"
fi
