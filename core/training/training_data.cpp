// Packed training file: explicit little-endian encoding, sizes checked against the file length
// before anything is allocated, payload hash checked after reading.
#include "training/training_data.h"

#include "base/file_io.h"

#include <cstring>
#include <fstream>
#include <limits>

namespace rs::diffusion {
namespace {

constexpr size_t kHeaderBytes = 64;
constexpr uint32_t kMaxImages = 10'000'000;
constexpr uint32_t kMaxSide = 4096;
constexpr uint32_t kMaxTokens = 4096;
constexpr uint32_t kMaxStringBytes = 1 << 16;

void putU32(std::string& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(char((v >> (8 * i)) & 0xff));
}
void putU64(std::string& out, uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(char((v >> (8 * i)) & 0xff));
}
uint32_t getU32(const unsigned char* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
uint64_t getU64(const unsigned char* p) { return uint64_t(getU32(p)) | uint64_t(getU32(p + 4)) << 32; }

void putInts(std::string& out, const std::vector<int32_t>& values) {
    for (int32_t v : values) putU32(out, uint32_t(v));
}

// Reads sequentially from the payload; every read is bounds-checked.
class Cursor {
public:
    Cursor(const std::string& bytes, size_t offset) : m_bytes(bytes), m_offset(offset) {}
    bool take(size_t n, const unsigned char** out) {
        if (n > m_bytes.size() - m_offset) return false;
        *out = reinterpret_cast<const unsigned char*>(m_bytes.data()) + m_offset;
        m_offset += n;
        return true;
    }
    size_t remaining() const { return m_bytes.size() - m_offset; }

private:
    const std::string& m_bytes;
    size_t m_offset;
};

}  // namespace

uint64_t fnv1a64(const void* data, size_t size, uint64_t hash) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < size; ++i) {
        hash ^= p[i];
        hash *= 0x100000001b3ull;
    }
    return hash;
}

uint64_t PackedTrainingSet::streamLength() const {
    uint64_t total = 0;
    for (uint32_t c : duplicateCounts) total += c;
    return total;
}

Status PackedTrainingSet::validate() const {
    const size_t n = size();
    if (n == 0) return makeError("the training set has no images");
    if (n > kMaxImages) return makeError("the training set has too many images (" + std::to_string(n) + ")");
    if (height == 0 || width == 0 || height > kMaxSide || width > kMaxSide)
        return makeError("image size " + std::to_string(width) + "x" + std::to_string(height) + " is out of range");
    if (channels != 3) return makeError("images must have 3 channels (RGB), not " + std::to_string(channels));
    if (tokenLength == 0 || tokenLength > kMaxTokens)
        return makeError("token length " + std::to_string(tokenLength) + " is out of range");
    if (emptyPromptTokens.size() != tokenLength)
        return makeError("the empty prompt has " + std::to_string(emptyPromptTokens.size()) + " token ids, expected " +
                         std::to_string(tokenLength));
    if (pixels.size() != n * imageBytes())
        return makeError("pixel data has " + std::to_string(pixels.size()) + " bytes, expected " +
                         std::to_string(n * imageBytes()));
    if (tokens.size() != n * tokenLength)
        return makeError("token data has " + std::to_string(tokens.size()) + " ids, expected " +
                         std::to_string(n * tokenLength));
    if (ids.size() != n || captions.size() != n)
        return makeError("ids/captions count (" + std::to_string(ids.size()) + "/" + std::to_string(captions.size()) +
                         ") differs from the image count " + std::to_string(n));
    for (size_t i = 0; i < n; ++i) {
        if (duplicateCounts[i] == 0) return makeError("image " + ids[i] + " has a duplicate count of 0");
        if (ids[i].size() > kMaxStringBytes || captions[i].size() > kMaxStringBytes)
            return makeError("image " + ids[i] + ": id or caption longer than 64 KiB");
    }
    return {};
}

Status writePackedTrainingSet(const PackedTrainingSet& set, const std::string& path) {
    if (auto valid = set.validate(); !valid.ok()) return makeError(path + ": " + valid.message());
    std::string payload;
    payload.reserve(set.pixels.size() + 4 * (set.tokens.size() + set.tokenLength + set.size()) + 64 * set.size());
    putInts(payload, set.emptyPromptTokens);
    payload.append(reinterpret_cast<const char*>(set.pixels.data()), set.pixels.size());
    putInts(payload, set.tokens);
    for (uint32_t c : set.duplicateCounts) putU32(payload, c);
    for (size_t i = 0; i < set.size(); ++i) {
        putU32(payload, uint32_t(set.ids[i].size()));
        payload += set.ids[i];
        putU32(payload, uint32_t(set.captions[i].size()));
        payload += set.captions[i];
    }
    std::string header(kPackedTrainingMagic, 8);
    putU32(header, kPackedTrainingVersion);
    putU32(header, uint32_t(set.size()));
    putU32(header, set.height);
    putU32(header, set.width);
    putU32(header, set.channels);
    putU32(header, set.tokenLength);
    putU64(header, payload.size());
    putU64(header, fnv1a64(payload.data(), payload.size()));
    header.resize(kHeaderBytes, '\0');

    AtomicFileWriter writer;
    if (auto s = writer.open(path); !s.ok()) return s;
    if (auto s = writer.write(header.data(), header.size()); !s.ok()) return s;
    if (auto s = writer.write(payload.data(), payload.size()); !s.ok()) return s;
    return writer.commit();
}

Expected<PackedTrainingSet> readPackedTrainingSet(const std::string& path) {
    auto fail = [&](const std::string& what) { return makeError("packed training file " + path + ": " + what); };
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail("cannot be opened (missing or unreadable)");
    unsigned char head[kHeaderBytes];
    if (!in.read(reinterpret_cast<char*>(head), kHeaderBytes)) return fail("is shorter than its 64-byte header");
    if (std::memcmp(head, kPackedTrainingMagic, 8) != 0)
        return fail("is not a packed training file (bad magic; expected \"RSTRAIN1\")");
    if (uint32_t version = getU32(head + 8); version != kPackedTrainingVersion)
        return fail("has format version " + std::to_string(version) + "; this build reads version " +
                    std::to_string(kPackedTrainingVersion));
    PackedTrainingSet set;
    const uint32_t n = getU32(head + 12);
    set.height = getU32(head + 16);
    set.width = getU32(head + 20);
    set.channels = getU32(head + 24);
    set.tokenLength = getU32(head + 28);
    const uint64_t payloadBytes = getU64(head + 32);
    const uint64_t expectedHash = getU64(head + 40);
    if (n == 0 || n > kMaxImages) return fail("declares " + std::to_string(n) + " images");
    if (set.height == 0 || set.width == 0 || set.height > kMaxSide || set.width > kMaxSide || set.channels != 3 ||
        set.tokenLength == 0 || set.tokenLength > kMaxTokens)
        return fail("has an invalid header (image " + std::to_string(set.width) + "x" + std::to_string(set.height) +
                    "x" + std::to_string(set.channels) + ", " + std::to_string(set.tokenLength) + " tokens)");
    // Fixed-size sections must fit in the declared payload, and the payload in the file.
    const uint64_t fixedBytes =
        4ull * set.tokenLength + uint64_t(n) * set.imageBytes() + 4ull * n * set.tokenLength + 4ull * n + 8ull * n;
    in.seekg(0, std::ios::end);
    const uint64_t fileBytes = uint64_t(in.tellg());
    if (fileBytes != kHeaderBytes + payloadBytes)
        return fail("is " + std::to_string(fileBytes) + " bytes but its header declares " +
                    std::to_string(kHeaderBytes + payloadBytes) + " (truncated or appended to)");
    if (payloadBytes < fixedBytes || payloadBytes > std::numeric_limits<size_t>::max())
        return fail("payload of " + std::to_string(payloadBytes) + " bytes is too small for " + std::to_string(n) +
                    " images");
    std::string payload(size_t(payloadBytes), '\0');
    in.seekg(kHeaderBytes);
    if (!in.read(payload.data(), std::streamsize(payloadBytes))) return fail("could not be read completely");
    if (fnv1a64(payload.data(), payload.size()) != expectedHash) return fail("is corrupt (payload hash mismatch)");

    Cursor cursor(payload, 0);
    const unsigned char* p = nullptr;
    auto readInts = [&](size_t count, std::vector<int32_t>& out) {
        if (!cursor.take(4 * count, &p)) return false;
        out.resize(count);
        for (size_t i = 0; i < count; ++i) out[i] = int32_t(getU32(p + 4 * i));
        return true;
    };
    if (!readInts(set.tokenLength, set.emptyPromptTokens)) return fail("ends inside the empty prompt tokens");
    if (!cursor.take(size_t(n) * set.imageBytes(), &p)) return fail("ends inside the image data");
    set.pixels.assign(p, p + size_t(n) * set.imageBytes());
    if (!readInts(size_t(n) * set.tokenLength, set.tokens)) return fail("ends inside the token ids");
    if (!cursor.take(4ull * n, &p)) return fail("ends inside the duplicate counts");
    set.duplicateCounts.resize(n);
    for (uint32_t i = 0; i < n; ++i) set.duplicateCounts[i] = getU32(p + 4 * i);
    auto readString = [&](std::string& out) {
        if (!cursor.take(4, &p)) return false;
        const uint32_t len = getU32(p);
        if (len > kMaxStringBytes || !cursor.take(len, &p)) return false;
        out.assign(reinterpret_cast<const char*>(p), len);
        return true;
    };
    set.ids.resize(n);
    set.captions.resize(n);
    for (uint32_t i = 0; i < n; ++i)
        if (!readString(set.ids[i]) || !readString(set.captions[i]))
            return fail("ends inside the id/caption of image " + std::to_string(i));
    if (cursor.remaining() != 0)
        return fail(std::to_string(cursor.remaining()) + " unexpected bytes after the captions");
    if (auto valid = set.validate(); !valid.ok()) return fail(valid.message());
    return set;
}

}  // namespace rs::diffusion
