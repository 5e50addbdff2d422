/* Includes generated headers side by side in C11 (header.test compiles it
 * with -Wall -Wextra -pedantic -Werror, and as C++) and checks their
 * constants where the compiler can. */
#include "mlp.h"
#include "names.h"
#include "no_inputs.h"

#ifdef __cplusplus
#define STATIC_ASSERT static_assert
#else
#define STATIC_ASSERT _Static_assert
#endif

STATIC_ASSERT(MLP_NUM_INPUTS == 1 && MLP_NUM_OUTPUTS == 1, "mlp");
STATIC_ASSERT(MLP_INPUT_0_RANK == 2, "mlp rank");
STATIC_ASSERT(sizeof(names_inputs) / sizeof(names_inputs[0]) == 2, "names");
STATIC_ASSERT(NAMES_INPUT_0_RANK == 0 && NAMES_INPUT_0_NUM_ELEMENTS == 1,
              "scalar");
STATIC_ASSERT(NO_INPUTS_NUM_INPUTS == 0, "no inputs");
STATIC_ASSERT(NO_INPUTS_OUTPUT_0_NUM_ELEMENTS == 6, "2x3");

int main(void) {
  static const int64_t dims[] = MLP_INPUT_0_DIMS;
  onnxc_model *model = 0;
  onnxc_status *status;
  int ok = dims[0] == -1 && dims[1] == 16 && mlp_inputs[0].dtype == ONNXC_DTYPE_FLOAT &&
           names_inputs[1].dims[2] == 3 && no_inputs_outputs[0].rank == 2;
  /* Only declared here: the objects are not linked. */
  (void)&mlp_load;
  (void)&names_load;
  (void)&no_inputs_load;
  (void)model;
  (void)status;
  return ok ? 0 : 1;
}
