/// @file
/// Checkpoints: named tensors and string metadata in the safetensors format.
///
/// A file written here is readable by any safetensors reader (Hugging Face's `safetensors`
/// package, its Rust crate, candle...), and ripple reads their files back:
///
/// @code{.unparsed}
///   8 bytes    N, the header length, unsigned little-endian
///   N bytes    JSON header: {"name": {"dtype": "F32", "shape": [27, 10], "data_offsets": [b, e]},
///              ..., "__metadata__": {"key": "value", ...}}; padded with trailing spaces so the
///              data section starts 8-byte aligned
///   the rest   the data section: each tensor's elements, row-major, little-endian, at
///              [b, e) bytes from the start of the section, packed in the order the tensors were
///              given, with no gaps
/// @endcode
///
/// dtypes: float32 <-> "F32", float64 <-> "F64", int64 <-> "I64". Metadata is string -> string,
/// as the format prescribes; callers store configuration or a vocabulary as JSON-encoded values.
///
/// Writes are atomic: the file is written to `path + ".tmp.<pid>"` in the same directory, flushed
/// to disk with fsync, and renamed over `path`, so a crash or an error leaves either the old file
/// or the new one, never half of one.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "module.h"

namespace ripple {

/// String metadata stored with the tensors (the format's "__metadata__").
using Metadata = std::map<std::string, std::string>;

/// Writes `tensors` (any shape including 0-d and empty, any strides, float32/float64/int64) and
/// `metadata` to `path`, replacing the file if it exists. Throws ripple::Error naming the file
/// when it cannot be written (the old file, if any, is left untouched and no temporary file
/// remains), or naming the tensor for an empty or duplicate tensor name or the reserved name
/// "__metadata__".
void save_safetensors(const std::string& path, const NamedTensors& tensors,
                      const Metadata& metadata = {});

/// What load_safetensors read: the tensors by name and the metadata.
struct Checkpoint {
  NamedTensors tensors;  ///< in the order of their data in the file
  Metadata metadata;
};

/// Reads a safetensors file. Every tensor is a fresh contiguous tensor owned by the caller.
/// Throws ripple::Error naming the file (and the tensor, where one is at fault) if the file is
/// missing or unreadable, shorter than 8 bytes, its header length exceeds the file, its header
/// is not a JSON object, a tensor entry has an unsupported dtype or a malformed shape or
/// data_offsets, the offsets lie outside the data section, overlap, leave gaps or disagree with
/// shape * dtype size, or the data section is truncated.
Checkpoint load_safetensors(const std::string& path);

/// Reads a safetensors file already in memory, with the checks and errors of load_safetensors;
/// `name` stands for the file in messages. For checkpoints that come from elsewhere than a file
/// (and for the fuzzer, fuzz/fuzz_safetensors.cpp).
Checkpoint parse_safetensors(std::string_view bytes, const std::string& name);

/// Saves m.state() (parameters then buffers, by their dotted names) with `metadata`.
void save_checkpoint(const std::string& path, const Module& m, const Metadata& metadata = {});

/// Loads a checkpoint written by save_checkpoint into `m` (Module::load_state: the handles stay
/// valid) and returns its metadata. Throws ripple::Error naming the file for any error of
/// load_safetensors and for a missing, unexpected, wrong-shaped or wrong-dtyped tensor.
Metadata load_checkpoint(const std::string& path, Module& m);

}  // namespace ripple
