#pragma once
// OpenBLAS picks its CPU kernels when it loads, from the CPUID model number. Debian 12's 0.3.21
// does not know CPUs newer than it (Sapphire/Emerald Rapids report model 143/207) and falls
// back to its generic "Prescott" SSE3 kernels: slower (the default-model scan runs 1.3x
// faster on SkylakeX kernels on such a VM) and, worse for evidence, batch-dependent (the same
// seed alone and in a batch of two gives different pixels, where the AVX2/AVX-512 kernels give
// the same bytes). A program that runs libtorch calls this first thing in main() (the CLI only
// for the commands that do matrix math: starting again costs a second load of libtorch): when OpenBLAS
// is loaded, chose the generic fallback, and the CPU has the instructions of a known kernel
// (AVX-512 F/BW/DQ/VL: SkylakeX; AVX2 + FMA: Haswell), the program is started again with
// OPENBLAS_CORETYPE naming it. A kernel set in the environment (by the user or the platform)
// is always kept. Standard library, POSIX and compiler intrinsics only.

namespace rs {

// Returns only when nothing needs to change, or when starting again failed (the generic
// kernels then stay; nothing else is affected).
void useOptimizedBlasKernel(char** argv);

}  // namespace rs
