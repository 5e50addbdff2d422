//===- onnxc-run.cpp - Run a compiled model on tensor files ---------------===//
//
// Loads MODEL.so, reads one input file per model input (graph order), runs
// the model, prints a summary of every output, and optionally writes the
// outputs, compares them with expected files, and times repeated runs.
// Exit status: 0 success, 1 an output differs from its expected file,
// 2 any other error.
//
//===----------------------------------------------------------------------===//
#include "onnxc/Runtime/onnxc_runtime.h"
#include "onnxc/TensorIO/TensorIO.h"

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

using namespace onnxc::tensorio;

namespace {

constexpr int kExitMismatch = 1;
constexpr int kExitError = 2;

// In the layout of LLVM's --help, by category; the tool itself does not link
// LLVM, so that it runs wherever compiled models run.
const char kHelp[] = R"(OVERVIEW: onnxc-run: runs a model compiled by onnxc on tensor files

USAGE: onnxc-run [options] <model.so>

OPTIONS:

Generic Options:

  -h, --help             - Display available options
  --version              - Display the version of this program

Inputs and outputs:

  -i, --input=<file>     - An input tensor (.pb or .npy); give one per model
                           input, in graph order
  -o, --output-dir=<dir> - Write output_<k>.pb (or .npy) into <dir>
  --format=<pb|npy>      - Format of the files written by -o (default pb)

Comparison:

  --compare <file>...    - Expected outputs (.pb or .npy), one per model
                           output, in graph order; all following arguments
                           up to the next option are taken
  --atol=<number>        - Absolute tolerance for --compare (default 1e-5)
  --rtol=<number>        - Relative tolerance for --compare (default 1e-5)
  --report=<file>        - Also write the comparison of every output to
                           <file> as JSON (docs/cli.md describes it)

Benchmarking:

  --bench=<n>            - Run <n> more times and print min and median latency

--compare prints, for each output, the largest absolute and relative errors,
the index of the worst element (the farthest outside its tolerance) with its
actual and expected values, and how many elements are outside tolerance. An
element matches when |actual - expected| <= atol + rtol * |expected| (NaN
matches NaN); integers and bools must be equal.
Exit status: 0 success, 1 an output differs from --compare, 2 an error.
)";

struct Options {
  std::string model;
  std::vector<std::string> inputs;
  std::string outputDir;
  FileFormat format = FileFormat::TensorProto;
  std::vector<std::string> expected;
  std::string report;
  CompareOptions tolerances;
  long bench = 0;
};

int fail(const std::string &message) {
  std::fprintf(stderr, "onnxc-run: error: %s\n", message.c_str());
  return kExitError;
}

bool parseDouble(const std::string &text, double &value) {
  char *end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return !text.empty() && *end == '\0' && std::isfinite(value) && value >= 0;
}

/// Parses argv; returns -1 to go on, or an exit code.
int parseOptions(int argc, char **argv, Options &options) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.size() < 2 || arg[0] != '-') {
      if (!options.model.empty())
        return fail("unexpected argument '" + arg + "' (model is already '" +
                    options.model + "')");
      options.model = arg;
      continue;
    }
    // LLVM style: -name and --name, with the value after '=' or as the next
    // argument.
    std::string name = arg.substr(arg[1] == '-' ? 2 : 1), value;
    bool hasInlineValue = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      hasInlineValue = true;
    }
    auto takeValue = [&]() {
      if (hasInlineValue)
        return true;
      if (i + 1 >= argc)
        return false;
      value = argv[++i];
      return true;
    };

    if (name == "h" || name == "help") {
      std::fputs(kHelp, stdout);
      return 0;
    }
    if (name == "version") {
      std::printf("onnxc-run %s\n", ONNXC_VERSION);
      return 0;
    }
    if (name == "compare") {
      if (hasInlineValue)
        options.expected.push_back(value);
      while (i + 1 < argc && argv[i + 1][0] != '-')
        options.expected.push_back(argv[++i]);
      if (options.expected.empty())
        return fail("--compare needs at least one file");
      continue;
    }
    bool known = name == "i" || name == "input" || name == "o" ||
                 name == "output-dir" || name == "format" || name == "rtol" ||
                 name == "atol" || name == "bench" || name == "report";
    if (!known)
      return fail("unknown option '" + arg + "' (see --help)");
    if (!takeValue())
      return fail("option '" + arg + "' needs a value");
    if (name == "i" || name == "input") {
      options.inputs.push_back(value);
    } else if (name == "o" || name == "output-dir") {
      options.outputDir = value;
    } else if (name == "format") {
      if (value == "pb")
        options.format = FileFormat::TensorProto;
      else if (value == "npy")
        options.format = FileFormat::Npy;
      else
        return fail("--format must be 'pb' or 'npy', not '" + value + "'");
    } else if (name == "rtol" || name == "atol") {
      double &target =
          name == "rtol" ? options.tolerances.rtol : options.tolerances.atol;
      if (!parseDouble(value, target))
        return fail("--" + name + " needs a non-negative number, not '" +
                    value + "'");
    } else if (name == "report") {
      options.report = value;
    } else if (name == "bench") {
      char *end = nullptr;
      options.bench = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || options.bench < 0)
        return fail("--bench needs a non-negative count, not '" + value + "'");
    }
  }
  if (options.model.empty())
    return fail("no model given (see --help)");
  if (!options.report.empty() && options.expected.empty())
    return fail("--report needs --compare: it records the comparison");
  return -1;
}

std::string formatElement(const onnxc_tensor &tensor, size_t index) {
  const void *data = onnxc_tensor_data(&tensor);
  char text[64];
  switch (onnxc_tensor_dtype(&tensor)) {
  case ONNXC_DTYPE_INT64: {
    int64_t v;
    std::memcpy(&v, static_cast<const char *>(data) + 8 * index, 8);
    std::snprintf(text, sizeof(text), "%" PRId64, v);
    return text;
  }
  case ONNXC_DTYPE_UINT64: {
    uint64_t v;
    std::memcpy(&v, static_cast<const char *>(data) + 8 * index, 8);
    std::snprintf(text, sizeof(text), "%" PRIu64, v);
    return text;
  }
  case ONNXC_DTYPE_BOOL:
    return elementAsDouble(tensor, index) != 0 ? "true" : "false";
  default:
    std::snprintf(text, sizeof(text), "%.7g", elementAsDouble(tensor, index));
    return text;
  }
}

void printSummary(size_t k, const onnxc_tensor_info &info,
                  const onnxc_tensor &tensor) {
  constexpr size_t kShown = 8;
  size_t count = onnxc_tensor_num_elements(&tensor);
  std::string line = "output " + std::to_string(k) + " '" + info.name +
                     "': " + onnxc_dtype_name(onnxc_tensor_dtype(&tensor)) +
                     " " + formatShape(tensor) + " = [";
  for (size_t i = 0; i < std::min(count, kShown); ++i)
    line += (i ? ", " : "") + formatElement(tensor, i);
  line += count > kShown ? ", ...]" : "]";
  if (isFloatingPoint(onnxc_tensor_dtype(&tensor)) && count > 0) {
    double lo = INFINITY, hi = -INFINITY, sum = 0;
    size_t nans = 0;
    for (size_t i = 0; i < count; ++i) {
      double v = elementAsDouble(tensor, i);
      if (std::isnan(v)) {
        ++nans;
        continue;
      }
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      sum += v;
    }
    char stats[160];
    if (nans < count)
      std::snprintf(stats, sizeof(stats), " min %.7g max %.7g mean %.7g", lo,
                    hi, sum / static_cast<double>(count - nans));
    else
      stats[0] = '\0';
    line += stats;
    if (nans)
      line += " (" + std::to_string(nans) + " NaN)";
  }
  std::printf("%s\n", line.c_str());
}

std::string formatIndex(const std::vector<int64_t> &index) {
  std::string text = "[";
  for (size_t i = 0; i < index.size(); ++i)
    text += (i ? "," : "") + std::to_string(index[i]);
  return text + "]";
}

/// Owns the output tensors of one run.
struct Outputs {
  std::vector<onnxc_tensor *> tensors;
  explicit Outputs(size_t n) : tensors(n, nullptr) {}
  ~Outputs() {
    for (onnxc_tensor *t : tensors)
      onnxc_tensor_free(t);
  }
  Outputs(const Outputs &) = delete;
  Outputs &operator=(const Outputs &) = delete;
};

struct ModelDeleter {
  void operator()(onnxc_model *model) const { onnxc_model_free(model); }
};

/// The comparison of one output with its expected file.
struct OutputComparison {
  std::string name;
  std::string expectedFile;
  const onnxc_tensor *actual = nullptr;
  CompareResult result;
  std::vector<int64_t> worstIndex;
};

/// `text` as a JSON string (UTF-8 passes through; control bytes escaped).
std::string jsonString(const std::string &text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof(escape), "\\u%04x", c);
      out += escape;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

/// A JSON number; JSON has no infinities or NaN, so those are the strings
/// "inf", "-inf" and "nan".
std::string jsonNumber(double value) {
  if (std::isnan(value))
    return "\"nan\"";
  if (std::isinf(value))
    return value > 0 ? "\"inf\"" : "\"-inf\"";
  char text[32];
  std::snprintf(text, sizeof(text), "%.9g", value);
  return text;
}

std::string jsonInts(const std::vector<int64_t> &values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i)
    out += (i ? ", " : "") + std::to_string(values[i]);
  return out + "]";
}

/// Writes the --report file: the tolerances and, per output, what --compare
/// prints. Returns 0 or the exit code of an error.
int writeReport(const Options &options,
                const std::vector<OutputComparison> &comparisons) {
  bool allMatch = true;
  std::string json = "{\n  \"model\": " + jsonString(options.model) +
                     ",\n  \"rtol\": " + jsonNumber(options.tolerances.rtol) +
                     ",\n  \"atol\": " + jsonNumber(options.tolerances.atol) +
                     ",\n  \"outputs\": [";
  for (size_t k = 0; k < comparisons.size(); ++k) {
    const OutputComparison &c = comparisons[k];
    const CompareResult &r = c.result;
    allMatch = allMatch && r.match;
    const onnxc_tensor &actual = *c.actual;
    std::vector<int64_t> shape(onnxc_tensor_dims(&actual),
                               onnxc_tensor_dims(&actual) +
                                   onnxc_tensor_rank(&actual));
    json += std::string(k ? "," : "") + "\n    {\n      \"index\": " +
            std::to_string(k) + ",\n      \"name\": " + jsonString(c.name) +
            ",\n      \"expected_file\": " + jsonString(c.expectedFile) +
            ",\n      \"dtype\": " +
            jsonString(onnxc_dtype_name(onnxc_tensor_dtype(&actual))) +
            ",\n      \"shape\": " + jsonInts(shape) +
            ",\n      \"match\": " + (r.match ? "true" : "false");
    if (!r.shapeError.empty()) {
      json += ",\n      \"error\": " + jsonString(r.shapeError) + "\n    }";
      continue;
    }
    json += ",\n      \"num_elements\": " + std::to_string(r.numElements) +
            ",\n      \"num_mismatches\": " + std::to_string(r.numMismatches) +
            ",\n      \"max_abs_error\": " + jsonNumber(r.maxAbsError) +
            ",\n      \"max_rel_error\": " + jsonNumber(r.maxRelError);
    if (r.worstIndex >= 0)
      json += ",\n      \"worst_index\": " + jsonInts(c.worstIndex) +
              ",\n      \"worst_actual\": " + jsonNumber(r.worstActual) +
              ",\n      \"worst_expected\": " + jsonNumber(r.worstExpected);
    json += "\n    }";
  }
  json += std::string(comparisons.empty() ? "" : "\n  ") +
          "],\n  \"match\": " + (allMatch ? "true" : "false") + "\n}\n";

  FILE *file = std::fopen(options.report.c_str(), "wb");
  if (!file)
    return fail("cannot write report '" + options.report +
                "': " + std::strerror(errno));
  bool written = std::fwrite(json.data(), 1, json.size(), file) == json.size();
  if (std::fclose(file) != 0 || !written)
    return fail("cannot write report '" + options.report + "'");
  return 0;
}

int runTool(const Options &options) {
  onnxc_model *rawModel = nullptr;
  if (StatusPtr st{onnxc_model_load(options.model.c_str(), &rawModel)})
    return fail(onnxc_status_message(st.get()));
  std::unique_ptr<onnxc_model, ModelDeleter> model(rawModel);
  size_t numInputs = onnxc_model_num_inputs(model.get());
  size_t numOutputs = onnxc_model_num_outputs(model.get());

  if (options.inputs.size() != numInputs) {
    std::string names;
    for (size_t i = 0; i < numInputs; ++i) {
      onnxc_tensor_info info;
      StatusPtr(onnxc_model_input_info(model.get(), i, &info));
      names += (i ? ", '" : "'") + std::string(info.name) + "'";
    }
    return fail("the model takes " + std::to_string(numInputs) + " inputs (" +
                names + "), but " + std::to_string(options.inputs.size()) +
                " were given with -i");
  }
  if (!options.expected.empty() && options.expected.size() != numOutputs)
    return fail("the model has " + std::to_string(numOutputs) +
                " outputs, but " + std::to_string(options.expected.size()) +
                " files were given to --compare");

  std::vector<TensorPtr> inputs(numInputs);
  std::vector<const onnxc_tensor *> inputPtrs(numInputs);
  for (size_t i = 0; i < numInputs; ++i) {
    if (StatusPtr st = readTensorFile(options.inputs[i], inputs[i]))
      return fail(onnxc_status_message(st.get()));
    inputPtrs[i] = inputs[i].get();
  }

  Outputs outputs(numOutputs);
  if (StatusPtr st{onnxc_model_run(model.get(), inputPtrs.data(), numInputs,
                                   outputs.tensors.data(), numOutputs)}) {
    std::string message = onnxc_status_message(st.get());
    for (size_t i = 0; i < numInputs; ++i)
      message += "\n  note: input #" + std::to_string(i) + " was read from '" +
                 options.inputs[i] + "'";
    return fail(message);
  }

  std::vector<onnxc_tensor_info> infos(numOutputs);
  for (size_t k = 0; k < numOutputs; ++k) {
    StatusPtr(onnxc_model_output_info(model.get(), k, &infos[k]));
    printSummary(k, infos[k], *outputs.tensors[k]);
  }

  if (!options.outputDir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(options.outputDir, ec);
    if (ec)
      return fail("cannot create directory '" + options.outputDir +
                  "': " + ec.message());
    const char *ext = options.format == FileFormat::Npy ? ".npy" : ".pb";
    for (size_t k = 0; k < numOutputs; ++k) {
      std::string path = (std::filesystem::path(options.outputDir) /
                          ("output_" + std::to_string(k) + ext))
                             .string();
      if (StatusPtr st = writeTensorFile(path, *outputs.tensors[k],
                                         infos[k].name, options.format))
        return fail(onnxc_status_message(st.get()));
    }
  }

  int exitCode = 0;
  std::vector<OutputComparison> comparisons;
  for (size_t k = 0; k < options.expected.size(); ++k) {
    TensorPtr expected;
    if (StatusPtr st = readTensorFile(options.expected[k], expected))
      return fail(onnxc_status_message(st.get()));
    OutputComparison c;
    c.name = infos[k].name;
    c.expectedFile = options.expected[k];
    c.actual = outputs.tensors[k];
    c.result =
        compareTensors(*outputs.tensors[k], *expected, options.tolerances);
    const CompareResult &r = c.result;
    if (r.worstIndex >= 0)
      c.worstIndex =
          unravelIndex(static_cast<size_t>(r.worstIndex), *expected);
    if (!r.match)
      exitCode = kExitMismatch;
    std::string head = "compare output " + std::to_string(k) + " '" +
                       infos[k].name + "' with '" + options.expected[k] + "': ";
    if (!r.shapeError.empty()) {
      std::printf("%sMISMATCH: %s\n", head.c_str(), r.shapeError.c_str());
      comparisons.push_back(std::move(c));
      continue;
    }
    std::string worst = "-";
    if (r.worstIndex >= 0) {
      char values[96];
      std::snprintf(values, sizeof(values), " (got %.9g, expected %.9g)",
                    r.worstActual, r.worstExpected);
      worst = formatIndex(c.worstIndex) + values;
    }
    std::printf("%s%s: max abs error %.3g, max rel error %.3g, worst %s, "
                "%zu of %zu mismatched (rtol %g, atol %g)\n",
                head.c_str(), r.match ? "OK" : "MISMATCH", r.maxAbsError,
                r.maxRelError, worst.c_str(), r.numMismatches, r.numElements,
                options.tolerances.rtol, options.tolerances.atol);
    comparisons.push_back(std::move(c));
  }
  if (!options.report.empty())
    if (int code = writeReport(options, comparisons); code != 0)
      return code;

  if (options.bench > 0) {
    std::vector<double> millis;
    millis.reserve(static_cast<size_t>(options.bench));
    for (long n = 0; n < options.bench; ++n) {
      Outputs again(numOutputs);
      auto start = std::chrono::steady_clock::now();
      StatusPtr st{onnxc_model_run(model.get(), inputPtrs.data(), numInputs,
                                   again.tensors.data(), numOutputs)};
      auto end = std::chrono::steady_clock::now();
      if (st)
        return fail(onnxc_status_message(st.get()));
      millis.push_back(
          std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::sort(millis.begin(), millis.end());
    size_t n = millis.size();
    double median =
        n % 2 ? millis[n / 2] : (millis[n / 2 - 1] + millis[n / 2]) / 2;
    std::printf("bench: %zu runs, min %.4f ms, median %.4f ms\n", n,
                millis.front(), median);
  }
  return exitCode;
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  int code = parseOptions(argc, argv, options);
  if (code >= 0)
    return code;
  try {
    return runTool(options);
  } catch (const std::exception &e) {
    return fail(e.what());
  }
}
