// Chapter 9: the forecasting models' sizes and receptive fields (the cached generation is
// chapter 8's wavenet_fast).
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin heads
  Generator gen(42);
  for (const char* kind : {"tutorial", "laststep", "seq2seq", "wavenet", "linear", "nlinear", "dlinear"}) {
    auto model = forecast::make_model({.kind = kind, .window = 50}, gen);
    std::printf("%-9s %6lld parameters, receptive field %2lld, output per window %s\n", kind,
                static_cast<long long>(model->num_parameters()),
                static_cast<long long>(model->receptive_field()),
                model->sequence_output() ? "(B, T, E)" : "(B, E)");
  }
  // doc-end heads

  return 0;
}
