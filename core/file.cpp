// POSIX implementation of file.h: open, write, fsync and rename for atomic writes.
#include "core/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ripple {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path, int err) {
  throw FileError(what + " '" + path.string() + "': " + std::strerror(err));
}

// Closes the descriptor on every way out of a function.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

void write_all(int fd, std::string_view bytes, const std::filesystem::path& path) {
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write", path, n < 0 ? errno : EIO);
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace

void write_file_atomic(const std::filesystem::path& path, std::span<const std::string_view> parts) {
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  // Removes the temporary file unless it was renamed into place.
  struct RemoveTemp {
    const std::filesystem::path& tmp;
    bool committed = false;
    ~RemoveTemp() {
      if (!committed) ::unlink(tmp.c_str());
    }
  } remove_temp{tmp};
  {
    Fd file{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
    if (file.fd < 0) {
      remove_temp.committed = true;  // nothing was created, and `tmp` may be someone else's
      fail("cannot create", tmp, errno);
    }
    for (std::string_view part : parts) write_all(file.fd, part, tmp);
    if (::fsync(file.fd) != 0) fail("cannot write", tmp, errno);
    const int fd = file.fd;
    file.fd = -1;
    if (::close(fd) != 0) fail("cannot write", tmp, errno);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0)
    fail("cannot rename '" + tmp.string() + "' to", path, errno);
  remove_temp.committed = true;
  // Make the rename itself durable (best effort: some file systems refuse to fsync a directory).
  const std::filesystem::path dir = path.parent_path();
  Fd d{::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd >= 0) ::fsync(d.fd);
}

void write_file_atomic(const std::filesystem::path& path, std::string_view bytes) {
  write_file_atomic(path, std::span<const std::string_view>(&bytes, 1));
}

void write_file_atomic(const std::filesystem::path& path,
                       std::initializer_list<std::string_view> parts) {
  write_file_atomic(path, std::span<const std::string_view>(parts.begin(), parts.size()));
}

std::string read_file(const std::filesystem::path& path) {
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) fail("cannot open", path, errno);
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) fail("cannot read", path, errno);
  if (S_ISDIR(st.st_mode)) fail("cannot read", path, EISDIR);
  std::string out;
  if (st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(file.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot read", path, errno);
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace ripple
