//===- SignatureTest.cpp - Parsing model signatures -----------------------===//
//
// Signatures reach the parser through onnxc_model_from_descriptor, as they
// do for a model linked into a program.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include <random>

using namespace onnxc::test;

namespace {

int32_t unusedRun(void *const *, void *, const char **,
                  const onnxc_model_exec *) {
  return 0;
}

struct ParsedModel {
  onnxc_model *model = nullptr;
  onnxc_model_abi abi{};
  ~ParsedModel() { onnxc_model_free(model); }
};

onnxc_status *parse(ParsedModel &parsed, const char *signature) {
  parsed.abi = {ONNXC_MODEL_ABI_VERSION, 0, signature, unusedRun};
  return onnxc_model_from_descriptor(&parsed.abi, &parsed.model);
}

TEST(SignatureTest, ParsesInputsOutputsAndSymbols) {
  ParsedModel parsed;
  ASSERT_TRUE(isOk(parse(parsed, "onnxc-signature 1\n"
                                 "model my%20model\n"
                                 "input pixel%25values 1 4 ?batch 3 ? 224\n"
                                 "input scale 11 0\n"
                                 "output logits 16 2 ?batch 1000\n"
                                 "output mask 9 1 ?n%C3%A9\n")));
  onnxc_model *model = parsed.model;
  EXPECT_STREQ(onnxc_model_name(model), "my model");
  ASSERT_EQ(onnxc_model_num_inputs(model), 2u);
  ASSERT_EQ(onnxc_model_num_outputs(model), 2u);

  onnxc_tensor_info info;
  ASSERT_TRUE(isOk(onnxc_model_input_info(model, 0, &info)));
  EXPECT_STREQ(info.name, "pixel%values");
  EXPECT_EQ(info.dtype, ONNXC_DTYPE_FLOAT);
  ASSERT_EQ(info.rank, 4);
  EXPECT_EQ(std::vector<int64_t>(info.dims, info.dims + 4),
            (std::vector<int64_t>{-1, 3, -1, 224}));
  EXPECT_STREQ(info.dim_names[0], "batch");
  EXPECT_STREQ(info.dim_names[1], "");
  EXPECT_STREQ(info.dim_names[2], "");
  EXPECT_STREQ(info.dim_names[3], "");

  ASSERT_TRUE(isOk(onnxc_model_input_info(model, 1, &info)));
  EXPECT_STREQ(info.name, "scale");
  EXPECT_EQ(info.dtype, ONNXC_DTYPE_DOUBLE);
  EXPECT_EQ(info.rank, 0);

  ASSERT_TRUE(isOk(onnxc_model_output_info(model, 0, &info)));
  EXPECT_STREQ(info.name, "logits");
  EXPECT_EQ(info.dtype, ONNXC_DTYPE_BFLOAT16);
  EXPECT_EQ(info.dims[1], 1000);
  ASSERT_TRUE(isOk(onnxc_model_output_info(model, 1, &info)));
  EXPECT_EQ(info.dtype, ONNXC_DTYPE_BOOL);
  EXPECT_STREQ(info.dim_names[0], "n\xc3\xa9");

  EXPECT_TRUE(isError(onnxc_model_input_info(model, 2, &info),
                      ONNXC_ERR_INVALID_ARGUMENT, "out of range"));
  EXPECT_TRUE(isError(onnxc_model_output_info(model, 9, &info),
                      ONNXC_ERR_INVALID_ARGUMENT, "out of range"));

  size_t index = 99;
  ASSERT_TRUE(isOk(onnxc_model_find_input(model, "scale", &index)));
  EXPECT_EQ(index, 1u);
  EXPECT_TRUE(isError(onnxc_model_find_input(model, "logits", &index),
                      ONNXC_ERR_INVALID_ARGUMENT, "'logits'"));
}

TEST(SignatureTest, AcceptsUnnamedModelAndNoTrailingNewline) {
  ParsedModel parsed;
  ASSERT_TRUE(isOk(parse(parsed, "onnxc-signature 1\nmodel \n"
                                 "input x 7 1 5\noutput y 7 1 5")));
  EXPECT_STREQ(onnxc_model_name(parsed.model), "");
  EXPECT_EQ(onnxc_model_num_outputs(parsed.model), 1u);
}

TEST(SignatureTest, RejectsMalformedText) {
  const char *cases[] = {
      "",
      "garbage",
      "onnxc-signature\nmodel m\n",
      "onnxc-signature 1\n",                               // no model
      "onnxc-signature 1\nmodel a\nmodel b\n",             // two models
      "onnxc-signature 1\nmodel m\n\ninput x 1 1 3\n",     // empty line
      "onnxc-signature 1\nmodel m\nweights x 1 1 3\n",     // unknown record
      "onnxc-signature 1\nmodel m\ninput x 1\n",           // too few fields
      "onnxc-signature 1\nmodel m\ninput x 1 2 3\n",       // missing dim
      "onnxc-signature 1\nmodel m\ninput x 1 1 3 4\n",     // extra dim
      "onnxc-signature 1\nmodel m\ninput x 1 5000\n",      // huge rank
      "onnxc-signature 1\nmodel m\ninput x 99 1 3\n",      // unknown dtype
      "onnxc-signature 1\nmodel m\ninput x 8 1 3\n",       // string dtype
      "onnxc-signature 1\nmodel m\ninput x 0 1 3\n",       // undefined dtype
      "onnxc-signature 1\nmodel m\ninput x -1 1 3\n",
      "onnxc-signature 1\nmodel m\ninput x 1 -1 3\n",
      "onnxc-signature 1\nmodel m\ninput x 1 1 -3\n",
      "onnxc-signature 1\nmodel m\ninput x 1 1 +3\n",
      "onnxc-signature 1\nmodel m\ninput x 1 1 3x\n",
      "onnxc-signature 1\nmodel m\ninput x 1 1 99999999999999999999\n",
      "onnxc-signature 1\nmodel m\ninput x 1 1 9223372036854775808\n",
      "onnxc-signature 1\nmodel m\ninput x%2 1 1 3\n",     // short escape
      "onnxc-signature 1\nmodel m\ninput x%G1 1 1 3\n",    // bad hex
      "onnxc-signature 1\nmodel m\ninput x%00 1 1 3\n",    // NUL
      "onnxc-signature 1\nmodel m\ninput x\ty 1 1 3\n",    // raw tab
      "onnxc-signature 1\nmodel m\ninput \xc3\xa9 1 1 3\n", // raw UTF-8
      "onnxc-signature 1\nmodel m\ninput  x 1 1 3\n",      // double space
      "onnxc-signature 1\nmodel m\ninput x 1 1 3 \n",      // trailing space
      "onnxc-signature 1\nmodel m\ninput x 1 1 3\r\n",     // CRLF
      "onnxc-signature 1\nmodel m\ninput x 1 1 ?%\n",      // bad symbol
      "onnxc-signature 1\nmodel m\ninput x 1 1 3\ninput x 1 1 3\n",
      "onnxc-signature 1\nmodel m\noutput y 1 1 3\noutput y 1 1 3\n",
      "onnxc-signature 1\nmodel m\ninput  1 1 3\n",        // empty name
  };
  for (const char *text : cases) {
    ParsedModel parsed;
    EXPECT_TRUE(isError(parse(parsed, text), ONNXC_ERR_LOAD, "signature"))
        << "signature: " << text;
    EXPECT_EQ(parsed.model, nullptr);
  }
}

TEST(SignatureTest, ErrorNamesTheLine) {
  ParsedModel parsed;
  EXPECT_TRUE(isError(
      parse(parsed, "onnxc-signature 1\nmodel m\ninput x 1 1 3\ninput y 1 2 3\n"),
      ONNXC_ERR_LOAD, "line 4: 'y' has rank 2 but 1 dimensions"));
}

TEST(SignatureTest, RejectsUnknownVersions) {
  ParsedModel parsed;
  EXPECT_TRUE(isError(parse(parsed, "onnxc-signature 2\nmodel m\n"),
                      ONNXC_ERR_ABI_MISMATCH, "version '2'"));

  onnxc_model *model = nullptr;
  onnxc_model_abi abi = {ONNXC_MODEL_ABI_VERSION + 1, 0,
                         "onnxc-signature 1\nmodel m\n", unusedRun};
  EXPECT_TRUE(isError(onnxc_model_from_descriptor(&abi, &model),
                      ONNXC_ERR_ABI_MISMATCH,
                      "ABI version " + std::to_string(ONNXC_MODEL_ABI_VERSION + 1)));
  EXPECT_EQ(model, nullptr);
}

TEST(SignatureTest, RejectsIncompleteDescriptors) {
  onnxc_model *model = nullptr;
  onnxc_model_abi noSignature = {ONNXC_MODEL_ABI_VERSION, 0, nullptr,
                                 unusedRun};
  EXPECT_TRUE(isError(onnxc_model_from_descriptor(&noSignature, &model),
                      ONNXC_ERR_LOAD, "no signature"));
  onnxc_model_abi noRun = {ONNXC_MODEL_ABI_VERSION, 0,
                           "onnxc-signature 1\nmodel m\n", nullptr};
  EXPECT_TRUE(isError(onnxc_model_from_descriptor(&noRun, &model),
                      ONNXC_ERR_LOAD, "no run function"));
  EXPECT_TRUE(isError(onnxc_model_from_descriptor(nullptr, &model),
                      ONNXC_ERR_INVALID_ARGUMENT));
}

// Every prefix and many random corruptions of a valid signature must parse
// or fail cleanly; the sanitizer builds turn a crash or overread into a
// failure.
TEST(SignatureTest, SurvivesCorruptedText) {
  const std::string good = "onnxc-signature 1\nmodel m%41\n"
                           "input x 1 3 ?N 3 ?\ninput y 7 0\n"
                           "output z 1 2 ?N 3\n";
  for (size_t n = 0; n <= good.size(); ++n) {
    ParsedModel parsed;
    StatusPtr(parse(parsed, good.substr(0, n).c_str()));
  }
  std::mt19937 rng(1234);
  const char alphabet[] = " \n?%0123456789ABCxyz-\x01\xff";
  for (int trial = 0; trial < 5000; ++trial) {
    std::string text = good;
    for (int edits = 1 + trial % 3; edits > 0; --edits)
      text[rng() % text.size()] = alphabet[rng() % (sizeof(alphabet) - 1)];
    ParsedModel parsed;
    StatusPtr status(parse(parsed, text.c_str()));
    if (!status) {
      for (size_t i = 0; i < onnxc_model_num_inputs(parsed.model); ++i) {
        onnxc_tensor_info info;
        ASSERT_TRUE(isOk(onnxc_model_input_info(parsed.model, i, &info)));
        for (int32_t d = 0; d < info.rank; ++d)
          ASSERT_NE(info.dim_names[d], nullptr);
      }
    }
  }
}

} // namespace
