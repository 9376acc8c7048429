#include "diffusion/io/safetensors.h"

#include "base/file_io.h"
#include "diffusion/io/json.h"
#include "diffusion/io/utf8.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <numeric>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "safetensors data is little-endian; this reader maps it directly and needs a little-endian host"
#endif

namespace rs::diffusion {
namespace {

struct DTypeName {
    const char* name;
    bool supported;
    SafetensorsDType dtype;
};

// Every dtype the reference implementation defines; only the float formats we compute in load.
const DTypeName kDTypes[] = {
    {"F32", true, SafetensorsDType::F32},
    {"F16", true, SafetensorsDType::F16},
    {"BF16", true, SafetensorsDType::BF16},
    {"F64", false, {}},
    {"I64", false, {}},
    {"U64", false, {}},
    {"I32", false, {}},
    {"U32", false, {}},
    {"I16", false, {}},
    {"U16", false, {}},
    {"I8", false, {}},
    {"U8", false, {}},
    {"BOOL", false, {}},
    {"F8_E5M2", false, {}},
    {"F8_E4M3", false, {}},
    {"F8_E8M0", false, {}},
    {"F6_E2M3", false, {}},
    {"F6_E3M2", false, {}},
    {"F4", false, {}},
    {"C64", false, {}},
};

std::string quoted(const std::string& name) { return "'" + name + "'"; }

class HeaderError {
public:
    explicit HeaderError(std::string m) : message(std::move(m)) {}
    std::string message;
};

std::uint64_t readU64(const Json& v, const std::string& tensor, const char* what) {
    if (!v.isInteger() || v.asInt() < 0)
        throw HeaderError("tensor " + quoted(tensor) + ": " + what + " must be non-negative integers, found " +
                          v.dump());
    return std::uint64_t(v.asInt());
}

SafetensorsEntry parseEntry(const std::string& name, const Json& info, std::uint64_t dataSize) {
    if (!info.isObject())
        throw HeaderError("tensor " + quoted(name) + ": expected an object with dtype, shape and data_offsets");
    const Json* dtype = info.find("dtype");
    const Json* shape = info.find("shape");
    const Json* offsets = info.find("data_offsets");
    if (!dtype || !shape || !offsets)
        throw HeaderError("tensor " + quoted(name) + ": lacks " +
                          (!dtype   ? "dtype"
                           : !shape ? "shape"
                                    : "data_offsets"));
    if (!dtype->isString()) throw HeaderError("tensor " + quoted(name) + ": dtype must be a string");

    SafetensorsEntry e;
    e.name = name;
    const DTypeName* known = nullptr;
    for (const auto& d : kDTypes)
        if (dtype->asString() == d.name) known = &d;
    if (!known) throw HeaderError("tensor " + quoted(name) + ": unknown dtype " + quoted(dtype->asString()));
    if (!known->supported)
        throw HeaderError("tensor " + quoted(name) + ": dtype " + known->name +
                          " is not supported (ReplicaScope loads F32, F16 and BF16 weights)");
    e.dtype = known->dtype;

    if (!shape->isArray()) throw HeaderError("tensor " + quoted(name) + ": shape must be an array");
    std::uint64_t numel = 1;
    for (const Json& d : shape->asArray()) {
        const std::uint64_t dim = readU64(d, name, "shape dimensions");
        if (__builtin_mul_overflow(numel, dim, &numel) || numel > std::uint64_t(INT64_MAX))
            throw HeaderError("tensor " + quoted(name) + ": shape " + shape->dump() + " has too many elements");
        e.shape.push_back(std::int64_t(dim));
    }
    std::uint64_t bytes = 0;
    if (__builtin_mul_overflow(numel, std::uint64_t(dtypeSize(e.dtype)), &bytes))
        throw HeaderError("tensor " + quoted(name) + ": shape " + shape->dump() + " has too many elements");

    if (!offsets->isArray() || offsets->size() != 2)
        throw HeaderError("tensor " + quoted(name) + ": data_offsets must be [begin, end]");
    e.begin = readU64(offsets->asArray()[0], name, "data_offsets");
    e.end = readU64(offsets->asArray()[1], name, "data_offsets");
    if (e.end < e.begin) throw HeaderError("tensor " + quoted(name) + ": data_offsets end is before begin");
    if (e.end > dataSize)
        throw HeaderError("tensor " + quoted(name) + ": data_offsets [" + std::to_string(e.begin) + ", " +
                          std::to_string(e.end) + "] go beyond the data section of " + std::to_string(dataSize) +
                          " bytes (truncated file?)");
    if (e.end - e.begin != bytes)
        throw HeaderError("tensor " + quoted(name) + ": " + std::to_string(e.end - e.begin) + " bytes of data but " +
                          dtypeName(e.dtype) + " " + shape->dump() + " needs " + std::to_string(bytes));
    return e;
}

}  // namespace

const char* dtypeName(SafetensorsDType dtype) {
    switch (dtype) {
    case SafetensorsDType::F32:
        return "F32";
    case SafetensorsDType::F16:
        return "F16";
    case SafetensorsDType::BF16:
        return "BF16";
    }
    return "?";
}

std::size_t dtypeSize(SafetensorsDType dtype) { return dtype == SafetensorsDType::F32 ? 4 : 2; }

c10::ScalarType toScalarType(SafetensorsDType dtype) {
    switch (dtype) {
    case SafetensorsDType::F32:
        return at::kFloat;
    case SafetensorsDType::F16:
        return at::kHalf;
    case SafetensorsDType::BF16:
        return at::kBFloat16;
    }
    return at::kFloat;
}

std::int64_t SafetensorsEntry::numel() const {
    return std::accumulate(shape.begin(), shape.end(), std::int64_t(1), std::multiplies<std::int64_t>());
}

SafetensorsFile::SafetensorsFile(SafetensorsFile&& o) noexcept { *this = std::move(o); }

SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&& o) noexcept {
    if (this != &o) {
        unmap();
        m_path = std::move(o.m_path);
        m_map = o.m_map;
        m_size = o.m_size;
        m_dataStart = o.m_dataStart;
        m_entries = std::move(o.m_entries);
        m_names = std::move(o.m_names);
        m_metadata = std::move(o.m_metadata);
        o.m_map = nullptr;
        o.m_size = 0;
    }
    return *this;
}

SafetensorsFile::~SafetensorsFile() { unmap(); }

void SafetensorsFile::unmap() {
    if (m_map) ::munmap(const_cast<unsigned char*>(m_map), m_size);
    m_map = nullptr;
}

Expected<SafetensorsFile> SafetensorsFile::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return makeError(path + ": cannot open (" + std::strerror(errno) + ")");
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return makeError(path + ": not a regular file");
    }
    const auto size = std::uint64_t(st.st_size);
    if (size < 8) {
        ::close(fd);
        return makeError(
            path + ": " + std::to_string(size) +
            " bytes is too short for a safetensors file (truncated?): it starts with an 8-byte header length");
    }
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) return makeError(path + ": cannot map the file (" + std::strerror(errno) + ")");

    SafetensorsFile file;
    file.m_path = path;
    file.m_map = static_cast<const unsigned char*>(map);
    file.m_size = size;

    std::uint64_t headerLength = 0;
    std::memcpy(&headerLength, file.m_map, 8);  // little-endian host (checked at compile time)
    if (headerLength > kSafetensorsMaxHeaderBytes)
        return makeError(path + ": header length " + std::to_string(headerLength) +
                         " is over the 100 MB limit (not a safetensors file?)");
    if (headerLength > size - 8)
        return makeError(path + ": header length " + std::to_string(headerLength) + " goes beyond the end of the " +
                         std::to_string(size) + "-byte file (truncated?)");
    file.m_dataStart = 8 + headerLength;
    const std::string_view header(reinterpret_cast<const char*>(file.m_map + 8), std::size_t(headerLength));
    if (header.empty() || header[0] != '{') return makeError(path + ": the header is not a JSON object");

    JsonLimits limits;
    limits.maxBytes = kSafetensorsMaxHeaderBytes;
    limits.maxDepth = 8;
    auto json = parseJson(header, limits);
    if (!json) return makeError(path + ": header: " + json.message());
    if (!json->isObject()) return makeError(path + ": the header is not a JSON object");

    const std::uint64_t dataSize = size - file.m_dataStart;
    try {
        for (const auto& [name, info] : json->members()) {
            if (name == "__metadata__") {
                if (!info.isObject()) throw HeaderError("__metadata__ must be an object mapping strings to strings");
                for (const auto& [k, v] : info.members()) {
                    if (!v.isString())
                        throw HeaderError("__metadata__ must map strings to strings, but " + quoted(k) + " is " +
                                          Json::typeName(v.type()));
                    file.m_metadata[k] = v.asString();
                }
                continue;
            }
            file.m_entries.push_back(parseEntry(name, info, dataSize));
        }
    } catch (const HeaderError& e) {
        return makeError(path + ": " + e.message);
    }

    // No two tensors may share bytes (empty tensors occupy none).
    std::vector<const SafetensorsEntry*> byOffset;
    for (const auto& e : file.m_entries)
        if (e.end > e.begin) byOffset.push_back(&e);
    std::sort(byOffset.begin(), byOffset.end(), [](const auto* a, const auto* b) { return a->begin < b->begin; });
    for (std::size_t i = 1; i < byOffset.size(); ++i) {
        if (byOffset[i]->begin < byOffset[i - 1]->end)
            return makeError(path + ": tensors " + quoted(byOffset[i - 1]->name) + " and " + quoted(byOffset[i]->name) +
                             " overlap (data_offsets [" + std::to_string(byOffset[i - 1]->begin) + ", " +
                             std::to_string(byOffset[i - 1]->end) + "] and [" + std::to_string(byOffset[i]->begin) +
                             ", " + std::to_string(byOffset[i]->end) + "])");
    }

    std::sort(file.m_entries.begin(), file.m_entries.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    for (const auto& e : file.m_entries) file.m_names.push_back(e.name);
    return file;
}

const SafetensorsEntry* SafetensorsFile::entry(std::string_view name) const {
    auto it = std::lower_bound(m_entries.begin(), m_entries.end(), name,
                               [](const SafetensorsEntry& e, std::string_view n) { return e.name < n; });
    return (it != m_entries.end() && it->name == name) ? &*it : nullptr;
}

std::string_view SafetensorsFile::rawBytes(const SafetensorsEntry& e) const {
    return std::string_view(reinterpret_cast<const char*>(m_map + m_dataStart + e.begin), std::size_t(e.end - e.begin));
}

Expected<at::Tensor> SafetensorsFile::tensor(const std::string& name, c10::ScalarType target,
                                             c10::Device device) const {
    const SafetensorsEntry* e = entry(name);
    if (!e) return makeError(m_path + ": no tensor named " + quoted(name));
    if (!m_map) return makeError(m_path + ": file is not open");
    try {
        const auto source = toScalarType(e->dtype);
        const auto options = at::TensorOptions().dtype(source);
        if (e->numel() == 0) return at::empty(e->shape, at::TensorOptions().dtype(target).device(device));
        const std::string_view bytes = rawBytes(*e);
        at::Tensor view;
        if (reinterpret_cast<std::uintptr_t>(bytes.data()) % dtypeSize(e->dtype) == 0) {
            // The mapping is read-only: from_blob only wraps it, and the copy below never writes it.
            view = at::from_blob(const_cast<char*>(bytes.data()), e->shape, options);
        } else {
            view = at::empty(e->shape, options);  // misaligned data: copy to aligned memory first
            std::memcpy(view.data_ptr(), bytes.data(), bytes.size());
        }
        return view.to(device, target, /*non_blocking=*/false, /*copy=*/true);
    } catch (const std::exception& ex) {
        return makeError(m_path + ": tensor " + quoted(name) + ": cannot convert to " + c10::toString(target) + " on " +
                         device.str() + ": " + ex.what());
    }
}

Status writeSafetensors(const std::string& path, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                        const std::map<std::string, std::string>& metadata) {
    std::vector<std::size_t> order(tensors.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return tensors[a].first < tensors[b].first; });

    std::vector<at::Tensor> data;
    Json header = Json::object();
    if (!metadata.empty()) {
        Json meta = Json::object();
        for (const auto& [k, v] : metadata) meta.appendMember(k, v);
        header.appendMember("__metadata__", std::move(meta));
    }
    std::uint64_t offset = 0;
    try {
        for (std::size_t k = 0; k < order.size(); ++k) {
            const auto& [name, t] = tensors[order[k]];
            if (k > 0 && name == tensors[order[k - 1]].first)
                return makeError(path + ": tensor " + quoted(name) + " is given twice");
            if (name == "__metadata__") return makeError(path + ": '__metadata__' cannot be a tensor name");
            if (!isValidUtf8(name)) return makeError(path + ": tensor name " + quoted(name) + " is not valid UTF-8");
            if (!t.defined()) return makeError(path + ": tensor " + quoted(name) + " is undefined");
            SafetensorsDType dtype;
            if (t.scalar_type() == at::kFloat)
                dtype = SafetensorsDType::F32;
            else if (t.scalar_type() == at::kHalf)
                dtype = SafetensorsDType::F16;
            else if (t.scalar_type() == at::kBFloat16)
                dtype = SafetensorsDType::BF16;
            else
                return makeError(path + ": tensor " + quoted(name) + " has dtype " + c10::toString(t.scalar_type()) +
                                 "; only float32, float16 and bfloat16 are written");
            at::Tensor cpu = t.detach().to(at::kCPU).contiguous();
            const std::uint64_t bytes = std::uint64_t(cpu.numel()) * dtypeSize(dtype);
            Json entry = Json::object();
            entry.appendMember("dtype", dtypeName(dtype));
            Json shape = Json::array();
            for (const auto d : cpu.sizes()) shape.push(Json::integer(d));
            entry.appendMember("shape", std::move(shape));
            entry.appendMember("data_offsets", Json(Json::Array{Json::integer(std::int64_t(offset)),
                                                                Json::integer(std::int64_t(offset + bytes))}));
            header.appendMember(name, std::move(entry));
            offset += bytes;
            data.push_back(std::move(cpu));
        }
    } catch (const std::exception& ex) {
        return makeError(path + ": cannot prepare the tensors: " + ex.what());
    }

    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    unsigned char length[8];
    std::uint64_t n = text.size();
    std::memcpy(length, &n, 8);  // little-endian host

    AtomicFileWriter out;
    if (auto s = out.open(path); !s) return s;
    if (auto s = out.write(length, 8); !s) return s;
    if (auto s = out.write(text.data(), text.size()); !s) return s;
    for (const auto& t : data)
        if (auto s = out.write(t.data_ptr(), std::size_t(t.numel()) * t.element_size()); !s) return s;
    return out.commit();
}

}  // namespace rs::diffusion
