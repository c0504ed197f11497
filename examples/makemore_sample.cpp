// Load a model trained by the makemore app and sample new names from it.
//
//   build/makemore --steps 20000            # trains, writes out/makemore/model.safetensors
//   build/examples/example_makemore_sample out/makemore/model.safetensors 10
#include <cstdio>
#include <cstdlib>
#include <string>

#include <ripple/ripple.h>

using namespace ripple;

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "out/makemore/model.safetensors";
  const int64_t n = argc > 2 ? std::atoll(argv[2]) : 10;
  try {
    makemore::TrainedModel trained = makemore::load_trained(path);
    std::printf("%s: %s model, %lld parameters, %lld characters\n", path.c_str(),
                makemore::kind_name(trained.config.kind).c_str(),
                static_cast<long long>(trained.model->num_parameters()),
                static_cast<long long>(trained.vocab.size()));
    Generator gen(42);
    makemore::SampleOptions options{.temperature = 0.8};  // below 1: likelier names, less variety
    for (const std::string& word :
         makemore::sample(*trained.model, trained.config, trained.vocab, n, options, gen))
      std::printf("  %s\n", word.c_str());
  } catch (const Error& e) {  // a missing or corrupt file: say which and why
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
