#pragma once
// How replicascope-cli reports a core error: by its kind. Bad input and things not found are the
// user's to fix (exit status 2, with the flag that sets the input the error is about, when the
// command has one); anything else is a failure (exit status 1). Core messages name no flags;
// the flag hints live here, per command.
#include "base/expected.h"

#include <cstdio>
#include <map>
#include <string>

namespace rs::cli {

// subject (Error::subject) -> the command's flag for it, e.g. {"model", "--model"}
using FlagHints = std::map<std::string, std::string>;

inline int exitForError(const char* command, const Error& error, const FlagHints& flags = {}) {
    const bool usersInput = error.kind == ErrorKind::BadInput || error.kind == ErrorKind::NotFound;
    std::string message = error.message;
    if (usersInput)
        if (const auto flag = flags.find(error.subject); flag != flags.end()) message += " (" + flag->second + ")";
    std::fprintf(stderr, "replicascope-cli %s: %s\n", command, message.c_str());
    if (usersInput) std::fprintf(stderr, "(see replicascope-cli %s --help)\n", command);
    return usersInput ? 2 : 1;
}

}  // namespace rs::cli
