// A run's output folder and the files both apps keep in it: the checkpoint with the run's
// configuration as JSON metadata, the loss plot, and the --metrics JSON.
//
//   apps::RunDir run("out/makemore");
//   run.create();
//   apps::save_checkpoint_with_config(run.checkpoint(), model, config, {{"step", "1000"}});
//   apps::write_json("out/metrics.json", {{"steps", 1000}, {"loss", 2.13}});
//
// Every file is written with ripple::write_file_atomic (core/file.h); errors are
// ripple::FileError naming the file.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/file.h"
#include "layers/checkpoint.h"

namespace ripple::apps {

// The folder a run writes to (--out DIR) and the names of its files.
struct RunDir {
  std::filesystem::path dir;

  explicit RunDir(std::filesystem::path d) : dir(std::move(d)) {}
  std::string file(const std::string& name) const { return (dir / name).string(); }  // DIR/name
  std::string checkpoint() const { return file("model.safetensors"); }
  std::string loss_plot() const { return file("loss.svg"); }
  // Creates DIR and its parents if needed, and removes the temporary checkpoint files writers
  // killed mid-write left in it (core/file.h). Throws FileError naming DIR.
  void create() const;
  // Checks, before any work, that the run will be able to write its files: DIR is a directory or
  // can be created as one (its nearest existing ancestor is a writable directory, tried with a
  // probe file), and the checkpoint's place is not taken by a directory or a FIFO. Creates
  // nothing. Throws FileError naming the path and what is wrong.
  void check_writable() const;
};

// The same check for a single file the run will write (--metrics FILE.json): its folder is
// writable or can be created, and `path` is not a directory. `flag` names it in the message.
void check_writable_file(const std::filesystem::path& path, const std::string& flag);

// Saves `model` with `metadata` and the run's configuration as the "config" metadata entry
// (compact JSON), which is what a resume compares and what load_trained reads back.
void save_checkpoint_with_config(const std::string& path, const Module& model,
                                 const nlohmann::json& config, Metadata metadata = {});

// Writes `value` as JSON text (pretty-printed with `indent` spaces, or compact if indent < 0,
// followed by a newline) with write_file_atomic. Throws FileError.
void write_json(const std::filesystem::path& path, const nlohmann::json& value, int indent = 2);

}  // namespace ripple::apps
