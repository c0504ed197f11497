// Typed reads of JSON-encoded checkpoint metadata (metadata_json.h).
#include "layers/metadata_json.h"

#include <limits>
#include <type_traits>

#include "core/shape.h"

namespace ripple {
namespace {

using json = nlohmann::json;

// A value as a message shows it: its JSON text, at most 60 characters.
std::string shown(const json& v) {
  std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

bool is_int64(const json& v) {
  return v.is_number_integer() &&
         (!v.is_number_unsigned() ||
          v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()));
}

// Whether `v` holds a T, and T's name for messages.
template <class T>
struct Kind;
template <>
struct Kind<bool> {
  static constexpr const char* name = "true or false";
  static bool is(const json& v) { return v.is_boolean(); }
};
template <>
struct Kind<int64_t> {
  static constexpr const char* name = "an integer";
  static bool is(const json& v) { return is_int64(v); }
};
template <>
struct Kind<double> {
  static constexpr const char* name = "a number";
  static bool is(const json& v) { return v.is_number(); }
};
template <>
struct Kind<std::string> {
  static constexpr const char* name = "a string";
  static bool is(const json& v) { return v.is_string(); }
};
template <class E>
struct Kind<std::vector<E>> {
  static bool is(const json& v) {
    if (!v.is_array()) return false;
    for (const json& e : v)
      if (!Kind<E>::is(e)) return false;
    return true;
  }
};
template <class T>
const char* type_name() {
  if constexpr (std::is_same_v<T, std::vector<double>>) return "a list of numbers";
  else if constexpr (std::is_same_v<T, std::vector<int64_t>>) return "a list of integers";
  else if constexpr (std::is_same_v<T, std::vector<std::string>>) return "a list of strings";
  else return Kind<T>::name;
}

}  // namespace

json parse_metadata(const Metadata& metadata, const std::string& key) {
  const auto it = metadata.find(key);
  if (it == metadata.end()) throw Error("no \"" + key + "\" metadata");
  try {
    return json::parse(it->second, [](int depth, json::parse_event_t, json&) {
      if (depth > 8) throw json::other_error::create(501, "nested too deeply", nullptr);
      return true;
    });
  } catch (const json::exception&) {
    throw Error("metadata \"" + key + "\" is not valid JSON (or nests deeper than 8 levels)");
  }
}

json parse_metadata_object(const Metadata& metadata, const std::string& key) {
  json v = parse_metadata(metadata, key);
  if (!v.is_object()) throw Error("metadata \"" + key + "\" must be a JSON object, got " + shown(v));
  return v;
}

template <class T>
T metadata_value(const json& value, const std::string& what) {
  if (!Kind<T>::is(value)) throw Error(what + " must be " + type_name<T>() + ", got " + shown(value));
  return value.get<T>();
}

template <class T>
T metadata_field(const json& object, std::string_view key, std::string_view field) {
  const std::string at = "metadata \"" + std::string(key) + "\"";
  if (!object.is_object()) throw Error(at + " must be a JSON object, got " + shown(object));
  const auto it = object.find(field);
  if (it == object.end()) throw Error(at + " has no field \"" + std::string(field) + "\"");
  return metadata_value<T>(*it, at + " field \"" + std::string(field) + "\"");
}

// the types metadata_json.h lists
template bool metadata_value<bool>(const json&, const std::string&);
template int64_t metadata_value<int64_t>(const json&, const std::string&);
template double metadata_value<double>(const json&, const std::string&);
template std::string metadata_value<std::string>(const json&, const std::string&);
template std::vector<double> metadata_value<std::vector<double>>(const json&, const std::string&);
template std::vector<int64_t> metadata_value<std::vector<int64_t>>(const json&, const std::string&);
template std::vector<std::string> metadata_value<std::vector<std::string>>(const json&, const std::string&);
template bool metadata_field<bool>(const json&, std::string_view, std::string_view);
template int64_t metadata_field<int64_t>(const json&, std::string_view, std::string_view);
template double metadata_field<double>(const json&, std::string_view, std::string_view);
template std::string metadata_field<std::string>(const json&, std::string_view, std::string_view);
template std::vector<double> metadata_field<std::vector<double>>(const json&, std::string_view, std::string_view);
template std::vector<int64_t> metadata_field<std::vector<int64_t>>(const json&, std::string_view, std::string_view);
template std::vector<std::string> metadata_field<std::vector<std::string>>(const json&, std::string_view, std::string_view);

}  // namespace ripple
