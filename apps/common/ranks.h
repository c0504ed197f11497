// Data-parallel runs of the apps: `mpirun -np N makemore ...` starts N copies of the program, which
// train one model together (optim/data_parallel.h over dist::Communicator). Every rank runs the
// same code; rank 0 alone prints and writes files.
//
//   int run(...) {
//     dist::Communicator& world = apps::join_world();   // other ranks: stdout to /dev/null
//     ...
//     if (world.root()) save(...);
//   }
//   int main(...) { return apps::leave_world(apps::run_app("makemore", ...)); }
#pragma once

#include "dist/communicator.h"

namespace ripple::apps {

// The world of processes (one without mpirun). On a rank other than 0, standard output goes to
// /dev/null from here on, so that what the ranks would all print appears once; error messages
// (stderr) stay, since a rank may fail alone (a file it cannot read).
dist::Communicator& join_world();

// What main returns. A rank that ends with an error while others run would leave them waiting
// in their next collective for ever: with several ranks, a non-zero code ends the whole job
// (MPI_Abort, which mpirun reports with the code) instead of returning.
int leave_world(int code);

}  // namespace ripple::apps
