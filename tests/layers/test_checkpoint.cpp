// Tests for layers/checkpoint: safetensors round trips, foreign files, every corrupt-file error,
// Module checkpoints and atomic writes.
//
// With RIPPLE_SAFETENSORS_SAMPLE=<path> set, Checkpoint.WritesSampleForPython also writes a sample
// file there for tests/fixtures/check_safetensors.py to read with an independent reader.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>

#include "autograd/ops.h"
#include "layers/checkpoint.h"

namespace fs = std::filesystem;
using namespace ripple;

namespace {

// A module with a parameter, a buffer and a child, to test checkpoints of nested names.
struct Leaf : Module {
  Tensor w = register_parameter("weight", tensor({1, 2, 3, 4, 5, 6}, {2, 3}));
  Tensor forward(const Tensor& x) override { return x; }
  std::string describe() const override { return "Leaf"; }
};
struct Tiny : Module {
  std::shared_ptr<Leaf> leaf = register_module("leaf", std::make_shared<Leaf>());
  Tensor mean = register_buffer("running_mean", tensor({0.5, -0.25}, {}, DType::Float64));
  Tensor forward(const Tensor& x) override { return x; }
  std::string describe() const override { return "Tiny"; }
};

// The tensors of the round-trip test and the Python sample: special values, every dtype, a 0-d,
// an empty and a non-contiguous tensor.
NamedTensors sample_tensors() {
  const float inf = std::numeric_limits<float>::infinity();
  Tensor f32 = from_vector(std::vector<float>{1.5f, -0.0f, 3.14159265f, 1e-42f, -inf, 65504.f},
                           {2, 3});
  Tensor f64 = from_vector(std::vector<double>{0.1, -2.5e300, std::nextafter(1.0, 2.0)}, {3});
  Tensor i64 = from_vector(std::vector<int64_t>{std::numeric_limits<int64_t>::min(), -1, 0,
                                                std::numeric_limits<int64_t>::max()},
                           {2, 2});
  return {{"layers.0.weight", f32},
          {"pi", scalar(M_PI, DType::Float64)},
          {"empty", zeros({0, 5})},
          {"ids", i64},
          {"f64", f64},
          {"transposed", transpose(f32, 0, 1)}};
}
const Metadata kSampleMetadata = {{"config", R"({"n_embd": 10, "block_size": 8})"},
                                  {"vocab", ".abcdéz"}};

bool bitwise_equal(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape() || a.dtype() != b.dtype()) return false;
  Tensor ca = kernel::contiguous(a), cb = kernel::contiguous(b);
  return std::memcmp(ca.raw_data(), cb.raw_data(), ca.numel() * dtype_size(ca.dtype())) == 0;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

// A safetensors file from a header text and a data section, with no padding.
std::string raw_file(const std::string& header, const std::string& data) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return out + header + data;
}

class CheckpointFile : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    dir = fs::temp_directory_path() /
          ("ripple_checkpoint_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string file(const std::string& name) const { return (dir / name).string(); }

  // Loading `bytes` must fail with a message naming the file and containing every `parts`,
  // from a file (load_safetensors) and from memory (parse_safetensors) alike.
  void expect_load_error(const std::string& bytes, const std::vector<std::string>& parts) {
    const std::string path = file("corrupt.safetensors");
    write_bytes(path, bytes);
    auto expect = [&](const std::function<void()>& load, const std::string& name) {
      try {
        load();
        ADD_FAILURE() << "no error for " << parts[0] << " (" << name << ")";
      } catch (const Error& e) {
        for (const auto& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos)
            << "'" << p << "' missing from: " << e.what();
        EXPECT_NE(std::string(e.what()).find("'" + name + "'"), std::string::npos) << e.what();
      }
    };
    expect([&] { load_safetensors(path); }, path);
    expect([&] { parse_safetensors(bytes, "in memory"); }, "in memory");
  }
  fs::path dir;
};

TEST_F(CheckpointFile, RoundTripIsBitwiseEqual) {
  const NamedTensors in = sample_tensors();
  save_safetensors(file("a.safetensors"), in, kSampleMetadata);
  ripple::Checkpoint out = load_safetensors(file("a.safetensors"));
  ASSERT_EQ(out.tensors.size(), in.size());
  for (size_t i = 0; i < in.size(); ++i) {  // data is stored in the order given
    EXPECT_EQ(out.tensors[i].first, in[i].first);
    EXPECT_TRUE(bitwise_equal(out.tensors[i].second, in[i].second)) << in[i].first;
    EXPECT_TRUE(out.tensors[i].second.is_contiguous());
  }
  EXPECT_EQ(out.tensors[1].second.dim(), 0);
  EXPECT_EQ(out.metadata, kSampleMetadata);
}

TEST_F(CheckpointFile, ParsesFromMemoryAsFromTheFile) {
  save_safetensors(file("a.safetensors"), sample_tensors(), kSampleMetadata);
  const ripple::Checkpoint from_file = load_safetensors(file("a.safetensors"));
  const ripple::Checkpoint in_memory = parse_safetensors(read_bytes(file("a.safetensors")), "a");
  ASSERT_EQ(in_memory.tensors.size(), from_file.tensors.size());
  for (size_t i = 0; i < from_file.tensors.size(); ++i) {
    EXPECT_EQ(in_memory.tensors[i].first, from_file.tensors[i].first);
    EXPECT_TRUE(bitwise_equal(in_memory.tensors[i].second, from_file.tensors[i].second));
  }
  EXPECT_EQ(in_memory.metadata, kSampleMetadata);
}

TEST_F(CheckpointFile, LayoutIsAlignedAndDeterministic) {
  save_safetensors(file("a.safetensors"), sample_tensors(), kSampleMetadata);
  save_safetensors(file("b.safetensors"), sample_tensors(), kSampleMetadata);
  const std::string bytes = read_bytes(file("a.safetensors"));
  EXPECT_EQ(bytes, read_bytes(file("b.safetensors")));
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= uint64_t{static_cast<unsigned char>(bytes[i])} << (8 * i);
  EXPECT_EQ((8 + n) % 8, 0u);
  auto header = nlohmann::json::parse(bytes.substr(8, n));
  EXPECT_EQ(header["pi"]["dtype"], "F64");
  EXPECT_EQ(header["pi"]["shape"], nlohmann::json::array());
  EXPECT_EQ(header["layers.0.weight"]["data_offsets"], nlohmann::json({0, 24}));
  EXPECT_EQ(header["ids"]["dtype"], "I64");
  EXPECT_EQ(header["__metadata__"]["vocab"], ".abcdéz");
}

TEST_F(CheckpointFile, ReadsForeignLayout) {
  // Unpadded header, data in an order other than the names', no metadata.
  std::string data(8 + 4, '\0');
  const double x = -7.25;
  const float y = 2.5f;
  std::memcpy(data.data(), &y, 4);
  std::memcpy(data.data() + 4, &x, 8);
  write_bytes(file("f.safetensors"),
              raw_file(R"({"a":{"dtype":"F64","shape":[1],"data_offsets":[4,12]},)"
                       R"("b":{"dtype":"F32","shape":[],"data_offsets":[0,4]}})",
                       data));
  ripple::Checkpoint c = load_safetensors(file("f.safetensors"));
  ASSERT_EQ(c.tensors.size(), 2u);
  EXPECT_EQ(c.tensors[0].first, "b");
  EXPECT_EQ(c.tensors[0].second.item(), 2.5);
  EXPECT_EQ(c.tensors[1].first, "a");
  EXPECT_EQ(c.tensors[1].second.item(), -7.25);
  EXPECT_TRUE(c.metadata.empty());
}

TEST_F(CheckpointFile, CorruptFilesNameTheFileAndTensor) {
  const std::string four(4, '\0');
  auto one = [&](const std::string& entry) {
    return raw_file(R"({"w":)" + entry + "}", four);
  };
  expect_load_error("abc", {"fewer than the 8"});
  expect_load_error(raw_file("{}", "").substr(0, 8) + "{", {"exceeds the file size"});
  expect_load_error(raw_file("{\"w\": [", ""), {"not valid JSON"});
  expect_load_error(raw_file("[1, 2]", ""), {"not a JSON object"});
  expect_load_error(one(R"({"dtype":"BF16","shape":[2],"data_offsets":[0,4]})"), {"'w'", "BF16"});
  expect_load_error(one(R"({"shape":[1],"data_offsets":[0,4]})"), {"'w'", "dtype"});
  expect_load_error(one(R"({"dtype":"F32","shape":[-1],"data_offsets":[0,4]})"), {"'w'", "shape"});
  expect_load_error(one(R"({"dtype":"F32","shape":"1","data_offsets":[0,4]})"), {"'w'", "shape"});
  expect_load_error(one(R"({"dtype":"F32","shape":[1],"data_offsets":[0]})"), {"'w'", "data_offsets"});
  expect_load_error(one(R"({"dtype":"F32","shape":[1],"data_offsets":[4,0]})"), {"'w'", "data_offsets"});
  expect_load_error(one(R"({"dtype":"F32","shape":[2],"data_offsets":[0,4]})"), {"'w'", "needs 8"});
  expect_load_error(one(R"({"dtype":"F32","shape":[2],"data_offsets":[0,8]})"), {"'w'", "beyond"});
  expect_load_error(one(R"({"dtype":"F32","shape":[1],"data_offsets":[0,4]},"__metadata__":{"k":1})"),
                    {"metadata 'k'"});
  expect_load_error(raw_file(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                             R"("v":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}})",
                             std::string(8, '\0')),
                    {"'v'", "overlap tensor 'w'"});
  expect_load_error(raw_file(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                             std::string(8, '\0')),
                    {"'w'", "gap"});
  expect_load_error(raw_file(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})",
                             std::string(8, '\0')),
                    {"cover only 4"});
  // A good file cut short.
  save_safetensors(file("good.safetensors"), sample_tensors());
  const std::string good = read_bytes(file("good.safetensors"));
  expect_load_error(good.substr(0, good.size() - 3), {"'transposed'", "truncated"});
}

TEST_F(CheckpointFile, MissingFile) {
  const std::string path = file("nope.safetensors");
  try {
    load_safetensors(path);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST_F(CheckpointFile, ModuleRoundTrip) {
  Tiny a, b;
  a.leaf->w.set_flat(4, -9.5);
  a.mean.set_flat(1, 42);
  save_checkpoint(file("m.safetensors"), a, {{"step", "1000"}});
  Tensor handle = b.leaf->w;
  EXPECT_EQ(load_checkpoint(file("m.safetensors"), b), (Metadata{{"step", "1000"}}));
  EXPECT_EQ(handle.at({1, 1}), -9.5);  // loaded in place: handles stay valid
  EXPECT_EQ(b.mean.at_flat(1), 42);
}

TEST_F(CheckpointFile, ModuleLoadErrorsNameFileAndTensor) {
  Tiny model;
  const Tensor w = model.leaf->w, mean = model.mean;
  struct Case {
    NamedTensors state;
    std::string expect;
  };
  const std::vector<Case> cases = {
      {{{"leaf.weight", w}}, "missing tensor 'running_mean'"},
      {{{"leaf.weight", w}, {"running_mean", mean}, {"extra", w}}, "unexpected tensor 'extra'"},
      {{{"leaf.weight", zeros({3, 2})}, {"running_mean", mean}}, "'leaf.weight' has shape (3, 2)"},
      {{{"leaf.weight", w}, {"running_mean", zeros({2})}}, "'running_mean' is float32"},
  };
  for (const Case& c : cases) {
    const std::string path = file("bad.safetensors");
    save_safetensors(path, c.state);
    try {
      load_checkpoint(path, model);
      ADD_FAILURE() << "no error for " << c.expect;
    } catch (const Error& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(path), std::string::npos) << msg;
      EXPECT_NE(msg.find(c.expect), std::string::npos) << msg;
    }
  }
}

TEST_F(CheckpointFile, WritesAreAtomic) {
  const std::string path = file("model.safetensors");
  save_safetensors(path, {{"x", tensor({1, 2})}});
  save_safetensors(path, {{"x", tensor({3, 4, 5})}});  // replaces
  EXPECT_EQ(load_safetensors(path).tensors[0].second.numel(), 3);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);

  // Into a directory that does not exist: an error naming the file.
  const std::string nowhere = (dir / "missing" / "m.safetensors").string();
  EXPECT_THROW(save_safetensors(nowhere, {{"x", tensor({1})}}), Error);
  try {
    save_safetensors(nowhere, {{"x", tensor({1})}});
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(nowhere), std::string::npos) << e.what();
  }

  // The temporary file cannot be created: the good checkpoint survives.
  const fs::path blocker = path + ".tmp." + std::to_string(::getpid());
  fs::create_directory(blocker);
  EXPECT_THROW(save_safetensors(path, {{"x", tensor({9})}}), Error);
  fs::remove(blocker);
  EXPECT_EQ(load_safetensors(path).tensors[0].second.numel(), 3);

  // The rename fails (the target is a non-empty directory): no temporary file is left.
  const fs::path target = dir / "taken";
  fs::create_directories(target / "inside");
  EXPECT_THROW(save_safetensors(target.string(), {{"x", tensor({9})}}), Error);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);

  // Bad names fail before anything is written.
  EXPECT_THROW(save_safetensors(path, {{"x", tensor({1})}, {"x", tensor({2})}}), Error);
  EXPECT_THROW(save_safetensors(path, {{"__metadata__", tensor({1})}}), Error);
  EXPECT_EQ(load_safetensors(path).tensors[0].second.numel(), 3);
}

TEST_F(CheckpointFile, WritesSampleForPython) {
  const char* out = std::getenv("RIPPLE_SAFETENSORS_SAMPLE");
  if (!out) GTEST_SKIP() << "set RIPPLE_SAFETENSORS_SAMPLE to write the sample for Python";
  save_safetensors(out, sample_tensors(), kSampleMetadata);
}

}  // namespace
