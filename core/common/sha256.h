#pragma once
// SHA-256 of bytes and files (OpenSSL's implementation, hardware-accelerated where the CPU has it).
#include "expected.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace rs {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, std::size_t size);
    void update(const std::string& text) { update(text.data(), text.size()); }
    std::string hexDigest();  // finishes the hash; 64 lowercase hex characters

private:
    struct State;
    std::unique_ptr<State> m_state;
};

std::string sha256Hex(const void* data, std::size_t size);
inline std::string sha256Hex(const std::string& bytes) { return sha256Hex(bytes.data(), bytes.size()); }
Expected<std::string> sha256File(const std::filesystem::path& path);

bool isSha256Hex(const std::string& text);

}  // namespace rs
