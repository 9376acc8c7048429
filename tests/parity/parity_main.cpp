// parity_check MODEL_DIR REFERENCE.safetensors [--device cpu|cuda] [--dtype float32|float16] [--no-images]
// Prints one JSON line per stage: our engine against diffusers' reference outputs.
#include "parity_check.h"

#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr,
                     "usage: parity_check MODEL_DIR REFERENCE.safetensors [--device D] [--dtype T] [--no-images]\n");
        return 2;
    }
    rs::parity::ParityOptions options;
    for (int i = 3; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--device") && i + 1 < argc)
            options.device = argv[++i];
        else if (!std::strcmp(argv[i], "--dtype") && i + 1 < argc)
            options.dtype = argv[++i];
        else if (!std::strcmp(argv[i], "--no-images"))
            options.images = false;
        else {
            std::fprintf(stderr, "parity_check: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    auto diffs = rs::parity::compareWithReference(argv[1], argv[2], options);
    if (!diffs.ok()) {
        std::fprintf(stderr, "parity_check: %s\n", diffs.message().c_str());
        return 1;
    }
    for (const auto& d : *diffs)
        std::printf("{\"parity\":\"%s\",\"device\":\"%s\",\"dtype\":\"%s\",%s\n", argv[2], options.device.c_str(),
                    options.dtype.c_str(), rs::parity::toJson(d).c_str() + 1);
    return 0;
}
