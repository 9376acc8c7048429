#pragma once
// Minimal command-line parsing for replicascope-cli subcommands (standard library only, so the
// libtorch-only build of the CLI on a GPU machine needs nothing else).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace rs::cli {

class Args {
public:
    // valueOptions take a value ("--steps 25" or "--steps=25"); flags do not ("--json").
    // Repeated value options are kept in order (see all()).
    Args(int argc, char** argv, std::set<std::string> valueOptions, std::set<std::string> flags);

    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }

    bool has(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;
    std::string value(const std::string& name, const std::string& fallback) const;
    std::vector<std::string> all(const std::string& name) const;
    const std::vector<std::string>& positional() const { return m_positional; }

    // Typed getters: record an error naming the option when the text is not a number.
    std::optional<long long> integer(const std::string& name);
    std::optional<double> number(const std::string& name);

private:
    std::map<std::string, std::vector<std::string>> m_values;
    std::set<std::string> m_flagsSeen;
    std::vector<std::string> m_positional;
    std::string m_error;
};

// "a,b,,c" -> {"a", "b", "c"} (empty items dropped).
std::vector<std::string> splitList(const std::string& text);
// "12" or "12,13,20" -> ids (each a whole positive number); nullopt when any item is not.
std::optional<std::vector<std::int64_t>> parseIdList(const std::string& text);

}  // namespace rs::cli
