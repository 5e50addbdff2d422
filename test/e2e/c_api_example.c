/* c_api_example.c - an application using a compiled model through the C API.
 *
 *   c-api-example MODEL.so INPUT.bin EXPECTED.bin
 *
 * MODEL.so is examples/mlp.onnx compiled by onnxc: x[N,16] -> y[N,4]. The
 * .bin files hold raw little-endian float32 data (examples/mlp_data). The
 * program prints the signature, runs the model on INPUT (N = 3), checks the
 * result against EXPECTED within 1e-5, runs again with another batch size,
 * and checks that an input of the wrong shape is refused with a message.
 */
#include "onnxc/Runtime/onnxc_runtime.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int check(onnxc_status *status, const char *what) {
  if (!status)
    return 1;
  fprintf(stderr, "%s: %s\n", what, onnxc_status_message(status));
  onnxc_status_free(status);
  return 0;
}

static int read_floats(const char *path, float *data, size_t count) {
  FILE *file = fopen(path, "rb");
  size_t got;
  if (!file) {
    fprintf(stderr, "cannot open %s\n", path);
    return 0;
  }
  got = fread(data, sizeof(float), count, file);
  fclose(file);
  if (got != count) {
    fprintf(stderr, "%s: expected %zu floats, read %zu\n", path, count, got);
    return 0;
  }
  return 1;
}

static void print_info(const char *kind, const onnxc_tensor_info *info) {
  int32_t d;
  printf("%s '%s' %s [", kind, info->name, onnxc_dtype_name(info->dtype));
  for (d = 0; d < info->rank; ++d) {
    if (info->dims[d] < 0)
      printf("%s%s", d ? "," : "", info->dim_names[d][0] ? info->dim_names[d] : "?");
    else
      printf("%s%lld", d ? "," : "", (long long)info->dims[d]);
  }
  printf("]\n");
}

int main(int argc, char **argv) {
  onnxc_model *model = NULL;
  onnxc_tensor_info info;
  onnxc_tensor *input = NULL, *output = NULL, *bad = NULL;
  float x[3 * 16], expected[3 * 4];
  int64_t dims[2] = {3, 16}, bad_dims[2] = {3, 15};
  const float *y;
  onnxc_status *status;
  size_t i;
  int ok = 1;

  if (argc != 4) {
    fprintf(stderr, "usage: %s MODEL.so INPUT.bin EXPECTED.bin\n", argv[0]);
    return 2;
  }
  if (!read_floats(argv[2], x, 3 * 16) || !read_floats(argv[3], expected, 3 * 4))
    return 1;
  if (!check(onnxc_model_load(argv[1], &model), "load"))
    return 1;
  printf("model '%s'\n", onnxc_model_name(model));
  for (i = 0; i < onnxc_model_num_inputs(model); ++i)
    if (check(onnxc_model_input_info(model, i, &info), "input info"))
      print_info("input", &info);
  for (i = 0; i < onnxc_model_num_outputs(model); ++i)
    if (check(onnxc_model_output_info(model, i, &info), "output info"))
      print_info("output", &info);

  /* Run on caller-owned memory. */
  ok = check(onnxc_tensor_wrap(ONNXC_DTYPE_FLOAT, 2, dims, x, sizeof x, &input),
             "wrap") &&
       check(onnxc_model_run(model, (const onnxc_tensor *const *)&input, 1,
                             &output, 1),
             "run");
  if (ok) {
    y = (const float *)onnxc_tensor_data(output);
    if (onnxc_tensor_rank(output) != 2 || onnxc_tensor_dims(output)[0] != 3 ||
        onnxc_tensor_dims(output)[1] != 4) {
      fprintf(stderr, "unexpected output shape\n");
      ok = 0;
    }
    for (i = 0; ok && i < 3 * 4; ++i) {
      if (fabsf(y[i] - expected[i]) > 1e-5f + 1e-5f * fabsf(expected[i])) {
        fprintf(stderr, "y[%zu] = %g, expected %g\n", i, y[i], expected[i]);
        ok = 0;
      }
    }
    if (ok)
      printf("y[0,:] = %g %g %g %g (matches the reference)\n", y[0], y[1],
             y[2], y[3]);
  }
  onnxc_tensor_free(output);
  output = NULL;

  /* The batch size is symbolic: a batch of 1 also runs. */
  if (ok) {
    int64_t one[2] = {1, 16};
    onnxc_tensor *row = NULL;
    ok = check(onnxc_tensor_wrap(ONNXC_DTYPE_FLOAT, 2, one, x, 16 * sizeof(float),
                                 &row),
               "wrap") &&
         check(onnxc_model_run(model, (const onnxc_tensor *const *)&row, 1,
                               &output, 1),
               "run with N=1");
    for (i = 0; ok && i < 4; ++i) {
      float got = ((const float *)onnxc_tensor_data(output))[i];
      if (fabsf(got - expected[i]) > 1e-5f + 1e-5f * fabsf(expected[i])) {
        fprintf(stderr, "batch of 1: y[0,%zu] = %g, expected %g\n", i, got,
                expected[i]);
        ok = 0;
      }
    }
    onnxc_tensor_free(output);
    onnxc_tensor_free(row);
    output = NULL;
  }

  /* A wrong shape is refused with a message, not a crash. */
  if (ok) {
    ok = check(onnxc_tensor_create(ONNXC_DTYPE_FLOAT, 2, bad_dims, &bad),
               "create");
    status = onnxc_model_run(model, (const onnxc_tensor *const *)&bad, 1,
                             &output, 1);
    if (!status) {
      fprintf(stderr, "a [3,15] input was accepted\n");
      ok = 0;
    } else {
      printf("wrong shape refused: %s\n", onnxc_status_message(status));
      onnxc_status_free(status);
    }
  }

  onnxc_tensor_free(bad);
  onnxc_tensor_free(input);
  onnxc_model_free(model);
  printf("%s\n", ok ? "OK" : "FAILED");
  return ok ? 0 : 1;
}
