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

}  // namespace

int main(int argc, char** argv) {
    rs::useOptimizedBlasKernel(argv);  // may start the program again (base/blas_kernel.h)
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
