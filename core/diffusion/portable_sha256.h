#pragma once
// SHA-256 (FIPS 180-4) in plain C++ for rs_diffusion, which may not link OpenSSL (rs_common's
// rs::sha256File is the one to use everywhere else). Used for the model card's file hashes.
#include "common/expected.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace rs::diffusion {

class PortableSha256 {
public:
    PortableSha256();
    void update(const void* data, std::size_t size);
    std::string finishHex();  // lower-case hex; the object is reset afterwards

private:
    void compress(const unsigned char* block);
    std::uint32_t m_state[8];
    unsigned char m_buffer[64];
    std::size_t m_buffered = 0;
    std::uint64_t m_totalBytes = 0;
};

std::string portableSha256Hex(const void* data, std::size_t size);
// Streams the file; the error names it.
Expected<std::string> portableSha256File(const std::string& path);

}  // namespace rs::diffusion
