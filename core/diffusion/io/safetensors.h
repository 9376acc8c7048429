#pragma once
// safetensors files (Hugging Face): 8-byte little-endian header length, a JSON header
// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}, then the
// raw little-endian tensor data.
//
// API:
//   auto file = SafetensorsFile::open(path);           // memory-mapped, header fully validated
//   file->names();  file->entry(name)->shape / dtype;  file->metadata();
//   Expected<torch::Tensor> t = file->tensor(name, torch::kFloat16, torch::kCUDA);  // a copy,
//                                                      // converted to the target dtype/device
//   Status s = writeSafetensors(path, {{"w", tensor}, ...}, {{"format", "pt"}});  // atomic
// Only F32, F16 and BF16 are loaded or written; other dtypes (F64, I64, U8, BOOL, F8_*, ...) are
// refused by name. Every error names the file, and the tensor when there is one.
#include "base/expected.h"

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rs::diffusion {

enum class SafetensorsDType { F32, F16, BF16 };

const char* dtypeName(SafetensorsDType dtype);  // "F32", "F16", "BF16"
std::size_t dtypeSize(SafetensorsDType dtype);  // bytes per element
c10::ScalarType toScalarType(SafetensorsDType dtype);

struct SafetensorsEntry {
    std::string name;
    SafetensorsDType dtype = SafetensorsDType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;  // byte offsets inside the data section (after the header)
    std::uint64_t end = 0;
    std::int64_t numel() const;
};

// Limits of the reader (the reference implementation refuses headers over 100 MB).
constexpr std::uint64_t kSafetensorsMaxHeaderBytes = 100'000'000;

class SafetensorsFile {
public:
    static Expected<SafetensorsFile> open(const std::string& path);

    SafetensorsFile(SafetensorsFile&& other) noexcept;
    SafetensorsFile& operator=(SafetensorsFile&& other) noexcept;
    SafetensorsFile(const SafetensorsFile&) = delete;
    SafetensorsFile& operator=(const SafetensorsFile&) = delete;
    ~SafetensorsFile();

    const std::string& path() const { return m_path; }
    std::uint64_t fileSize() const { return m_size; }
    // Tensor names, sorted.
    const std::vector<std::string>& names() const { return m_names; }
    bool contains(std::string_view name) const { return entry(name) != nullptr; }
    // nullptr when the file has no tensor of that name.
    const SafetensorsEntry* entry(std::string_view name) const;
    const std::vector<SafetensorsEntry>& entries() const { return m_entries; }  // sorted by name
    const std::map<std::string, std::string>& metadata() const { return m_metadata; }

    // Copies the tensor out of the mapping, converted to `target` on `device`. Safe to call from
    // several threads at once.
    Expected<at::Tensor> tensor(const std::string& name, c10::ScalarType target = c10::kFloat,
                                c10::Device device = c10::Device(c10::kCPU)) const;
    // The tensor's raw little-endian bytes inside the mapping (valid while this object lives).
    std::string_view rawBytes(const SafetensorsEntry& entry) const;

private:
    SafetensorsFile() = default;
    void unmap();

    std::string m_path;
    const unsigned char* m_map = nullptr;
    std::uint64_t m_size = 0;
    std::uint64_t m_dataStart = 0;  // 8 + header length
    std::vector<SafetensorsEntry> m_entries;
    std::vector<std::string> m_names;
    std::map<std::string, std::string> m_metadata;
};

// Writes `tensors` (F32/F16/BF16, any device, any layout: written contiguous little-endian) to
// `path`, names sorted, header padded with spaces to a multiple of 8 bytes like the reference
// implementation, "__metadata__" only when `metadata` is not empty. Atomic: a temporary file in
// the same folder is renamed over `path` once complete.
Status writeSafetensors(const std::string& path, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                        const std::map<std::string, std::string>& metadata = {});

}  // namespace rs::diffusion
