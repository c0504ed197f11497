// Hostile arguments to the library: sizes whose products overflow, indices out of range, files
// that are not files, checkpoints crafted to make the loader allocate or recurse. Each must throw
// ripple::Error with a message naming the op or the file, never crash (CI runs these under ASan
// and UBSan, which turn a wrapped count or a read out of bounds into a failure).
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <random>

#include "autograd/ops.h"
#include "core/file.h"
#include "layers/checkpoint.h"
#include "tests/op_testing.h"
#include "tests/temp_dir.h"

using namespace ripple;
using ripple::testing::error_of;
using ripple::testing::TempDir;

namespace {

constexpr int64_t kHuge = int64_t{1} << 62;

// Writes a safetensors file with `header` as its JSON header and `data` after it.
void write_raw(const std::string& path, const std::string& header, const std::string& data = "") {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(header.size() >> (8 * i));
  std::ofstream(path, std::ios::binary) << bytes << header << data;
}

TEST(Hostile, ElementCountsThatOverflowThrowInsteadOfWrapping) {
  EXPECT_EQ(error_of([] { numel({kHuge, 3}); }), "numel: shape (4611686018427387904, 3) has more than 2^63 elements");
  EXPECT_EQ(error_of([] { numel({-2, 3}); }), "numel: negative size in shape (-2, 3)");
  EXPECT_EQ(numel({0, kHuge, kHuge}), 0);  // an empty tensor of huge sizes holds nothing
  // zeros of such a shape used to return an empty tensor that was then read far out of bounds
  EXPECT_NE(error_of([] { zeros({kHuge, 4}); }).find("more than 2^63 elements"), std::string::npos);
  EXPECT_NE(error_of([] { ones({int64_t{1} << 40, int64_t{1} << 23}); }).find("more than 2^63"), std::string::npos);
  EXPECT_EQ(error_of([] { checked_mul(kHuge, 2, "windows"); }),
            "windows: 4611686018427387904 * 2 overflows a 64-bit count");
  EXPECT_EQ(error_of([] { checked_add(INT64_MAX, 1, "rows"); }),
            "rows: 9223372036854775807 + 1 overflows a 64-bit count");
}

TEST(Hostile, AllocationsBeyondMemoryNameTheShape) {
  // 2^40 float32 elements = 4 TiB: an Error naming the shape, not std::bad_alloc
  const std::string message = error_of([] { empty({int64_t{1} << 20, int64_t{1} << 20}); });
  EXPECT_NE(message.find("empty: cannot allocate"), std::string::npos) << message;
  EXPECT_NE(message.find("(1048576, 1048576)"), std::string::npos) << message;
}

TEST(Hostile, ShapeOpsRefuseSizesThatOverflow) {
  Tensor x = zeros({2, 3});
  EXPECT_NE(error_of([&] { reshape(x, {kHuge, 4, -1}); }).find("reshape: "), std::string::npos);
  EXPECT_NE(error_of([&] { reshape(x, {kHuge, kHuge}); }).find("reshape: "), std::string::npos);
  EXPECT_EQ(error_of([&] { narrow(x, 1, 1, INT64_MAX); }),
            "narrow: [1, 1 + 9223372036854775807) is out of range for dim 1 of (2, 3)");
  EXPECT_NE(error_of([&] { narrow(x, 1, INT64_MAX, 1); }).find("narrow: "), std::string::npos);
  EXPECT_NE(error_of([&] { narrow(x, 5, 0, 1); }).find("narrow: dim 5 is out of range"), std::string::npos);
  EXPECT_NE(error_of([&] { select(x, 0, INT64_MIN); }).find("select: index"), std::string::npos);
  EXPECT_NE(error_of([&] { select(x, 1, 3); }).find("select: index 3 is out of range"), std::string::npos);
  EXPECT_NE(error_of([&] { expand(x, {kHuge, 2, 3}); }).find("more than 2^63 elements"), std::string::npos);
}

TEST(Hostile, IndexOpsRefuseOutOfRangeIndices) {
  Tensor w = ones({5, 3});
  EXPECT_EQ(error_of([&] { embedding(w, from_vector(std::vector<int64_t>{0, 5}, {2})); }),
            "embedding: index 5 is out of range for size 5");
  EXPECT_EQ(error_of([&] { embedding(w, from_vector(std::vector<int64_t>{INT64_MIN}, {1})); }),
            "embedding: index -9223372036854775808 is out of range for size 5");
  EXPECT_NE(error_of([&] { embedding(w, ones({2})); }).find("embedding: indices must be int64"), std::string::npos);
  Tensor logits = zeros({2, 4});
  EXPECT_NE(error_of([&] { cross_entropy(logits, from_vector(std::vector<int64_t>{0, 4}, {2})); })
                .find("cross_entropy: target 4 is out of range"),
            std::string::npos);
  EXPECT_NE(error_of([&] { cross_entropy(logits, from_vector(std::vector<int64_t>{-7, 0}, {2})); })
                .find("cross_entropy: target -7"),
            std::string::npos);
  EXPECT_NE(error_of([&] { cross_entropy(logits, from_vector(std::vector<int64_t>{0}, {1})); }).find("cross_entropy"),
            std::string::npos);
  EXPECT_NE(error_of([&] { index_select(w, 0, from_vector(std::vector<int64_t>{9}, {1})); })
                .find("index_select: index 9"),
            std::string::npos);
  EXPECT_NE(error_of([&] { gather(w, 1, from_vector(std::vector<int64_t>{0, 3}, {2, 1})); }).find("gather"),
            std::string::npos);
}

TEST(Hostile, ReadFileRefusesWhatIsNotAFileAtOnce) {
  TempDir dir;
  const std::string fifo = (dir.path / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // without a writer, opening a FIFO would block forever: it is refused by name instead
  EXPECT_NE(error_of([&] { read_file(fifo); }).find("is a FIFO (named pipe), not a regular file"), std::string::npos);
  EXPECT_NE(error_of([&] { read_file("/dev/zero"); }).find("is a character device"), std::string::npos);
  EXPECT_NE(error_of([&] { read_file(dir.path); }).find("is a directory"), std::string::npos);
  const std::string big = (dir.path / "big.txt").string();
  std::ofstream(big) << std::string(100, 'x');
  EXPECT_NE(error_of([&] { read_file(big, 99); }).find("it has 100 bytes, more than the 99"), std::string::npos);
  EXPECT_EQ(read_file(big, 100).size(), 100u);
  EXPECT_EQ(file_kind(fifo), "a FIFO (named pipe)");
  EXPECT_EQ(file_kind(dir.path / "none"), "missing");
}

TEST(Hostile, StaleTemporaryFilesOfKilledWritersAreRemoved) {
  TempDir dir;
  const auto path = dir.path / "model.safetensors";
  // a pid that cannot be running (above pid_max) and init's, which always runs (a write in progress)
  const auto stale = dir.path / "model.safetensors.tmp.2147483646";
  const auto mine = dir.path / "model.safetensors.tmp.1";
  const auto other = dir.path / "other.tmp.2147483646";
  for (const auto& p : {stale, mine, other}) std::ofstream(p) << "torn";
  write_file_atomic(path, "new");
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(mine));   // not stale: its writer is alive
  EXPECT_TRUE(std::filesystem::exists(other));  // not a temporary of this file
  EXPECT_EQ(read_file(path), "new");
}

TEST(Hostile, CheckpointLoaderRefusesCraftedHeaders) {
  TempDir dir;
  const std::string path = (dir.path / "x.safetensors").string();
  auto refusal = [&](const std::string& header, const std::string& data = "") {
    write_raw(path, header, data);
    const std::string message = error_of([&] { load_safetensors(path); });
    EXPECT_NE(message.find(path), std::string::npos) << message;
    return message;
  };
  // nesting that would overflow the stack of a recursive printer or comparison
  EXPECT_NE(refusal(std::string(200000, '[') + std::string(200000, ']')).find("nests deeper"), std::string::npos);
  std::string objects;
  for (int i = 0; i < 20; ++i) objects += "{\"a\": ";
  EXPECT_NE(refusal(objects + "1" + std::string(20, '}')).find("nests deeper"), std::string::npos);
  // a shape whose byte count overflows, one whose element count does, and a huge declared size
  EXPECT_NE(refusal(R"({"w": {"dtype": "F32", "shape": [4611686018427387904, 4611686018427387904], "data_offsets": [0, 0]}})")
                .find("too large"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"w": {"dtype": "F32", "shape": [1099511627776], "data_offsets": [0, 4398046511104]}})")
                .find("beyond the data section"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}})", "abcd")
                .find("non-negative integers"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"w": {"dtype": "F32", "shape": [1.5], "data_offsets": [0, 4]}})", "abcd")
                .find("non-negative integers"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"w": {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]}})", "abcd")
                .find("unsupported dtype"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [18446744073709551615, 3]}})", "abcd")
                .find("end before they begin"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
                        "b": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}})", "abcd")
                .find("overlap"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}})", "abcdefgh")
                .find("cover only 4"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"__metadata__": {"k": 1}})").find("metadata 'k' is not a string"), std::string::npos);
  EXPECT_NE(refusal("[1, 2]").find("not a JSON object"), std::string::npos);
  EXPECT_NE(refusal("{\"a\": \xff}").find("not valid JSON"), std::string::npos);
  // a header length beyond the file, and the file's place taken by a FIFO (refused, not waited on)
  std::ofstream(path, std::ios::binary) << std::string("\xff\xff\xff\xff\xff\xff\xff\x7f{}", 10);
  EXPECT_NE(error_of([&] { load_safetensors(path); }).find("exceeds the file size"), std::string::npos);
  const std::string fifo = (dir.path / "fifo.safetensors").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_NE(error_of([&] { load_safetensors(fifo); }).find("not a regular file"), std::string::npos);
}

}  // namespace

namespace {

// kill -9 in the middle of checkpoint writes, 100 times: a child process saves version after
// version of an 1 MB checkpoint (every element and the "version" metadata equal to the version
// number) and is killed at a random moment, most often inside a write. The file must then load
// as one complete version, never older than the last one seen (the old or the new file, never a
// torn one), and the temporary file the child leaves behind is removed by the next write.
TEST(Hostile, KillDuringCheckpointWritesNeverLeavesATornFile) {
  TempDir dir;
  const std::string path = (dir.path / "model.safetensors").string();
  constexpr int64_t kElements = int64_t{1} << 18;  // float32: 1 MB
  int64_t last = -1, torn = 0, mid_write = 0;
  std::mt19937 rng(7);
  for (int round = 0; round < 100; ++round) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {  // the writer: only async-safe exits from here
      for (int64_t version = last + 1;; ++version)
        save_safetensors(path, {{"w", full({kElements}, static_cast<double>(version))}},
                         {{"version", std::to_string(version)}});
    }
    // the first round waits for a file; later ones kill at once or after up to 60 ms
    if (round == 0)
      while (!std::filesystem::exists(path)) ::usleep(1000);
    ::usleep(std::uniform_int_distribution<useconds_t>(0, 60000)(rng));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    for (const auto& entry : std::filesystem::directory_iterator(dir.path))
      mid_write += entry.path().filename().string().find(".tmp.") != std::string::npos;
    const Checkpoint c = load_safetensors(path);  // throws (fails the test) for a torn file
    const int64_t version = std::stoll(c.metadata.at("version"));
    const std::vector<float> w = c.tensors.at(0).second.to_vector<float>();
    torn += static_cast<int64_t>(w.size()) != kElements ||
            std::any_of(w.begin(), w.end(), [&](float v) { return v != static_cast<float>(version); });
    EXPECT_GE(version, last) << "round " << round << ": an earlier checkpoint came back";
    last = version;
  }
  EXPECT_EQ(torn, 0);
  EXPECT_GT(mid_write, 10) << "the kills should land inside writes often";  // measured: most rounds
  save_safetensors(path, {{"w", zeros({1})}});  // the next write cleans up after the killed ones
  int64_t left = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path)) left += entry.path() != path;
  EXPECT_EQ(left, 0);
  std::printf("100 kills: last version %lld, a temporary file left by %lld of them, %lld torn\n",
              static_cast<long long>(last), static_cast<long long>(mid_write), static_cast<long long>(torn));
}

}  // namespace
