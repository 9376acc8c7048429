#include "commands.h"

namespace rs::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
    };
    return table;
}

}  // namespace rs::cli
