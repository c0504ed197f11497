/// @file
/// Whole files: crash-safe writing and reading, with errors that name the file.
///
/// @code{.cpp}
///   write_file_atomic("out/loss.svg", svg_text);
///   write_file_atomic("out/model.safetensors", {header, data});  // pieces, written in order
///   std::string text = read_file("data/names.txt");
/// @endcode
///
/// write_file_atomic writes `path + ".tmp.<pid>"` in the same directory, flushes it to disk with
/// fsync, then renames it over `path`, so a reader (or a crash) sees either the old file or the
/// new one, never half of each; on any error the temporary file is removed and the old file is
/// left as it was. The directory must exist. Checkpoints (layers/checkpoint.h) and every file the
/// apps write go through it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "shape.h"

namespace ripple {

/// A file could not be read or written. The message names the file and the reason, e.g.
/// "cannot open 'data/names.txt': No such file or directory".
struct FileError : Error {
  using Error::Error;
};

/// Writes `bytes` to `path` atomically (see above). Throws FileError.
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes);
/// Writes the concatenation of `parts` to `path` atomically, without first joining them in memory.
void write_file_atomic(const std::filesystem::path& path, std::span<const std::string_view> parts);
/// The same for a braced list: `write_file_atomic(path, {header, data})`.
void write_file_atomic(const std::filesystem::path& path,
                       std::initializer_list<std::string_view> parts);

/// The files read_file reads by default: up to 1 GiB.
inline constexpr uint64_t kMaxReadBytes = uint64_t{1} << 30;

/// The whole content of `path`. Throws FileError if it is missing, unreadable, larger than
/// `max_bytes`, or not a regular file: a directory, a FIFO (which would block until a writer
/// comes), a device such as /dev/zero (which never ends) are refused by name at once.
std::string read_file(const std::filesystem::path& path, uint64_t max_bytes = kMaxReadBytes);

/// What a path is, for messages: "a directory", "a FIFO", "a character device", "a regular file"...
/// or "missing" when it does not exist.
std::string file_kind(const std::filesystem::path& path);

/// Removes the temporary files `path + ".tmp.<pid>"` that writers killed mid-write (kill -9, a
/// power cut) left beside `path`: those whose process no longer runs. write_file_atomic calls it
/// before each write, so the next run cleans up after a killed one. Returns how many it removed.
int remove_stale_temporaries(const std::filesystem::path& path);

}  // namespace ripple
