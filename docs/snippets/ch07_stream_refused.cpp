// Chapter 9: a model that normalises each window cannot be streamed from a cache; the Streamer
// refuses it and says why.
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  Generator gen(42);
  auto model = forecast::make_model({.kind = "wavenet", .window = 50, .outputs = 2}, gen);
  // doc-begin refused
  try {
    forecast::Streamer stream(forecast::normalized(model, forecast::Norm::RevIN, /*features=*/1));
  } catch (const Error& e) {
    std::printf("%s\n", e.what());
  }
  // doc-end refused
  return 0;
}
