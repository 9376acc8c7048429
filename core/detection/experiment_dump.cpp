#include "detection/experiment_dump.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <set>

namespace rs::detection {
namespace {

using nlohmann::json;

// Validation failures inside one line; the caller adds the file and line.
struct LineError {
    std::string message;
};

const json& member(const json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end()) throw LineError{std::string("\"") + key + "\" is missing"};
    return *it;
}

std::int64_t integerIn(const json& v, const std::string& what, std::int64_t lo, std::int64_t hi) {
    if (!v.is_number_integer()) throw LineError{what + " must be an integer"};
    if (v.is_number_unsigned() ? v.get<std::uint64_t>() > std::uint64_t(hi) : v.get<std::int64_t>() > hi)
        throw LineError{what + " is larger than " + std::to_string(hi)};
    const std::int64_t x = v.is_number_unsigned() ? std::int64_t(v.get<std::uint64_t>()) : v.get<std::int64_t>();
    if (x < lo) throw LineError{what + " must be at least " + std::to_string(lo) + ", not " + std::to_string(x)};
    return x;
}

const json& arrayOf(const json& obj, const char* key, std::size_t expected, const std::string& why) {
    const json& a = member(obj, key);
    if (!a.is_array()) throw LineError{std::string("\"") + key + "\" must be an array"};
    if (a.size() != expected)
        throw LineError{std::string("\"") + key + "\" has " + std::to_string(a.size()) + " values, expected " +
                        std::to_string(expected) + why};
    return a;
}

// Distances and scores: finite and non-negative (tiled l2 and Wen's norm both are).
std::vector<double> nonNegative(const json& obj, const char* key, std::size_t expected, const std::string& why) {
    const json& a = arrayOf(obj, key, expected, why);
    std::vector<double> out;
    out.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string what = std::string("\"") + key + "\"[" + std::to_string(i) + "]";
        if (!a[i].is_number()) throw LineError{what + " must be a number"};
        const double x = a[i].get<double>();
        if (!std::isfinite(x) || x < 0.0) throw LineError{what + " must be a finite non-negative number"};
        out.push_back(x);
    }
    return out;
}

ExperimentCaption parseLine(const std::string& text, std::size_t& generations) {
    json obj;
    try {
        obj = json::parse(text);
    } catch (const json::parse_error& e) {
        throw LineError{"malformed JSON at byte " + std::to_string(e.byte) + " of the line"};
    } catch (const json::out_of_range&) {
        throw LineError{"a number is out of range (e.g. 1e999)"};
    }
    if (!obj.is_object()) throw LineError{"expected a JSON object"};
    ExperimentCaption c;
    c.image = integerIn(member(obj, "image"), "\"image\"", 0, std::numeric_limits<std::int64_t>::max());
    const json& id = member(obj, "id");
    const json& caption = member(obj, "caption");
    if (!id.is_string() || !caption.is_string()) throw LineError{"\"id\" and \"caption\" must be strings"};
    c.id = id.get<std::string>();
    c.caption = caption.get<std::string>();
    c.duplicates = std::uint32_t(integerIn(member(obj, "duplicates"), "\"duplicates\"", 1, 0xffffffffll));

    const json& seeds = member(obj, "seeds");
    if (!seeds.is_array() || seeds.empty()) throw LineError{"\"seeds\" must be a non-empty array"};
    if (seeds.size() > kMaxExperimentGenerations)
        throw LineError{std::to_string(seeds.size()) + " generations; at most " +
                        std::to_string(kMaxExperimentGenerations) + " are supported"};
    if (generations == 0) generations = seeds.size();
    const std::size_t g = generations;
    const std::string why = " (G = " + std::to_string(g) + " generations per caption, from the first line)";
    arrayOf(obj, "seeds", g, why);
    for (std::size_t i = 0; i < g; ++i)
        integerIn(seeds[i], "\"seeds\"[" + std::to_string(i) + "]", 0, std::numeric_limits<std::int64_t>::max());
    c.wen = nonNegative(obj, "wen", g, why);
    c.ownDistance = nonNegative(obj, "own_distance", g, why);
    c.nearestDistance = nonNegative(obj, "nearest_distance", g, why);
    const json& nearest = arrayOf(obj, "nearest_image", g, why);
    for (std::size_t i = 0; i < g; ++i)
        c.nearestImage.push_back(integerIn(nearest[i], "\"nearest_image\"[" + std::to_string(i) + "]", 0,
                                           std::numeric_limits<std::int64_t>::max()));
    c.pairwise = nonNegative(obj, "pairwise", g * (g - 1) / 2, " (G·(G−1)/2 for G = " + std::to_string(g) + ")");
    return c;
}

}  // namespace

Expected<ExperimentDump> parseExperimentDump(const std::string& text, const std::string& name,
                                             std::size_t trainingImages) {
    const auto where = [&](std::size_t line) {
        return "experiment dump " + name + ", line " + std::to_string(line) + ": ";
    };
    if (text.size() > kMaxExperimentDumpBytes)
        return makeError("experiment dump " + name + " is larger than the 64 MiB limit");
    ExperimentDump dump;
    std::size_t lineNo = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(pos, end - pos);
        pos = end + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank: no caption, nothing lost
        try {
            dump.captions.push_back(parseLine(line, dump.generations));
            dump.captions.back().line = lineNo;
        } catch (const LineError& e) {
            return makeError(where(lineNo) + e.message);
        } catch (const std::exception& e) {
            return makeError(where(lineNo) + e.what());
        }
    }
    if (dump.captions.empty()) return makeError("experiment dump " + name + " holds no captions");

    const std::size_t n = trainingImages ? trainingImages : dump.captions.size();
    const std::string range = trainingImages ? " (--training-images " + std::to_string(n) + ")"
                                             : " (the dump's " + std::to_string(n) +
                                                   " captions; give the training set size for a sampled dump)";
    std::set<std::int64_t> seen;
    for (const auto& c : dump.captions) {
        if (std::uint64_t(c.image) >= n)
            return makeError(where(c.line) + "\"image\" " + std::to_string(c.image) +
                             " is outside the training set of " + std::to_string(n) + " images" + range);
        if (!seen.insert(c.image).second)
            return makeError(where(c.line) + "image " + std::to_string(c.image) + " appears on an earlier line too");
        for (std::size_t i = 0; i < c.nearestImage.size(); ++i)
            if (std::uint64_t(c.nearestImage[i]) >= n)
                return makeError(where(c.line) + "\"nearest_image\"[" + std::to_string(i) +
                                 "] = " + std::to_string(c.nearestImage[i]) + " is outside the training set of " +
                                 std::to_string(n) + " images" + range);
    }
    return dump;
}

Expected<ExperimentDump> readExperimentDump(const std::string& path, std::size_t trainingImages) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError("cannot open the experiment dump " + path);
    // Read at most one byte past the cap, so an endless line or file cannot exhaust memory.
    std::string text;
    std::vector<char> chunk(1 << 20);
    while (in && text.size() <= kMaxExperimentDumpBytes) {
        in.read(chunk.data(), std::streamsize(chunk.size()));
        text.append(chunk.data(), std::size_t(in.gcount()));
    }
    if (in.bad()) return makeError("cannot read the experiment dump " + path);
    if (text.size() > kMaxExperimentDumpBytes) {
        std::size_t line = 1;
        for (char ch : text) line += ch == '\n';
        return makeError("experiment dump " + path + ", line " + std::to_string(line) +
                         ": the file is larger than the 64 MiB limit");
    }
    return parseExperimentDump(text, path, trainingImages);
}

}  // namespace rs::detection
