/// @file
/// ripple: a deep-learning mini-framework in C++20 on OpenBLAS. The one header to include:
///
/// @code{.cpp}
///   #include <ripple/ripple.h>
///
///   ripple::Generator gen(42);
///   ripple::Tensor x = gen.normal({8, 3});  // 8 examples, 3 features
///   ripple::Tensor y = ripple::matmul(x, ripple::tensor({1, 2, 3}, {3, 1}));  // (8, 1) targets
///   ripple::Tensor w = gen.normal({3, 1});
///   w.requires_grad_();
///   ripple::Tensor loss = ripple::mean(ripple::pow(ripple::matmul(x, w) - y, 2));
///   loss.backward();  // w.grad() now holds d loss / d w
/// @endcode
/// (The build compiles and runs this example: docs/CMakeLists.txt, header_examples.)
///
/// Everything lives in namespace ripple (the two apps' models in ripple::makemore and
/// ripple::forecast). The folders below build on each other from left to right:
/// @code{.unparsed}
///   core      tensors: storage, shape, strides, views, broadcasting; seeded generators
///   autograd  define-by-run reverse-mode differentiation and every op (fused ones, losses)
///   layers    Module and the layers, initialisers and checkpoints
///   optim     optimizers, learning-rate schedules, gradient clipping
///   models    the makemore and forecasting WaveNets
/// @endcode
/// docs/ walks through them in order; examples/ has programs to start from.
#pragma once

#include "core/shape.h"
#include "core/tensor.h"
#include "core/generator.h"
#include "core/version.h"
#include "core/file.h"
#include "core/collective.h"

#include "autograd/engine.h"
#include "autograd/ops.h"
#include "autograd/gradcheck.h"

#include "layers/module.h"
#include "layers/init.h"
#include "layers/linear.h"
#include "layers/batch_norm.h"
#include "layers/activation.h"
#include "layers/conv1d.h"
#include "layers/pooling.h"
#include "layers/residual.h"
#include "layers/sequential.h"
#include "layers/receptive_field.h"
#include "layers/checkpoint.h"

#include "optim/optimizer.h"
#include "optim/sgd.h"
#include "optim/adam.h"
#include "optim/schedule.h"
#include "optim/clip.h"
#include "optim/data_parallel.h"

#include "models/makemore.h"
#include "models/makemore_conv.h"
#include "models/forecast_data.h"
#include "models/forecast_metrics.h"
#include "models/forecast_models.h"
#include "models/forecast_norm.h"
#include "models/forecast_streamer.h"
#include "models/forecast_train.h"
#include "models/forecast_trained.h"
#include "models/wavenet.h"
