#include "base/blas_kernel.h"
#include "commands.h"
#include "rs_version.h"

#include <cstdio>
#include <cstring>

namespace {

void printUsage() {
    std::printf("ReplicaScope %s - audit diffusion models for reproduced training images\n\n", rs::kVersion);
    std::printf("usage: replicascope-cli <command> [options]\n\ncommands:\n");
    for (const auto& c : rs::cli::commands()) std::printf("  %-12s %s\n", c.name, c.summary);
    std::printf("\nRun 'replicascope-cli <command> --help' for a command's options.\n");
}

// Commands whose work is matrix math through libtorch and OpenBLAS (networks, TorchScript
// descriptors, all-pairs tiled l2). Only they are worth starting again for OpenBLAS's fast
// kernels (base/blas_kernel.h): the others (case, review, export, ...) start once, as
// scripts that run them by the hundred expect.
bool runsMatrixMath(int argc, char** argv) {
    if (argc < 2) return false;
    for (const char* name : {"scan", "generate", "screen", "train", "compare", "cliques", "import"})
        if (!std::strcmp(argv[1], name)) return true;
    if (!std::strcmp(argv[1], "case"))  // case verify --regenerate generates again
        for (int i = 2; i < argc; ++i)
            if (!std::strncmp(argv[i], "--regenerate", 12)) return true;
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    if (runsMatrixMath(argc, argv)) rs::useOptimizedBlasKernel(argv);  // may start the program again
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
        printUsage();
        return argc < 2 ? 2 : 0;
    }
    if (!std::strcmp(argv[1], "--version")) {
        std::printf("replicascope-cli %s\n", rs::kVersion);
        return 0;
    }
    for (const auto& c : rs::cli::commands())
        if (!std::strcmp(argv[1], c.name)) return c.run(argc - 2, argv + 2);
    std::fprintf(stderr, "replicascope-cli: unknown command '%s'\n\n", argv[1]);
    printUsage();
    return 2;
}
