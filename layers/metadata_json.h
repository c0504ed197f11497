/// @file
/// Reading a checkpoint's JSON-encoded metadata field by field, for the loaders of the apps'
/// checkpoints (models/*_trained.cpp, the apps' resume code).
///
/// safetensors metadata maps strings to strings, so ripple stores its configuration as JSON text
/// ("config" -> {"model": "mlp", "block_size": 3, ...}). These helpers parse that text and read
/// each field as the type the loader needs; a field of another type is refused with a message
/// that names the metadata key, the field and the type expected (never nlohmann's own
/// "[json.exception.type_error.302] ..."). Loaders put the file's name in front:
///
/// @code{.unparsed}
///   const nlohmann::json cfg = parse_metadata(c.metadata, "config");      // an object
///   const int64_t window = metadata_field<int64_t>(cfg, "config", "window");
///   // model.safetensors: metadata "config" field "window" must be an integer, got "50"
/// @endcode
///
/// An internal header of the library (not installed): its interface is nlohmann's json.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "checkpoint.h"

namespace ripple {

/// metadata[key] parsed as JSON, nested at most 8 levels deep (a deeper value would overflow the
/// stack of the recursive code that compares or prints it). Throws ripple::Error:
/// `no "key" metadata` or `metadata "key" is not valid JSON (or nests deeper than 8 levels)`.
nlohmann::json parse_metadata(const Metadata& metadata, const std::string& key);

/// parse_metadata, and the value must be a JSON object: throws ripple::Error
/// `metadata "key" must be a JSON object, got [1,2]` otherwise.
nlohmann::json parse_metadata_object(const Metadata& metadata, const std::string& key);

/// value as T, or ripple::Error `WHAT must be TYPE, got VALUE` (the value shown at most 60
/// characters long). T is one of bool, int64_t (an integer that fits), double (any number),
/// std::string, std::vector<double>, std::vector<int64_t>, std::vector<std::string>.
template <class T>
T metadata_value(const nlohmann::json& value, const std::string& what);

/// object[field] as T, where `object` was read from metadata `key`. Throws ripple::Error
/// `metadata "key" has no field "field"` or `metadata "key" field "field" must be TYPE, got VALUE`.
template <class T>
T metadata_field(const nlohmann::json& object, std::string_view key, std::string_view field);

}  // namespace ripple
