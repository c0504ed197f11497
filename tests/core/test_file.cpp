// Tests for core/file: atomic writes (whole, in pieces, replacing, failing without damage) and
// whole-file reads, with messages that name the file.
#include "core/file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/op_testing.h"
#include "tests/temp_dir.h"

namespace fs = std::filesystem;
using namespace ripple;

namespace {

using ripple::testing::error_of;
using ripple::testing::TempDir;

size_t files_in(const fs::path& dir) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(File, AtomicWriteReplacesAndReadsBack) {
  TempDir dir;
  const fs::path path = dir.path / "out.bin";
  write_file_atomic(path, std::string("first\0x", 7));
  write_file_atomic(path, std::string("second\0y", 8));
  EXPECT_EQ(read_file(path), std::string("second\0y", 8));
  EXPECT_EQ(files_in(dir.path), 1u);  // no temporary file left behind
  write_file_atomic(path, "");
  EXPECT_EQ(read_file(path), "");
}

TEST(File, WritesPiecesInOrder) {
  TempDir dir;
  const fs::path path = dir.path / "pieces.bin";
  write_file_atomic(path, {"head", "", std::string_view("\0mid", 4), "tail"});
  EXPECT_EQ(read_file(path), std::string("head\0midtail", 12));
  const std::vector<std::string_view> parts{"a", "bc"};
  write_file_atomic(path, parts);
  EXPECT_EQ(read_file(path), "abc");
}

TEST(File, AFailedWriteLeavesTheOldFileAndNoTemporary) {
  TempDir dir;
  const fs::path path = dir.path / "model.bin";
  write_file_atomic(path, "good");

  // The temporary file cannot be created (its name is taken by a directory).
  const fs::path blocker = fs::path(path.string() + ".tmp." + std::to_string(::getpid()));
  fs::create_directory(blocker);
  const std::string create = error_of([&] { write_file_atomic(path, "bad"); });
  EXPECT_EQ(create.rfind("cannot create '" + blocker.string() + "': ", 0), 0u) << create;
  fs::remove(blocker);
  EXPECT_EQ(read_file(path), "good");

  // The rename fails (the target is a non-empty directory): no temporary file remains.
  const fs::path taken = dir.path / "taken";
  fs::create_directories(taken / "inside");
  const std::string msg = error_of([&] { write_file_atomic(taken, "x"); });
  EXPECT_NE(msg.find("cannot rename"), std::string::npos) << msg;
  EXPECT_NE(msg.find("to '" + taken.string() + "'"), std::string::npos) << msg;
  EXPECT_EQ(files_in(dir.path), 2u);  // model.bin and taken/

  // A directory that does not exist: the message names the file.
  const fs::path nowhere = dir.path / "missing" / "out.txt";
  EXPECT_NE(error_of([&] { write_file_atomic(nowhere, "x"); }).find(nowhere.string()), std::string::npos);
}

TEST(File, ReadErrorsNameTheFile) {
  TempDir dir;
  EXPECT_EQ(error_of([&] { read_file(dir.path / "nope.txt"); }),
            "cannot open '" + (dir.path / "nope.txt").string() + "': No such file or directory");
  EXPECT_EQ(error_of([&] { read_file(dir.path); }),
            "cannot read '" + dir.path.string() + "': it is a directory, not a regular file (copy the data to a file first)");
}

TEST(File, FileErrorIsARippleError) {
  TempDir dir;
  EXPECT_THROW(read_file(dir.path / "nope.txt"), Error);
}

}  // namespace
