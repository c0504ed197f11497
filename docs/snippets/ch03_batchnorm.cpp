// Chapter 3: BatchNorm1d in training and evaluation mode; chapter 7 (region sequence): statistics
// over (N, L) for sequences.
#include <cstdio>
#include <iostream>

#include <ripple/ripple.h>

using namespace ripple;

// Marks a region of this program's output, so the chapter can show each part of the .out file
// next to the code that printed it (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

int main() {
  output_region("begin", "modes");
  // doc-begin modes
  BatchNorm1d bn(2);  // 2 channels; running_mean starts at 0, running_var at 1
  Tensor x = tensor({1, 10,  //
                     2, 20,  //
                     3, 30,  //
                     6, 60}, {4, 2});  // (N, C): 4 examples, channel 1 is 10x channel 0

  std::cout << "train\n" << bn(x) << "\n";  // normalised with this batch's mean and variance
  std::cout << bn.running_mean << "\n";  // running stats moved 10% of the way to (3, 30)
  std::cout << bn.running_var << "\n";   // and to the unbiased variances (14/3, 1400/3)

  bn.eval();
  std::cout << "eval\n" << bn(x) << "\n";  // the same batch, normalised with the running stats
  std::cout << "one example in eval\n" << bn(narrow(x, 0, 0, 1)) << "\n";
  // doc-end modes
  output_region("end", "modes");

  output_region("begin", "converge");
  // doc-begin converge
  bn.train();
  {
    NoGradGuard no_grad;
    for (int step = 0; step < 100; ++step) bn(x);  // the running stats settle on this batch's
  }
  bn.eval();
  std::cout << "eval after 100 batches\n" << bn(x) << "\n";
  // doc-end converge
  output_region("end", "converge");

  output_region("begin", "one_example");
  // doc-begin one_example
  bn.train();
  try {
    bn(narrow(x, 0, 0, 1));  // one example has no batch statistics
  } catch (const Error& err) {
    std::printf("one example in train: %s\n", err.what());
  }
  // doc-end one_example
  output_region("end", "one_example");

  output_region("begin", "sequence");
  // doc-begin sequence
  // (N, L, C) = (2, 3, 1): 2 sequences of 3 steps; later steps have larger values
  Tensor s = tensor({1, 2, 3,  //
                     3, 4, 9}, {2, 3, 1});
  const double eps = 1e-5;

  // The lecture's first version: statistics over dim 0 only, one mean per (step, channel)
  Tensor mean0 = mean(s, {0}, true), var0 = var(s, {0}, false, true);  // (1, 3, 1) each
  Tensor per_step = (s - mean0) / sqrt(var0 + eps);

  // The fix: statistics over dims 0 and 1, one mean per channel, as ripple's batch_norm does
  Tensor mean01 = mean(s, {0, 1}, true), var01 = var(s, {0, 1}, false, true);  // (1, 1, 1)
  Tensor per_channel = (s - mean01) / sqrt(var01 + eps);

  BatchNorm1d seq_bn(1);
  Tensor y = seq_bn(s);
  // shown as (N, L) = (2, 3): one row per sequence
  std::cout << "dim 0 only\n" << reshape(per_step, {2, 3}) << "\n";
  std::cout << "dims (0, 1)\n" << reshape(per_channel, {2, 3}) << "\n";
  std::cout << "BatchNorm1d\n" << reshape(y, {2, 3}) << "\n";
  std::printf("running_mean: ripple %s, dim 0 only would keep %s\n",
              to_string(seq_bn.running_mean.shape()).c_str(), to_string(mean0.shape()).c_str());
  // doc-end sequence
  output_region("end", "sequence");
  return 0;
}
