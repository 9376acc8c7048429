#include "commands.h"

namespace rs::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"case", "create a case, show its details, verify its audit log and images", runCase},
        {"tokenize", "CLIP token ids of prompts, as a Stable Diffusion text encoder reads them", runTokenize},
    };
    return table;
}

}  // namespace rs::cli
