#pragma once
// Long unattended runs (training on a borrowed GPU) that die on a signal leave a stack trace on
// stderr instead of a bare "Segmentation fault", so the next run can be fixed rather than retried.
#include <csignal>
#include <execinfo.h>
#include <unistd.h>

namespace rs::cli {

extern "C" inline void rsPrintBacktraceAndDie(int signal) {
    static const char header[] = "\nfatal signal; stack (most recent call first):\n";
    (void)!::write(STDERR_FILENO, header, sizeof header - 1);
    void* frames[64];
    const int count = ::backtrace(frames, 64);
    ::backtrace_symbols_fd(frames, count, STDERR_FILENO);
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

inline void installCrashBacktrace() {
    for (int s : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) std::signal(s, rsPrintBacktraceAndDie);
}

}  // namespace rs::cli
