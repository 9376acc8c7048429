// replicascope-train: the `train` subcommand alone, built with libtorch and nothing else (no Qt,
// OpenCV, SQLite or OpenSSL) so the model can be trained on a GPU machine that has only
// PyTorch's libtorch. Same options as `replicascope-cli train`.
#include "base/blas_kernel.h"
#include "commands.h"
#include "crash_backtrace.h"

int main(int argc, char** argv) {
    rs::useOptimizedBlasKernel(argv);  // may start the program again (base/blas_kernel.h)
    rs::cli::installCrashBacktrace();
    return rs::cli::runTrain(argc - 1, argv + 1);
}
