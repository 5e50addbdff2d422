//===- ModelTest.cpp - Loading and running a model library ----------------===//
//
// Runs fake_model.c (y = x + b[:, None] + 1 and n = N, with x float[?N,3]
// and b float[?N]) through dlopen, as onnxc-run does with a compiled model.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include <dlfcn.h>

#include <thread>

using namespace onnxc::test;

namespace {

struct ModelDeleter {
  void operator()(onnxc_model *model) const { onnxc_model_free(model); }
};
using ModelPtr = std::unique_ptr<onnxc_model, ModelDeleter>;

ModelPtr load(const char *path) {
  onnxc_model *raw = nullptr;
  EXPECT_TRUE(isOk(onnxc_model_load(path, &raw)));
  return ModelPtr(raw);
}

/// Owns the outputs of one run.
struct Outputs {
  onnxc_tensor *tensors[2] = {nullptr, nullptr};
  ~Outputs() {
    for (onnxc_tensor *t : tensors)
      onnxc_tensor_free(t);
  }
};

class ModelTest : public ::testing::Test {
protected:
  void SetUp() override {
    model = load(FAKE_MODEL_0);
    ASSERT_NE(model, nullptr);
    x = makeTensor<float>(ONNXC_DTYPE_FLOAT, {2, 3}, {0, 1, 2, 3, 4, 5});
    b = makeTensor<float>(ONNXC_DTYPE_FLOAT, {2}, {10, 20});
  }

  onnxc_status *run(std::vector<const onnxc_tensor *> inputs,
                    Outputs &outputs) {
    return onnxc_model_run(model.get(), inputs.data(), inputs.size(),
                           outputs.tensors, 2);
  }

  ModelPtr model;
  TensorPtr x, b;
};

TEST_F(ModelTest, DescribesTheSignature) {
  EXPECT_STREQ(onnxc_model_name(model.get()), "fake model");
  ASSERT_EQ(onnxc_model_num_inputs(model.get()), 2u);
  ASSERT_EQ(onnxc_model_num_outputs(model.get()), 2u);
  onnxc_tensor_info info;
  ASSERT_TRUE(isOk(onnxc_model_input_info(model.get(), 0, &info)));
  EXPECT_STREQ(info.name, "x");
  EXPECT_EQ(info.dims[0], -1);
  EXPECT_STREQ(info.dim_names[0], "N");
  EXPECT_EQ(info.dims[1], 3);
  ASSERT_TRUE(isOk(onnxc_model_output_info(model.get(), 1, &info)));
  EXPECT_STREQ(info.name, "n");
  EXPECT_EQ(info.dtype, ONNXC_DTYPE_INT64);
  EXPECT_EQ(info.rank, 0);
}

TEST_F(ModelTest, Runs) {
  Outputs out;
  ASSERT_TRUE(isOk(run({x.get(), b.get()}, out)));
  EXPECT_EQ(dimsOf(out.tensors[0]), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(valuesOf<float>(out.tensors[0]),
            (std::vector<float>{11, 12, 13, 24, 25, 26}));
  EXPECT_EQ(onnxc_tensor_rank(out.tensors[1]), 0);
  EXPECT_EQ(valuesOf<int64_t>(out.tensors[1]), (std::vector<int64_t>{2}));
}

TEST_F(ModelTest, RunsWithBorrowedAndEmptyInputs) {
  std::vector<float> xs(3 * 5, 1.0f), bs(5, 2.0f);
  int64_t xDims[] = {5, 3}, bDims[] = {5};
  onnxc_tensor *wx = nullptr, *wb = nullptr;
  ASSERT_TRUE(isOk(onnxc_tensor_wrap(ONNXC_DTYPE_FLOAT, 2, xDims, xs.data(),
                                     xs.size() * 4, &wx)));
  ASSERT_TRUE(isOk(onnxc_tensor_wrap(ONNXC_DTYPE_FLOAT, 1, bDims, bs.data(),
                                     bs.size() * 4, &wb)));
  TensorPtr ownX(wx), ownB(wb);
  Outputs out;
  ASSERT_TRUE(isOk(run({wx, wb}, out)));
  EXPECT_EQ(valuesOf<float>(out.tensors[0]), std::vector<float>(15, 4.0f));

  auto ex = makeTensor<float>(ONNXC_DTYPE_FLOAT, {0, 3}, {});
  auto eb = makeTensor<float>(ONNXC_DTYPE_FLOAT, {0}, {});
  Outputs empty;
  ASSERT_TRUE(isOk(run({ex.get(), eb.get()}, empty)));
  EXPECT_EQ(dimsOf(empty.tensors[0]), (std::vector<int64_t>{0, 3}));
  EXPECT_EQ(valuesOf<int64_t>(empty.tensors[1]), (std::vector<int64_t>{0}));
}

TEST_F(ModelTest, RejectsWrongCounts) {
  Outputs out;
  EXPECT_TRUE(isError(run({x.get()}, out), ONNXC_ERR_INVALID_ARGUMENT,
                      "the model takes 2 inputs, but 1 were given"));
  const onnxc_tensor *inputs[] = {x.get(), b.get()};
  EXPECT_TRUE(isError(
      onnxc_model_run(model.get(), inputs, 2, out.tensors, 1),
      ONNXC_ERR_INVALID_ARGUMENT, "produces 2 outputs, but room for 1"));
  EXPECT_TRUE(isError(run({x.get(), nullptr}, out), ONNXC_ERR_INVALID_ARGUMENT,
                      "input 'b' (#1) is NULL"));
  EXPECT_EQ(out.tensors[0], nullptr);
  EXPECT_EQ(out.tensors[1], nullptr);
}

TEST_F(ModelTest, RejectsWrongDType) {
  auto ints = makeTensor<int32_t>(ONNXC_DTYPE_INT32, {2, 3}, {0, 1, 2, 3, 4, 5});
  Outputs out;
  EXPECT_TRUE(isError(run({ints.get(), b.get()}, out),
                      ONNXC_ERR_INVALID_ARGUMENT,
                      "input 'x' (#0): dtype is int32, but the model expects "
                      "float"));
}

TEST_F(ModelTest, RejectsWrongRank) {
  auto flat = makeTensor<float>(ONNXC_DTYPE_FLOAT, {6}, {0, 1, 2, 3, 4, 5});
  Outputs out;
  EXPECT_TRUE(isError(run({flat.get(), b.get()}, out),
                      ONNXC_ERR_INVALID_ARGUMENT,
                      "input 'x' (#0): rank is 1, but the model expects 2 "
                      "[?N,3]"));
}

TEST_F(ModelTest, RejectsWrongStaticDim) {
  auto wide = makeTensor<float>(ONNXC_DTYPE_FLOAT, {2, 4},
                                std::vector<float>(8, 0.0f));
  Outputs out;
  EXPECT_TRUE(isError(run({wide.get(), b.get()}, out),
                      ONNXC_ERR_INVALID_ARGUMENT,
                      "input 'x' (#0): dimension 1 is 4, but the model "
                      "expects 3"));
}

TEST_F(ModelTest, RejectsInconsistentSymbolicDim) {
  auto longB = makeTensor<float>(ONNXC_DTYPE_FLOAT, {5}, {1, 2, 3, 4, 5});
  Outputs out;
  EXPECT_TRUE(isError(run({x.get(), longB.get()}, out),
                      ONNXC_ERR_INVALID_ARGUMENT,
                      "input 'b' (#1): dimension 0 is 5, but symbolic "
                      "dimension 'N' is 2 in input 'x' (#0) dimension 0"));
  EXPECT_EQ(out.tensors[0], nullptr);
}

TEST_F(ModelTest, ConcurrentRunsAgree) {
  constexpr int kThreads = 8, kRuns = 100;
  const std::vector<float> expected = {11, 12, 13, 24, 25, 26};
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRuns; ++r) {
        Outputs out;
        const onnxc_tensor *inputs[] = {x.get(), b.get()};
        StatusPtr st(
            onnxc_model_run(model.get(), inputs, 2, out.tensors, 2));
        if (st || valuesOf<float>(out.tensors[0]) != expected ||
            valuesOf<int64_t>(out.tensors[1]) != std::vector<int64_t>{2})
          ++failures[t];
      }
    });
  }
  for (std::thread &thread : threads)
    thread.join();
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(failures[t], 0) << "thread " << t;
}

TEST_F(ModelTest, WorksFromALinkedDescriptor) {
  // A statically linked model hands its descriptor over directly.
  void *library = dlopen(FAKE_MODEL_0, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(library, nullptr) << dlerror();
  auto descriptorFn = reinterpret_cast<onnxc_model_descriptor_fn>(
      dlsym(library, ONNXC_MODEL_DESCRIPTOR_SYMBOL));
  ASSERT_NE(descriptorFn, nullptr);
  onnxc_model *linked = nullptr;
  ASSERT_TRUE(isOk(onnxc_model_from_descriptor(descriptorFn(), &linked)));
  Outputs out;
  const onnxc_tensor *inputs[] = {x.get(), b.get()};
  EXPECT_TRUE(isOk(onnxc_model_run(linked, inputs, 2, out.tensors, 2)));
  EXPECT_EQ(valuesOf<float>(out.tensors[0])[5], 26.0f);
  onnxc_model_free(linked);
  dlclose(library);
}

TEST(ModelLoadTest, ReportsLoadErrors) {
  onnxc_model *model = nullptr;
  EXPECT_TRUE(isError(onnxc_model_load("/nonexistent/model.so", &model),
                      ONNXC_ERR_LOAD, "cannot load model '/nonexistent/model.so'"));
  EXPECT_TRUE(isError(onnxc_model_load(ONNXC_RUNTIME_LIBRARY, &model),
                      ONNXC_ERR_LOAD, "exports no 'onnxc_model_descriptor'"));
  EXPECT_TRUE(isError(onnxc_model_load(FAKE_MODEL_3, &model),
                      ONNXC_ERR_ABI_MISMATCH,
                      "ABI version " + std::to_string(ONNXC_MODEL_ABI_VERSION + 1)));
  EXPECT_TRUE(isError(onnxc_model_load(nullptr, &model),
                      ONNXC_ERR_INVALID_ARGUMENT));
  EXPECT_EQ(model, nullptr);
}

struct BrokenModelCase {
  const char *path;
  const char *message;
  enum onnxc_status_code code = ONNXC_ERR_RUN;
};

TEST(ModelLoadTest, ReportsBrokenRuns) {
  const BrokenModelCase cases[] = {
      {FAKE_MODEL_1, "the model's run function failed (code 7)"},
      {FAKE_MODEL_2, "output 'y': the buffer is not row-major"},
      {FAKE_MODEL_4, "output 'n' does not have a fresh buffer of its own"},
      // The outputs it returned are freed (LeakSanitizer would tell).
      {FAKE_MODEL_5,
       "node 'g' (Gather): an element of 'indices' is out of range",
       ONNXC_ERR_INVALID_DATA},
  };
  auto x = makeTensor<float>(ONNXC_DTYPE_FLOAT, {2, 3}, {0, 1, 2, 3, 4, 5});
  auto b = makeTensor<float>(ONNXC_DTYPE_FLOAT, {2}, {10, 20});
  for (const BrokenModelCase &c : cases) {
    ModelPtr model = load(c.path);
    ASSERT_NE(model, nullptr);
    Outputs out;
    const onnxc_tensor *inputs[] = {x.get(), b.get()};
    EXPECT_TRUE(isError(onnxc_model_run(model.get(), inputs, 2, out.tensors, 2),
                        c.code, c.message))
        << c.path;
    EXPECT_EQ(out.tensors[0], nullptr);
    EXPECT_EQ(out.tensors[1], nullptr);
  }
}

} // namespace
