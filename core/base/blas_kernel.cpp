#include "base/blas_kernel.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#define RS_BLAS_X86 1
#endif

namespace rs {

namespace {

using CoreNameFunction = char* (*)();

// The kernel this CPU can run that 0.3.21 has, or nullptr.
const char* kernelForThisCpu() {
#if RS_BLAS_X86
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return nullptr;
    const bool fma = ecx & (1u << 12), osxsave = ecx & (1u << 27), avx = ecx & (1u << 28);
    if (!osxsave || !avx) return nullptr;
    // The OS must save the vector state: XCR0 bits 1-2 (SSE, AVX) and 5-7 (AVX-512).
    unsigned xcr0Low = 0, xcr0High = 0;
    __asm__ volatile("xgetbv" : "=a"(xcr0Low), "=d"(xcr0High) : "c"(0));
    if ((xcr0Low & 0x6) != 0x6) return nullptr;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return nullptr;
    const bool avx2 = ebx & (1u << 5), avx512f = ebx & (1u << 16), avx512dq = ebx & (1u << 17),
               avx512bw = ebx & (1u << 30), avx512vl = ebx & (1u << 31);
    if (avx512f && avx512dq && avx512bw && avx512vl && (xcr0Low & 0xE0) == 0xE0) return "SkylakeX";
    if (avx2 && fma) return "Haswell";
#endif
    return nullptr;
}

// The kernel OpenBLAS runs ("SkylakeX", "Prescott", ...), or "" when OpenBLAS is not loaded.
const char* blasKernelName() {
    auto coreName = reinterpret_cast<CoreNameFunction>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
    return coreName ? coreName() : "";
}

}  // namespace

void useOptimizedBlasKernel(char** argv) {
    if (std::getenv("OPENBLAS_CORETYPE")) return;  // chosen by the user or the platform
    if (std::strcmp(blasKernelName(), "Prescott") != 0) return;
    const char* kernel = kernelForThisCpu();
    if (!kernel) return;
    if (::setenv("OPENBLAS_CORETYPE", kernel, 1) != 0) return;
    ::execv("/proc/self/exe", argv);
    ::unsetenv("OPENBLAS_CORETYPE");  // exec failed: carry on as we were
}

}  // namespace rs
