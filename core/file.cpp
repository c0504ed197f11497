// POSIX implementation of file.h: open, write, fsync and rename for atomic writes.
#include "core/file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
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

std::string kind_of(mode_t mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

std::string file_kind(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "missing";
  return kind_of(st.st_mode);
}

int remove_stale_temporaries(const std::filesystem::path& path) {
  const std::filesystem::path dir = path.parent_path().empty() ? "." : path.parent_path();
  const std::string prefix = path.filename().string() + ".tmp.";
  int removed = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string_view digits = std::string_view(name).substr(prefix.size());
    pid_t pid = 0;
    auto [p, err] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
    if (err != std::errc() || p != digits.data() + digits.size() || pid <= 0) continue;
    // kill(pid, 0) probes without sending: ESRCH means no such process, so nobody writes it
    if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
    if (::unlink(entry.path().c_str()) == 0) ++removed;
  }
  return removed;
}

void write_file_atomic(const std::filesystem::path& path, std::span<const std::string_view> parts) {
  remove_stale_temporaries(path);
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

std::string read_file(const std::filesystem::path& path, uint64_t max_bytes) {
  // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever, before fstat
  // could tell what it is
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (file.fd < 0) fail("cannot open", path, errno);
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) fail("cannot read", path, errno);
  if (!S_ISREG(st.st_mode))
    throw FileError("cannot read '" + path.string() + "': it is " + kind_of(st.st_mode) +
                    ", not a regular file (copy the data to a file first)");
  if (static_cast<uint64_t>(st.st_size) > max_bytes)
    throw FileError("cannot read '" + path.string() + "': it has " + std::to_string(st.st_size) +
                    " bytes, more than the " + std::to_string(max_bytes) + " this reader accepts");
  std::string out;
  if (st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(file.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot read", path, errno);
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > max_bytes)  // the file grew while being read
      throw FileError("cannot read '" + path.string() + "': it grew beyond " +
                      std::to_string(max_bytes) + " bytes while being read");
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace ripple
