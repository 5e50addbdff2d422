//===- onnxc-e2e.cpp - Run ONNX backend test cases through onnxc ----------===//
//
// Each case directory holds model.onnx and test_data_set_N/{input,output}_K.pb.
// A case is compiled in-process to a shared object, loaded through the
// runtime, run on every data set and compared with the expected outputs.
// Every case runs in a child process of its own, so that a crash or a hang
// fails that case alone; up to --jobs children run at once.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Compiler/Compiler.h"
#include "onnxc/Conversion/ImportONNX/ImportONNX.h"
#include "onnxc/Runtime/onnxc_runtime.h"
#include "onnxc/TensorIO/TensorIO.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <map>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace llvm;
using onnxc::tensorio::StatusPtr;
using onnxc::tensorio::TensorPtr;

static cl::OptionCategory category("onnxc-e2e options");
static cl::list<std::string> suites(cl::Positional, cl::OneOrMore,
                                    cl::desc("<suite dir or case dir>..."),
                                    cl::cat(category));
static cl::opt<std::string>
    expectedPath("expected",
                 cl::desc("File listing the cases expected to pass; a listed "
                          "case that fails is a regression"),
                 cl::cat(category));
static cl::opt<bool> updateExpected(
    "update-expected",
    cl::desc("Rewrite --expected with the cases that pass now"),
    cl::cat(category));
static cl::opt<std::string> filter("filter",
                                   cl::desc("Run only cases matching REGEX"),
                                   cl::cat(category));
static cl::opt<unsigned> jobs("jobs", cl::desc("Cases run at once"),
                              cl::init(0), cl::cat(category));
static cl::opt<unsigned> timeoutSeconds("timeout",
                                        cl::desc("Seconds allowed per case"),
                                        cl::init(120), cl::cat(category));
static cl::opt<double> relTolerance("rtol", cl::init(1e-3),
                            cl::desc("Relative tolerance (ONNX backend: 1e-3)"),
                            cl::cat(category));
static cl::opt<double> absTolerance("atol", cl::init(1e-7),
                            cl::desc("Absolute tolerance (ONNX backend: 1e-7)"),
                            cl::cat(category));
static cl::opt<std::string> workDir("work",
                                    cl::desc("Directory for compiled cases"),
                                    cl::cat(category));
static cl::opt<std::string>
    resultsPath("results",
                cl::desc("Write '<case> PASS|FAIL <reason>' lines here"),
                cl::cat(category));
static cl::opt<bool> verbose("v", cl::desc("Print every case"),
                             cl::cat(category));
static cl::opt<bool> dynamicShapes(
    "dynamic",
    cl::desc("Make every dimension of every graph input symbolic before "
             "compiling, so that shapes are known only at run time"),
    cl::cat(category));
static cl::opt<int64_t> testParallelTiles(
    "test-parallel-tiles",
    cl::desc("Tile linalg ops into parallel loops of N iterations "
             "(onnx-test-parallel-tiling); ONNXC_NUM_THREADS sets the "
             "threads that run them"),
    cl::init(0), cl::cat(category));

namespace {

struct Case {
  std::string name, dir;
};

/// The outcome a child leaves in its result file: "PASS" or
/// "FAIL <stage>: <reason>". It writes "FAIL <stage>: crashed" before each
/// stage so that a crash is attributed.
void writeResult(const std::string &path, const std::string &text) {
  std::ofstream(path, std::ios::trunc) << text;
}

std::string statusMessage(const StatusPtr &status) {
  return onnxc_status_message(status.get());
}

std::vector<std::string> listFiles(const std::string &dir, StringRef prefix) {
  std::vector<std::string> files;
  for (unsigned k = 0;; ++k) {
    std::string path = dir + "/" + prefix.str() + "_" + std::to_string(k) + ".pb";
    if (!sys::fs::exists(path))
      break;
    files.push_back(path);
  }
  return files;
}

/// numpy has no bfloat16, so the ONNX backend data stores bfloat16 tensors as
/// uint16 holding the same bits. When the model declares bfloat16 at that
/// place, the file's tensor is relabelled (the bytes are already right).
StatusPtr relabelBFloat16(TensorPtr &tensor, onnxc_dtype declared) {
  if (declared != ONNXC_DTYPE_BFLOAT16 ||
      onnxc_tensor_dtype(tensor.get()) != ONNXC_DTYPE_UINT16)
    return nullptr;
  onnxc_tensor *relabelled = nullptr;
  if (StatusPtr s(onnxc_tensor_create(
          ONNXC_DTYPE_BFLOAT16, onnxc_tensor_rank(tensor.get()),
          onnxc_tensor_dims(tensor.get()), &relabelled));
      s)
    return s;
  std::memcpy(onnxc_tensor_data(relabelled), onnxc_tensor_data(tensor.get()),
              onnxc_tensor_nbytes(tensor.get()));
  tensor.reset(relabelled);
  return nullptr;
}

/// The model with each input dimension replaced by a symbol of its own.
FailureOr<std::string> makeInputsDynamic(const std::string &modelPath,
                                         std::string &error) {
  auto buffer = MemoryBuffer::getFile(modelPath);
  ::onnx::ModelProto model;
  if (!buffer || !model.ParseFromArray((*buffer)->getBufferStart(),
                                       (*buffer)->getBufferSize())) {
    error = "cannot read " + modelPath;
    return failure();
  }
  StringSet<> initializers;
  for (const auto &initializer : model.graph().initializer())
    initializers.insert(initializer.name());
  for (auto &input : *model.mutable_graph()->mutable_input()) {
    if (initializers.contains(input.name()) || !input.type().has_tensor_type())
      continue;
    auto *shape = input.mutable_type()->mutable_tensor_type()->mutable_shape();
    for (auto [index, dim] : llvm::enumerate(*shape->mutable_dim()))
      dim.set_dim_param(input.name() + "_d" + std::to_string(index));
  }
  return model.SerializeAsString();
}

/// Runs in the child: compile, load, run, compare.
std::string runCase(const Case &testCase, const std::string &soPath,
                    const std::string &resultPath) {
  writeResult(resultPath, "FAIL compile: crashed");
  {
    auto context = onnxc::createContext();
    std::string diagnostics;
    raw_string_ostream os(diagnostics);
    mlir::ScopedDiagnosticHandler handler(
        context.get(), [&](mlir::Diagnostic &diagnostic) {
          onnxc::printDiagnostic(diagnostic, os);
          return mlir::success();
        });
    onnxc::CompileOptions options;
    options.optLevel = 1;
    options.testParallelTiles = testParallelTiles;
    std::string modelPath = testCase.dir + "/model.onnx";
    LogicalResult compiled = failure();
    if (dynamicShapes) {
      std::string error;
      FailureOr<std::string> bytes = makeInputsDynamic(modelPath, error);
      if (failed(bytes))
        return "FAIL data: " + error;
      auto module = onnxc::importONNXModelFromBuffer(
          context.get(), *bytes, modelPath, onnxc::ImportOptions());
      if (module)
        compiled = onnxc::compileModule(*context, std::move(module), soPath,
                                        options);
    } else {
      compiled = onnxc::compileModel(*context, modelPath, soPath, options);
    }
    if (failed(compiled)) {
      std::string firstLine = StringRef(diagnostics).split('\n').first.str();
      return "FAIL compile: " + firstLine;
    }
  }

  writeResult(resultPath, "FAIL load: crashed");
  onnxc_model *rawModel = nullptr;
  StatusPtr status(onnxc_model_load(soPath.c_str(), &rawModel));
  if (status)
    return "FAIL load: " + statusMessage(status);
  std::unique_ptr<onnxc_model, void (*)(onnxc_model *)> model(
      rawModel, onnxc_model_free);

  std::error_code ec;
  std::vector<std::string> dataSets;
  for (sys::fs::directory_iterator it(testCase.dir, ec), end; it != end && !ec;
       it.increment(ec))
    if (StringRef(sys::path::filename(it->path())).starts_with("test_data_set_"))
      dataSets.push_back(it->path());
  std::sort(dataSets.begin(), dataSets.end());
  if (dataSets.empty())
    return "FAIL data: no test_data_set_* directory";

  onnxc::tensorio::CompareOptions tolerances;
  tolerances.rtol = relTolerance;
  tolerances.atol = absTolerance;
  for (const std::string &dataSet : dataSets) {
    std::string setName = sys::path::filename(dataSet).str();
    std::vector<TensorPtr> inputs, expected;
    auto readAll = [&](StringRef prefix, auto describe,
                       std::vector<TensorPtr> &tensors) -> std::string {
      for (const std::string &path : listFiles(dataSet, prefix)) {
        TensorPtr tensor;
        if (StatusPtr s = onnxc::tensorio::readTensorFile(path, tensor))
          return "FAIL data: " + statusMessage(s);
        onnxc_tensor_info info;
        if (StatusPtr s(describe(model.get(), tensors.size(), &info)); !s)
          if (StatusPtr r = relabelBFloat16(tensor, info.dtype))
            return "FAIL data: " + statusMessage(r);
        tensors.push_back(std::move(tensor));
      }
      return "";
    };
    if (std::string error = readAll("input", onnxc_model_input_info, inputs);
        !error.empty())
      return error;
    if (std::string error =
            readAll("output", onnxc_model_output_info, expected);
        !error.empty())
      return error;
    size_t numOutputs = onnxc_model_num_outputs(model.get());
    if (numOutputs != expected.size())
      return "FAIL run: the model has " + std::to_string(numOutputs) +
             " outputs, " + setName + " expects " +
             std::to_string(expected.size());

    std::vector<const onnxc_tensor *> inputPtrs;
    for (const TensorPtr &tensor : inputs)
      inputPtrs.push_back(tensor.get());
    std::vector<onnxc_tensor *> outputs(numOutputs, nullptr);
    writeResult(resultPath, "FAIL run: crashed in " + setName);
    StatusPtr runStatus(onnxc_model_run(model.get(), inputPtrs.data(),
                                        inputPtrs.size(), outputs.data(),
                                        outputs.size()));
    if (runStatus)
      return "FAIL run: " + statusMessage(runStatus);
    std::vector<TensorPtr> owned;
    for (onnxc_tensor *output : outputs)
      owned.emplace_back(output);
    for (size_t k = 0; k < numOutputs; ++k) {
      auto result =
          onnxc::tensorio::compareTensors(*owned[k], *expected[k], tolerances);
      if (result.match)
        continue;
      std::string reason;
      raw_string_ostream rs(reason);
      rs << "FAIL compare: " << setName << " output " << k << ": ";
      if (!result.shapeError.empty())
        rs << result.shapeError;
      else
        rs << result.numMismatches << " of " << result.numElements
           << " elements differ, max abs error " << result.maxAbsError
           << " at index " << result.worstIndex << " (got "
           << result.worstActual << ", expected " << result.worstExpected
           << ")";
      return reason;
    }
  }
  return "PASS";
}

std::vector<Case> collectCases() {
  std::vector<Case> cases;
  std::optional<Regex> pattern;
  if (!filter.empty())
    pattern.emplace(filter);
  for (const std::string &suite : suites) {
    auto add = [&](const std::string &dir) {
      std::string name = sys::path::filename(dir).str();
      if (!sys::fs::exists(dir + "/model.onnx"))
        return;
      if (pattern && !pattern->match(name))
        return;
      cases.push_back({name, dir});
    };
    if (sys::fs::exists(suite + "/model.onnx")) {
      add(suite);
      continue;
    }
    std::error_code ec;
    for (sys::fs::directory_iterator it(suite, ec), end; it != end && !ec;
         it.increment(ec))
      add(it->path());
    if (ec)
      errs() << "onnxc-e2e: cannot read " << suite << ": " << ec.message()
             << "\n";
  }
  std::sort(cases.begin(), cases.end(),
            [](const Case &a, const Case &b) { return a.name < b.name; });
  return cases;
}

StringSet<> readExpected() {
  StringSet<> expected;
  if (expectedPath.empty())
    return expected;
  auto buffer = MemoryBuffer::getFile(expectedPath);
  if (!buffer)
    return expected;
  SmallVector<StringRef> lines;
  (*buffer)->getBuffer().split(lines, '\n');
  for (StringRef line : lines) {
    line = line.split('#').first.trim();
    if (!line.empty())
      expected.insert(line);
  }
  return expected;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "Runs ONNX backend test cases through onnxc\n");
  auto start = std::chrono::steady_clock::now();

  std::vector<Case> cases = collectCases();
  if (cases.empty()) {
    errs() << "onnxc-e2e: no cases found\n";
    return 1;
  }
  SmallString<128> work(workDir);
  if (work.empty() &&
      sys::fs::createUniqueDirectory("onnxc-e2e", work)) {
    errs() << "onnxc-e2e: cannot create a work directory\n";
    return 1;
  }
  sys::fs::create_directories(work);
  unsigned parallel = jobs ? jobs : std::max(1u, std::thread::hardware_concurrency());

  struct Running {
    size_t index;
    std::chrono::steady_clock::time_point started;
  };
  std::map<pid_t, Running> running;
  std::vector<std::string> outcomes(cases.size());
  size_t next = 0;
  auto resultFile = [&](size_t i) {
    return (work + "/" + cases[i].name + ".result").str();
  };
  auto finish = [&](size_t i, int waitStatus, bool timedOut) {
    std::string outcome;
    std::ifstream in(resultFile(i));
    std::getline(in, outcome);
    if (timedOut)
      outcome = "FAIL timeout: over " + std::to_string(timeoutSeconds) + " s (" +
                outcome + ")";
    else if (WIFSIGNALED(waitStatus))
      outcome += " (signal " + std::to_string(WTERMSIG(waitStatus)) + ")";
    else if (outcome.empty())
      outcome = "FAIL harness: no result";
    outcomes[i] = outcome;
    sys::fs::remove(resultFile(i));
    sys::fs::remove(work + "/" + cases[i].name + ".so");
    if (verbose || outcome != "PASS")
      outs() << (outcome == "PASS" ? "PASS " : "") << cases[i].name
             << (outcome == "PASS" ? "" : ": " + outcome) << "\n";
    outs().flush();
  };

  while (next < cases.size() || !running.empty()) {
    while (next < cases.size() && running.size() < parallel) {
      size_t i = next++;
      outs().flush();
      pid_t pid = fork();
      if (pid == 0) {
        std::string soPath = (work + "/" + cases[i].name + ".so").str();
        std::string outcome = runCase(cases[i], soPath, resultFile(i));
        writeResult(resultFile(i), outcome);
        _exit(0);
      }
      if (pid < 0) {
        outcomes[i] = "FAIL harness: fork failed";
        continue;
      }
      running[pid] = {i, std::chrono::steady_clock::now()};
    }
    int waitStatus = 0;
    pid_t done = waitpid(-1, &waitStatus, WNOHANG);
    if (done > 0) {
      auto it = running.find(done);
      if (it != running.end()) {
        finish(it->second.index, waitStatus, false);
        running.erase(it);
      }
      continue;
    }
    auto now = std::chrono::steady_clock::now();
    for (auto it = running.begin(); it != running.end();) {
      if (now - it->second.started > std::chrono::seconds(timeoutSeconds)) {
        kill(it->first, SIGKILL);
        waitpid(it->first, &waitStatus, 0);
        finish(it->second.index, waitStatus, true);
        it = running.erase(it);
      } else {
        ++it;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  StringSet<> expected = readExpected();
  size_t passed = 0, failed = 0;
  std::vector<std::string> regressions, newPasses;
  StringSet<> seen;
  for (size_t i = 0; i < cases.size(); ++i) {
    bool pass = outcomes[i] == "PASS";
    (pass ? passed : failed)++;
    seen.insert(cases[i].name);
    if (pass && !expected.contains(cases[i].name))
      newPasses.push_back(cases[i].name);
    if (!pass && expected.contains(cases[i].name))
      regressions.push_back(cases[i].name + ": " + outcomes[i]);
  }
  if (filter.empty())
    for (const auto &entry : expected)
      if (!seen.contains(entry.getKey()))
        regressions.push_back(entry.getKey().str() + ": listed but not found");

  if (!resultsPath.empty()) {
    std::ofstream results(resultsPath);
    for (size_t i = 0; i < cases.size(); ++i)
      results << cases[i].name << ' ' << outcomes[i] << '\n';
  }
  if (updateExpected && !expectedPath.empty()) {
    std::ofstream list(expectedPath);
    list << "# ONNX backend cases expected to pass (onnxc-e2e "
            "--update-expected).\n";
    for (size_t i = 0; i < cases.size(); ++i)
      if (outcomes[i] == "PASS")
        list << cases[i].name << '\n';
  }

  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  for (const std::string &name : newPasses)
    outs() << "NEW PASS " << name
           << (expectedPath.empty() ? "" : " (not yet in the expected list)")
           << "\n";
  for (const std::string &regression : regressions)
    outs() << "REGRESSION " << regression << "\n";
  outs() << "onnxc-e2e: " << cases.size() << " cases in "
         << format("%.1f", seconds) << " s; " << regressions.size()
         << " regressions, " << newPasses.size() << " newly passing\n";
  outs() << passed << " passed, " << failed << " failed\n";
  return !expectedPath.empty() && !updateExpected && !regressions.empty();
}
