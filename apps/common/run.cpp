// Checkpoints with their configuration, and JSON files, for the apps (run.h).
#include "apps/common/run.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ripple::apps {
namespace {

// Throws unless `dir` is, or can be created as, a directory this process can write into.
void check_directory(const std::filesystem::path& dir, const std::string& what) {
  std::filesystem::path existing = dir.empty() ? "." : dir;
  std::error_code ec;
  while (!std::filesystem::exists(existing, ec) && existing.has_parent_path() &&
         existing.parent_path() != existing)
    existing = existing.parent_path();
  if (!std::filesystem::exists(existing, ec)) existing = ".";
  if (!std::filesystem::is_directory(existing, ec))
    throw FileError(what + ": cannot write into '" + dir.string() + "': '" + existing.string() + "' is " +
                    file_kind(existing) + ", not a directory");
  // access(W_OK) says yes to root even on a read-only mount: a probe file tells the truth
  const std::filesystem::path probe = existing / (".ripple-write-test." + std::to_string(::getpid()));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    throw FileError(what + ": cannot write into '" + dir.string() + "': " +
                    (existing == dir ? std::string() : "its folder '" + existing.string() + "': ") +
                    std::strerror(errno));
  ::close(fd);
  ::unlink(probe.c_str());
}

}  // namespace

void RunDir::create() const {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw FileError("cannot create the folder '" + dir.string() + "': " + ec.message());
  remove_stale_temporaries(checkpoint());  // what a writer killed mid-write left (core/file.h)
}

void RunDir::check_writable() const {
  check_directory(dir, "--out");
  const std::string ckpt = checkpoint();
  const std::string kind = file_kind(ckpt);
  if (kind != "missing" && kind != "a regular file")
    throw FileError("--out: the checkpoint '" + ckpt + "' is " + kind + ", not a file it can replace");
}

void check_writable_file(const std::filesystem::path& path, const std::string& flag) {
  const std::string kind = file_kind(path);
  if (kind != "missing" && kind != "a regular file")
    throw FileError(flag + ": '" + path.string() + "' is " + kind + ", not a file it can replace");
  check_directory(path.parent_path(), flag);
}

void save_checkpoint_with_config(const std::string& path, const Module& model,
                                 const nlohmann::json& config, Metadata metadata) {
  metadata["config"] = config.dump();
  ripple::save_checkpoint(path, model, metadata);
}

void write_json(const std::filesystem::path& path, const nlohmann::json& value, int indent) {
  // Invalid UTF-8 in a string becomes U+FFFD rather than failing the whole write.
  const auto replace = nlohmann::json::error_handler_t::replace;
  write_file_atomic(path, value.dump(indent, ' ', false, replace) + "\n");
}

}  // namespace ripple::apps
