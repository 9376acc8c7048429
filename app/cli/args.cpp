#include "args.h"

#include <cerrno>
#include <cstdlib>

namespace rs::cli {

Args::Args(int argc, char** argv, std::set<std::string> valueOptions, std::set<std::string> flags) {
    bool onlyPositional = false;
    for (int i = 0; i < argc; ++i) {
        std::string arg = argv[i];
        if (onlyPositional || arg.size() < 3 || arg.rfind("--", 0) != 0) {
            if (arg == "--") {
                onlyPositional = true;
                continue;
            }
            m_positional.push_back(arg);
            continue;
        }
        std::string name = arg;
        std::optional<std::string> inlineValue;
        if (const auto eq = arg.find('='); eq != std::string::npos) {
            name = arg.substr(0, eq);
            inlineValue = arg.substr(eq + 1);
        }
        if (valueOptions.count(name)) {
            if (inlineValue) {
                m_values[name].push_back(*inlineValue);
            } else if (i + 1 < argc) {
                m_values[name].push_back(argv[++i]);
            } else {
                m_error = name + " needs a value";
                return;
            }
        } else if (flags.count(name) && !inlineValue) {
            m_flagsSeen.insert(name);
        } else {
            m_error = "unknown option " + name;
            return;
        }
    }
}

bool Args::has(const std::string& name) const { return m_flagsSeen.count(name) || m_values.count(name); }

std::optional<std::string> Args::value(const std::string& name) const {
    auto it = m_values.find(name);
    if (it == m_values.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

std::string Args::value(const std::string& name, const std::string& fallback) const {
    return value(name).value_or(fallback);
}

std::vector<std::string> Args::all(const std::string& name) const {
    auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

std::optional<long long> Args::integer(const std::string& name) {
    auto text = value(name);
    if (!text) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(text->c_str(), &end, 10);
    if (errno || end == text->c_str() || *end != '\0') {
        m_error = name + " expects an integer, got '" + *text + "'";
        return std::nullopt;
    }
    return v;
}

std::optional<double> Args::number(const std::string& name) {
    auto text = value(name);
    if (!text) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(text->c_str(), &end);
    if (errno || end == text->c_str() || *end != '\0') {
        m_error = name + " expects a number, got '" + *text + "'";
        return std::nullopt;
    }
    return v;
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> items;
    std::string item;
    for (char c : text + ",") {
        if (c != ',') {
            item += c;
        } else if (!item.empty()) {
            items.push_back(item);
            item.clear();
        }
    }
    return items;
}

std::optional<std::vector<std::int64_t>> parseIdList(const std::string& text) {
    std::vector<std::int64_t> ids;
    std::string item;
    for (char c : text + ",") {
        if (c != ',') {
            item += c;
            continue;
        }
        char* end = nullptr;
        const long long id = std::strtoll(item.c_str(), &end, 10);
        if (item.empty() || *end != '\0' || id < 1) return std::nullopt;
        ids.push_back(id);
        item.clear();
    }
    return ids;
}

}  // namespace rs::cli
