// POSIX implementation of files.h: open/write/fsync/rename for atomic writes.
#include "apps/common/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ripple::apps {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path, int err) {
  throw FileError(what + " '" + path.string() + "': " + std::strerror(err));
}

// Closes the descriptor on every path out of a function.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

void write_file_atomic(const std::filesystem::path& path, std::string_view bytes) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  Fd file;
  file.fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (file.fd < 0) fail("cannot create", tmp, errno);
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(file.fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::unlink(tmp.c_str());
      fail("cannot write", tmp, err);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(file.fd) != 0 || ::close(file.fd) != 0) {
    int err = errno;
    file.fd = -1;
    ::unlink(tmp.c_str());
    fail("cannot write", tmp, err);
  }
  file.fd = -1;
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    fail("cannot rename to", path, err);
  }
  // Make the rename itself durable. A failure here loses nothing already visible, so ignore it.
  std::filesystem::path dir = path.parent_path();
  Fd d;
  d.fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (d.fd >= 0) ::fsync(d.fd);
}

std::string read_file(const std::filesystem::path& path) {
  Fd file;
  file.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (file.fd < 0) fail("cannot open", path, errno);
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) fail("cannot read", path, errno);
  if (S_ISDIR(st.st_mode)) fail("cannot read", path, EISDIR);
  std::string out;
  if (st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(file.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot read", path, errno);
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

void write_json(const std::filesystem::path& path, const nlohmann::json& value, int indent) {
  // Invalid UTF-8 in a string becomes U+FFFD rather than failing the whole write.
  const auto replace = nlohmann::json::error_handler_t::replace;
  write_file_atomic(path, value.dump(indent, ' ', false, replace) + "\n");
}

nlohmann::json read_json(const std::filesystem::path& path) {
  std::string text = read_file(path);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw FileError("'" + path.string() + "' is not valid JSON: " + e.what());
  }
}

}  // namespace ripple::apps
