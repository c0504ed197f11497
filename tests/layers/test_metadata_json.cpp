// Tests for layers/metadata_json: every read of a checkpoint's JSON metadata names the key, the
// field and the type it expected, and never passes nlohmann's own words through.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "layers/metadata_json.h"
#include "tests/op_testing.h"

using namespace ripple;
using namespace ripple::testing;
using json = nlohmann::json;

namespace {

const Metadata kMeta = {{"config", R"({"window": 50, "rate": 0.5, "name": "x", "on": true,
                                       "names": ["a", "b"], "rates": [1, 2.5], "sizes": [1, 2],
                                       "huge": 18446744073709551615, "text": ")" +
                                       std::string(200, 'z') + R"("})"},
                        {"list", "[1, 2]"},
                        {"broken", "{\"a\": "},
                        {"deep", std::string(20, '[') + std::string(20, ']')}};

}  // namespace

TEST(MetadataJson, ParsesOrNamesTheKey) {
  EXPECT_EQ(parse_metadata(kMeta, "list"), json::array({1, 2}));
  EXPECT_EQ(error_of([] { parse_metadata(kMeta, "missing"); }), "no \"missing\" metadata");
  EXPECT_EQ(error_of([] { parse_metadata(kMeta, "broken"); }),
            "metadata \"broken\" is not valid JSON (or nests deeper than 8 levels)");
  EXPECT_EQ(error_of([] { parse_metadata(kMeta, "deep"); }),
            "metadata \"deep\" is not valid JSON (or nests deeper than 8 levels)");
  EXPECT_EQ(error_of([] { parse_metadata_object(kMeta, "list"); }),
            "metadata \"list\" must be a JSON object, got [1,2]");
}

TEST(MetadataJson, FieldsOfTheRightTypeAreRead) {
  const json c = parse_metadata_object(kMeta, "config");
  EXPECT_EQ(metadata_field<int64_t>(c, "config", "window"), 50);
  EXPECT_EQ(metadata_field<double>(c, "config", "rate"), 0.5);
  EXPECT_EQ(metadata_field<double>(c, "config", "window"), 50.0);  // an integer is a number
  EXPECT_EQ(metadata_field<std::string>(c, "config", "name"), "x");
  EXPECT_TRUE(metadata_field<bool>(c, "config", "on"));
  EXPECT_EQ(metadata_field<std::vector<std::string>>(c, "config", "names"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(metadata_field<std::vector<double>>(c, "config", "rates"), (std::vector<double>{1, 2.5}));
  EXPECT_EQ(metadata_field<std::vector<int64_t>>(c, "config", "sizes"), (std::vector<int64_t>{1, 2}));
}

TEST(MetadataJson, WrongTypesNameTheFieldAndTheType) {
  const json c = parse_metadata_object(kMeta, "config");
  auto refusal = [&](auto read) {
    const std::string message = error_of(read);
    EXPECT_EQ(message.find("json.exception"), std::string::npos) << message;
    return message;
  };
  EXPECT_EQ(refusal([&] { metadata_field<int64_t>(c, "config", "name"); }),
            "metadata \"config\" field \"name\" must be an integer, got \"x\"");
  EXPECT_EQ(refusal([&] { metadata_field<int64_t>(c, "config", "rate"); }),
            "metadata \"config\" field \"rate\" must be an integer, got 0.5");
  EXPECT_EQ(refusal([&] { metadata_field<int64_t>(c, "config", "huge"); }),
            "metadata \"config\" field \"huge\" must be an integer, got 18446744073709551615");
  EXPECT_EQ(refusal([&] { metadata_field<double>(c, "config", "on"); }),
            "metadata \"config\" field \"on\" must be a number, got true");
  EXPECT_EQ(refusal([&] { metadata_field<bool>(c, "config", "window"); }),
            "metadata \"config\" field \"window\" must be true or false, got 50");
  EXPECT_EQ(refusal([&] { metadata_field<std::string>(c, "config", "names"); }),
            "metadata \"config\" field \"names\" must be a string, got [\"a\",\"b\"]");
  EXPECT_EQ(refusal([&] { metadata_field<std::vector<std::string>>(c, "config", "rates"); }),
            "metadata \"config\" field \"rates\" must be a list of strings, got [1,2.5]");
  EXPECT_EQ(refusal([&] { metadata_field<std::vector<double>>(c, "config", "names"); }),
            "metadata \"config\" field \"names\" must be a list of numbers, got [\"a\",\"b\"]");
  EXPECT_EQ(refusal([&] { metadata_field<std::vector<int64_t>>(c, "config", "rates"); }),
            "metadata \"config\" field \"rates\" must be a list of integers, got [1,2.5]");
  EXPECT_EQ(refusal([&] { metadata_field<int64_t>(c, "config", "absent"); }),
            "metadata \"config\" has no field \"absent\"");
  EXPECT_EQ(refusal([&] { metadata_field<int64_t>(json::array(), "config", "window"); }),
            "metadata \"config\" must be a JSON object, got []");
  // a long value is shown cut to 60 characters: its first 57 and "..."
  EXPECT_EQ(refusal([&] { metadata_field<int64_t>(c, "config", "text"); }),
            "metadata \"config\" field \"text\" must be an integer, got \"" + std::string(56, 'z') + "...");
  EXPECT_EQ(refusal([&] { metadata_value<std::vector<double>>(json("x"), "metadata \"losses\""); }),
            "metadata \"losses\" must be a list of numbers, got \"x\"");
}
