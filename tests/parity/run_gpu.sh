#!/usr/bin/env bash
# Issue 8 on the GPU machine, in one go: build the libtorch-only parts against PyTorch's CUDA
# libtorch, make the diffusers references (tiny + SD1.5-sized), compare our engine stage by stage
# (fp32 and fp16), and benchmark both engines on the same card. Output: JSON lines in $OUT.
# Stages: build, references, parity, bench, train (issue 5; not part of "all").
# Needs: diffusers source on PYTHONPATH (an ignored folder, never committed).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${OUT:-/tmp/rs-gpu-out}"
mkdir -p "$OUT"
WORK=/tmp/rs-gpu
mkdir -p "$WORK"
LOG="$OUT/gpu_log.txt"
exec > >(tee -a "$LOG") 2>&1

STAGE="${1:-all}"
TORCH_PREFIX=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
python3 -c 'import torch,transformers;print("torch",torch.__version__,"cuda",torch.version.cuda,"transformers",transformers.__version__)'

build() {
  cmake -S "$ROOT" -B "$WORK/build" -G Ninja -DRS_TORCH_ONLY=ON -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_PREFIX_PATH="$TORCH_PREFIX" -DCMAKE_CUDA_ARCHITECTURES=90 > "$WORK/cmake.log" 2>&1 || { tail -40 "$WORK/cmake.log"; return 1; }
  cmake --build "$WORK/build" -j 16 2>&1 | grep -E "error|warning: unused|FAILED" | head -40
  test -x "$WORK/build/tests/parity/parity_check"
}

references() {
  python3 "$ROOT/tests/parity/make_reference.py" --which tiny --out "$WORK/ref" --device cpu --dtype fp32 2>&1 | grep -v Warning
  (cd "$WORK/ref" && tar cf "$OUT/tiny_fixture.tar" tiny)
  python3 "$ROOT/tests/parity/make_reference.py" --which sd15 --out "$WORK/ref" --device cuda --dtype fp32 fp16 --bench 2>&1 | grep -v Warning
}

parity() {
  "$WORK/build/tests/parity/parity_check" "$WORK/ref/tiny/model" "$WORK/ref/tiny/reference_fp32.safetensors" --device cpu --dtype float32
  for dt in fp32 fp16; do
    t=float32; [ "$dt" = fp16 ] && t=float16
    "$WORK/build/tests/parity/parity_check" "$WORK/ref/sd15/model" "$WORK/ref/sd15/reference_$dt.safetensors" --device cuda --dtype $t
  done
}

bench() {
  B="$WORK/build/tests/bench/bench_diffusion"
  V="$ROOT/resources/clip/bpe_simple_vocab_16e6.txt.gz"
  [ -x "$B" ] || return 1
  "$B" --device cuda --models sd15 --steps 25 --batches 1,8,16,32 --sampler dpm++2m --vocab "$V" 2>&1 | tail -20
  "$B" --device cuda --models sd15 --steps 50 --batches 16 --sampler dpm++2m --vocab "$V" 2>&1 | tail -5
}

# Issue 5: train the default model on the GPU. The packed file is built beforehand on a machine
# with the full build (replicascope-cli dataset build --out .device-tmp/dataset) and carried in an
# ignored folder; the model folder comes back as $OUT/model.tar. TRAIN_ARGS adds trainer options.
train() {
  T="$WORK/build/app/replicascope-train"
  DATA="${TRAIN_DATA:-$ROOT/.device-tmp/dataset/training_set.rstrain}"
  [ -x "$T" ] && [ -f "$DATA" ] || { echo "train: need $T and $DATA"; return 1; }
  "$T" --data "$DATA" --out "$WORK/model" --device cuda --vocab "$ROOT/resources/clip/bpe_simple_vocab_16e6.txt.gz" \
       ${TRAIN_ARGS:-} 2>&1 | tail -40
  (cd "$WORK" && tar cf "$OUT/model.tar" --exclude=checkpoints model)
}

case "$STAGE" in
  all) build; references; parity; bench ;;
  *) "$STAGE" ;;
esac
