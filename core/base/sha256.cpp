// SHA-256 following FIPS 180-4 section 6.2; on x86-64 CPUs with the SHA extensions the blocks go
// through sha256rnds2/sha256msg1/sha256msg2 instead (Intel's "New Instructions Supporting the
// Secure Hash Algorithm on Intel Architecture Processors", 2013), chosen once at run time.
#include "base/sha256.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define RS_SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace rs {
namespace {

constexpr std::uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t kInitial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

inline std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

void compressPortable(std::uint32_t state[8], const unsigned char* block) {
    std::uint32_t w[64];
    for (int i = 0; i < 16; ++i)
        w[i] = std::uint32_t(block[4 * i]) << 24 | std::uint32_t(block[4 * i + 1]) << 16 |
               std::uint32_t(block[4 * i + 2]) << 8 | std::uint32_t(block[4 * i + 3]);
    for (int i = 16; i < 64; ++i) {
        const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int i = 0; i < 64; ++i) {
        const std::uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kRound[i] + w[i];
        const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

#if RS_SHA256_X86
bool cpuHasShaExtensions() {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
    const bool ssse3 = ecx & (1u << 9), sse41 = ecx & (1u << 19);
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    const bool sha = ebx & (1u << 29);
    return ssse3 && sse41 && sha;
}

// Four rounds: the message words plus their constants go through sha256rnds2 twice (two rounds
// each), the state being split into (ABEF, CDGH) as the instruction wants it.
#define RS_SHA_ROUNDS4(msg, k)                                                                \
    do {                                                                                      \
        __m128i t = _mm_add_epi32(msg, _mm_loadu_si128(reinterpret_cast<const __m128i*>(k))); \
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, t);                                          \
        t = _mm_shuffle_epi32(t, 0x0E);                                                       \
        abef = _mm_sha256rnds2_epu32(abef, cdgh, t);                                          \
    } while (0)

__attribute__((target("sha,sse4.1,ssse3"))) void compressShaNi(std::uint32_t state[8], const unsigned char* blocks,
                                                               std::size_t count) {
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    // sha256rnds2 keeps the state as two registers, ABEF and CDGH (named high lane first).
    __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[0]));
    __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[4]));
    const __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    const __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

    for (std::size_t n = 0; n < count; ++n, blocks += 64) {
        const __m128i abefSaved = abef, cdghSaved = cdgh;
        __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks + 0)), byteSwap);
        __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks + 16)), byteSwap);
        __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks + 32)), byteSwap);
        __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks + 48)), byteSwap);

        RS_SHA_ROUNDS4(m0, &kRound[0]);
        RS_SHA_ROUNDS4(m1, &kRound[4]);
        RS_SHA_ROUNDS4(m2, &kRound[8]);
        RS_SHA_ROUNDS4(m3, &kRound[12]);
        // Rounds 16..63: w[i..i+3] from the previous 16 words.
        for (int i = 16; i < 64; i += 4) {
            __m128i next = _mm_sha256msg1_epu32(m0, m1);
            next = _mm_add_epi32(next, _mm_alignr_epi8(m3, m2, 4));
            next = _mm_sha256msg2_epu32(next, m3);
            RS_SHA_ROUNDS4(next, &kRound[i]);
            m0 = m1;
            m1 = m2;
            m2 = m3;
            m3 = next;
        }
        abef = _mm_add_epi32(abef, abefSaved);
        cdgh = _mm_add_epi32(cdgh, cdghSaved);
    }
    // Back to the state words in order.
    const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    dcba = _mm_blend_epi16(feba, dchg, 0xF0);
    hgfe = _mm_alignr_epi8(dchg, feba, 8);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[0]), dcba);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[4]), hgfe);
}
#undef RS_SHA_ROUNDS4

const bool kUseShaNi = cpuHasShaExtensions();
#else
constexpr bool kUseShaNi = false;
#endif

}  // namespace

Sha256::Sha256(bool portableOnly) : m_portableOnly(portableOnly) { std::memcpy(m_state, kInitial, sizeof kInitial); }

void Sha256::compressBlocks(const unsigned char* blocks, std::size_t count) {
#if RS_SHA256_X86
    if (kUseShaNi && !m_portableOnly) return compressShaNi(m_state, blocks, count);
#endif
    for (std::size_t i = 0; i < count; ++i) compressPortable(m_state, blocks + 64 * i);
}

void Sha256::update(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    m_totalBytes += size;
    if (m_buffered > 0) {
        const std::size_t take = std::min(size, sizeof m_buffer - m_buffered);
        std::memcpy(m_buffer + m_buffered, p, take);
        m_buffered += take;
        p += take;
        size -= take;
        if (m_buffered < sizeof m_buffer) return;
        compressBlocks(m_buffer, 1);
        m_buffered = 0;
    }
    const std::size_t whole = size / 64;
    if (whole > 0) compressBlocks(p, whole);
    p += whole * 64;
    size -= whole * 64;
    std::memcpy(m_buffer, p, size);
    m_buffered = size;
}

std::string Sha256::hexDigest() {
    const std::uint64_t bits = m_totalBytes * 8;
    unsigned char tail[128] = {};
    std::memcpy(tail, m_buffer, m_buffered);
    tail[m_buffered] = 0x80;
    const std::size_t tailSize = m_buffered < 56 ? 64 : 128;
    for (int i = 0; i < 8; ++i) tail[tailSize - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    compressBlocks(tail, tailSize / 64);
    static const char* digits = "0123456789abcdef";
    std::string hex;
    hex.reserve(64);
    for (std::uint32_t word : m_state)
        for (int shift = 28; shift >= 0; shift -= 4) hex.push_back(digits[(word >> shift) & 0xf]);
    *this = Sha256(m_portableOnly);
    return hex;
}

std::string sha256Hex(const void* data, std::size_t size) {
    Sha256 h;
    h.update(data, size);
    return h.hexDigest();
}

Expected<std::string> sha256File(const std::filesystem::path& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return makeError("cannot open " + path.string() + ": " + std::strerror(errno));
    Sha256 h;
    static thread_local char buffer[1 << 20];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) h.update(buffer, n);
    const bool failed = std::ferror(f);
    std::fclose(f);
    if (failed) return makeError("error while reading " + path.string());
    return h.hexDigest();
}

bool isSha256Hex(const std::string& text) {
    if (text.size() != 64) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace rs
