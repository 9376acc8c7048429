#pragma once
// SHA-256 (FIPS 180-4) of bytes and files: the one implementation every module uses. Standard
// C++ only, with the x86 SHA extensions (SHA-NI) used where the CPU has them, so that hashing
// multi-gigabyte model files stays as fast as OpenSSL's.
#include "base/expected.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace rs {

class Sha256 {
public:
    // portableOnly: skip the SHA-NI kernel (tests compare the two).
    explicit Sha256(bool portableOnly = false);
    void update(const void* data, std::size_t size);
    void update(const std::string& text) { update(text.data(), text.size()); }
    std::string hexDigest();  // finishes the hash (64 lowercase hex characters) and starts anew

private:
    void compressBlocks(const unsigned char* blocks, std::size_t count);
    std::uint32_t m_state[8];
    unsigned char m_buffer[64];
    std::size_t m_buffered = 0;
    std::uint64_t m_totalBytes = 0;
    bool m_portableOnly = false;
};

std::string sha256Hex(const void* data, std::size_t size);
inline std::string sha256Hex(const std::string& bytes) { return sha256Hex(bytes.data(), bytes.size()); }
// Streams the file; the error names it.
Expected<std::string> sha256File(const std::filesystem::path& path);

bool isSha256Hex(const std::string& text);

}  // namespace rs
