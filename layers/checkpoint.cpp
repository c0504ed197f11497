// safetensors writer and reader (format and guarantees in checkpoint.h).
#include "layers/checkpoint.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>

#include "core/file.h"
#include "core/tensor.h"

namespace ripple {

static_assert(std::endian::native == std::endian::little,
              "safetensors stores little-endian data; ripple writes memory as is");

namespace {

using json = nlohmann::json;

const char* st_dtype(DType d) {
  switch (d) {
    case DType::Float32: return "F32";
    case DType::Float64: return "F64";
    case DType::Int64: return "I64";
  }
  return "?";
}

// Closes a file descriptor on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Reads exactly n bytes at `offset`; false if the file ends first.
bool read_all(int fd, void* data, size_t n, uint64_t offset) {
  char* p = static_cast<char*>(data);
  while (n > 0) {
    ssize_t k = ::pread(fd, p, n, static_cast<off_t>(offset));
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    p += k;
    n -= static_cast<size_t>(k);
    offset += static_cast<uint64_t>(k);
  }
  return true;
}

// One tensor entry of a header, checked against the data section.
struct Entry {
  std::string name;
  DType dtype;
  Shape shape;
  uint64_t begin, end;
};

Entry parse_entry(const std::string& name, const json& v, const std::string& where) {
  const std::string at = where + ": tensor '" + name + "': ";
  if (!v.is_object()) throw Error(at + "header entry is not a JSON object");
  Entry e{name, DType::Float32, {}, 0, 0};
  auto dt = v.find("dtype");
  if (dt == v.end() || !dt->is_string()) throw Error(at + "missing \"dtype\" string");
  const std::string d = dt->get<std::string>();
  if (d == "F32") e.dtype = DType::Float32;
  else if (d == "F64") e.dtype = DType::Float64;
  else if (d == "I64") e.dtype = DType::Int64;
  else throw Error(at + "unsupported dtype \"" + d + "\" (ripple reads F32, F64, I64)");
  auto sh = v.find("shape");
  if (sh == v.end() || !sh->is_array()) throw Error(at + "missing \"shape\" array");
  uint64_t bytes = dtype_size(e.dtype);
  for (const json& s : *sh) {
    if (!s.is_number_unsigned() || s.get<uint64_t>() > (uint64_t{1} << 62))
      throw Error(at + "shape " + sh->dump() + " must hold non-negative integers");
    uint64_t n = s.get<uint64_t>();
    if (n != 0 && bytes > UINT64_MAX / n) throw Error(at + "shape " + sh->dump() + " is too large");
    bytes *= n;
    e.shape.push_back(static_cast<int64_t>(n));
  }
  auto off = v.find("data_offsets");
  if (off == v.end() || !off->is_array() || off->size() != 2 || !(*off)[0].is_number_unsigned() ||
      !(*off)[1].is_number_unsigned())
    throw Error(at + "\"data_offsets\" must be two non-negative integers [begin, end]");
  e.begin = (*off)[0].get<uint64_t>();
  e.end = (*off)[1].get<uint64_t>();
  if (e.end < e.begin) throw Error(at + "data_offsets " + off->dump() + " end before they begin");
  if (e.end - e.begin != bytes)
    throw Error(at + "data_offsets " + off->dump() + " span " + std::to_string(e.end - e.begin) +
                " bytes, but shape " + to_string(e.shape) + " of " + d + " needs " +
                std::to_string(bytes));
  return e;
}

}  // namespace

void save_safetensors(const std::string& path, const NamedTensors& tensors,
                      const Metadata& metadata) {
  const std::string where = "save_safetensors: '" + path + "'";
  json header = json::object();
  std::set<std::string> seen;
  std::vector<Tensor> data;
  uint64_t offset = 0;
  for (const auto& [name, t] : tensors) {
    if (name.empty() || name == "__metadata__" || !seen.insert(name).second)
      throw Error(where + ": tensor name '" + name + "' is empty, reserved or repeated");
    if (!t.defined()) throw Error(where + ": tensor '" + name + "' is undefined");
    Tensor c = kernel::contiguous(t);
    uint64_t bytes = static_cast<uint64_t>(c.numel()) * dtype_size(c.dtype());
    header[name] = {{"dtype", st_dtype(c.dtype())},
                    {"shape", c.shape()},
                    {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    data.push_back(c);
  }
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::string text;
  try {
    text = header.dump();
  } catch (const json::exception& e) {
    throw Error(where + ": cannot encode the header (names and metadata must be UTF-8): " + e.what());
  }
  text.append((8 - (8 + text.size()) % 8) % 8, ' ');  // the data starts 8-byte aligned
  const uint64_t n = text.size();

  unsigned char len[8];
  for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
  std::vector<std::string_view> parts{{reinterpret_cast<const char*>(len), 8}, text};
  for (const Tensor& c : data)
    parts.emplace_back(static_cast<const char*>(c.raw_data()),
                       static_cast<size_t>(c.numel()) * dtype_size(c.dtype()));
  try {
    write_file_atomic(path, parts);
  } catch (const FileError& e) {
    throw FileError(where + ": " + e.what());
  }
}

namespace {

// Reads exactly n bytes at `offset` of the checkpoint into `data`; false if it ends first.
using ReadAt = std::function<bool(void* data, size_t n, uint64_t offset)>;

// The reader behind load_safetensors and parse_safetensors: `size` bytes that `read` gives,
// named `where` in messages. Nothing is allocated from a size the file states before that size
// is checked against `size`.
Checkpoint parse(uint64_t size, const ReadAt& read, const std::string& where) {
  unsigned char len[8];
  if (size < 8 || !read(len, 8, 0))
    throw Error(where + ": the file has " + std::to_string(size) +
                " bytes, fewer than the 8 of the header length: not a safetensors file");
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= uint64_t{len[i]} << (8 * i);
  if (n > size - 8)
    throw Error(where + ": header length " + std::to_string(n) + " exceeds the file size (" +
                std::to_string(size) + " bytes): not a safetensors file, or truncated");
  std::string text(n, '\0');
  if (!read(text.data(), n, 8)) throw Error(where + ": cannot read the header");
  json header;
  try {
    // a header nests three levels; a deeper one is refused while parsing, as a deeply nested
    // value would overflow the stack of the recursive code that prints or compares it
    header = json::parse(text, [&](int depth, json::parse_event_t, json&) {
      if (depth > 8) throw Error(where + ": the header nests deeper than 8 levels: not a safetensors header");
      return true;
    });
  } catch (const json::exception& e) {
    throw Error(where + ": the header is not valid JSON: " + e.what());
  }
  if (!header.is_object()) throw Error(where + ": the header is not a JSON object");

  Checkpoint out;
  std::vector<Entry> entries;
  for (const auto& [name, v] : header.items()) {
    if (name != "__metadata__") {
      entries.push_back(parse_entry(name, v, where));
      continue;
    }
    if (!v.is_object()) throw Error(where + ": \"__metadata__\" is not a JSON object");
    for (const auto& [key, value] : v.items()) {
      if (!value.is_string())
        throw Error(where + ": metadata '" + key + "' is not a string (safetensors metadata maps "
                    "strings to strings)");
      out.metadata[key] = value.get<std::string>();
    }
  }

  // The tensors must tile the data section exactly: sorted by offset, no overlap, no gap.
  const uint64_t data_start = 8 + n, data_size = size - data_start;
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  uint64_t covered = 0;
  const Entry* prev = nullptr;
  for (const Entry& e : entries) {
    const std::string at = where + ": tensor '" + e.name + "': data_offsets [" +
                           std::to_string(e.begin) + ", " + std::to_string(e.end) + "]";
    if (e.end > data_size)
      throw Error(at + " lie beyond the data section of " + std::to_string(data_size) +
                  " bytes: the file is truncated or the offsets are wrong");
    if (e.begin < covered)
      throw Error(at + " overlap tensor '" + prev->name + "'");
    if (e.begin > covered)
      throw Error(at + " leave a gap of " + std::to_string(e.begin - covered) + " bytes after " +
                  (prev ? "tensor '" + prev->name + "'" : std::string("the header")));
    covered = e.end;
    prev = &e;
  }
  if (covered != data_size)
    throw Error(where + ": the data section has " + std::to_string(data_size) +
                " bytes but the tensors cover only " + std::to_string(covered));

  for (const Entry& e : entries) {
    Tensor t = empty(e.shape, e.dtype);
    if (!read(t.raw_data(), e.end - e.begin, data_start + e.begin))
      throw Error(where + ": tensor '" + e.name + "': the data is truncated");
    out.tensors.emplace_back(e.name, t);
  }
  return out;
}

}  // namespace

Checkpoint load_safetensors(const std::string& path) {
  const std::string where = "load_safetensors: '" + path + "'";
  // O_NONBLOCK: a FIFO in the checkpoint's place must not block the open (it is refused below)
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (f.fd < 0) throw Error(where + ": cannot open: " + std::strerror(errno));
  struct stat st;
  if (::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode))
    throw Error(where + ": not a regular file");
  return parse(static_cast<uint64_t>(st.st_size),
               [&](void* data, size_t n, uint64_t offset) { return read_all(f.fd, data, n, offset); }, where);
}

Checkpoint parse_safetensors(std::string_view bytes, const std::string& name) {
  return parse(bytes.size(), [bytes](void* data, size_t n, uint64_t offset) {
    if (offset > bytes.size() || n > bytes.size() - offset) return false;
    if (n > 0) std::memcpy(data, bytes.data() + offset, n);
    return true;
  }, "parse_safetensors: '" + name + "'");
}

void save_checkpoint(const std::string& path, const Module& m, const Metadata& metadata) {
  save_safetensors(path, m.state(), metadata);
}

Metadata load_checkpoint(const std::string& path, Module& m) {
  Checkpoint c = load_safetensors(path);
  try {
    m.load_state(c.tensors);
  } catch (const Error& e) {
    throw Error("load_checkpoint: '" + path + "': " + e.what());
  }
  return std::move(c.metadata);
}

}  // namespace ripple
