//===- Signature.cpp - Parsing the text signature of a compiled model -----===//
//
// The format is specified in onnxc/Runtime/ModelABI.h. The text comes from a
// shared object, so it is treated as untrusted: every field is checked and
// any deviation is reported with its line number.
//
//===----------------------------------------------------------------------===//
#include "RuntimeInternal.h"

#include <limits>
#include <unordered_map>

using namespace onnxc::runtime;

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/// Parses a non-negative decimal without sign or leading '+'; false on
/// anything else or overflow of `limit`.
bool parseDecimal(const std::string &text, uint64_t limit, uint64_t &value) {
  if (text.empty() || text.size() > 20)
    return false;
  value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return false;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (limit - digit) / 10)
      return false;
    value = value * 10 + digit;
  }
  return true;
}

std::vector<std::string> splitFields(const std::string &line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t space = line.find(' ', start);
    if (space == std::string::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, space - start));
    start = space + 1;
  }
}

bool isSupportedDType(uint64_t value) {
  return value <= std::numeric_limits<int32_t>::max() &&
         onnxc_dtype_size(static_cast<onnxc_dtype>(value)) != 0;
}

/// Parses `input|output <name> <dtype> <rank> <dim>...` (fields[0] is the
/// kind, already checked).
bool parseTensorRecord(const std::vector<std::string> &fields,
                       TensorSignature &tensor, std::string &error) {
  if (fields.size() < 4) {
    error = "expected '" + fields[0] + " <name> <dtype> <rank> <dim>...'";
    return false;
  }
  if (fields[1].empty() || !percentDecode(fields[1], tensor.name)) {
    error = "malformed name '" + fields[1] + "'";
    return false;
  }
  uint64_t dtype = 0;
  if (!parseDecimal(fields[2], std::numeric_limits<uint32_t>::max(), dtype)) {
    error = "malformed dtype '" + fields[2] + "' of '" + tensor.name + "'";
    return false;
  }
  if (!isSupportedDType(dtype)) {
    error = "'" + tensor.name + "' has ONNX dtype " + std::to_string(dtype) +
            ", which the runtime does not support";
    return false;
  }
  tensor.dtype = static_cast<onnxc_dtype>(dtype);
  uint64_t rank = 0;
  if (!parseDecimal(fields[3], kMaxRank, rank)) {
    error = "malformed rank '" + fields[3] + "' of '" + tensor.name +
            "' (at most " + std::to_string(kMaxRank) + ")";
    return false;
  }
  if (fields.size() - 4 != rank) {
    error = "'" + tensor.name + "' has rank " + std::to_string(rank) +
            " but " + std::to_string(fields.size() - 4) + " dimensions";
    return false;
  }
  for (size_t i = 4; i < fields.size(); ++i) {
    const std::string &dim = fields[i];
    std::string symbol;
    uint64_t size = 0;
    if (!dim.empty() && dim[0] == '?') {
      if (dim.size() > 1 && !percentDecode(dim.substr(1), symbol)) {
        error = "malformed symbol '" + dim + "' in '" + tensor.name + "'";
        return false;
      }
      tensor.dims.push_back(-1);
    } else if (parseDecimal(dim, std::numeric_limits<int64_t>::max(), size)) {
      tensor.dims.push_back(static_cast<int64_t>(size));
    } else {
      error = "malformed dimension '" + dim + "' in '" + tensor.name + "'";
      return false;
    }
    tensor.dimNames.push_back(std::move(symbol));
  }
  return true;
}

} // namespace

bool onnxc::runtime::percentDecode(const std::string &encoded,
                                   std::string &decoded) {
  decoded.clear();
  for (size_t i = 0; i < encoded.size(); ++i) {
    char c = encoded[i];
    if (c < '!' || c > '~')
      return false;
    if (c != '%') {
      decoded.push_back(c);
      continue;
    }
    if (i + 2 >= encoded.size())
      return false;
    int hi = hexValue(encoded[i + 1]), lo = hexValue(encoded[i + 2]);
    if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
      return false;
    decoded.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

enum onnxc_status_code
onnxc::runtime::parseSignature(const char *text, ModelSignature &signature,
                               std::string &error) {
  if (!text) {
    error = "the model has no signature";
    return ONNXC_ERR_LOAD;
  }
  std::string all(text);
  size_t lineStart = 0;
  unsigned lineNo = 0;
  bool sawModel = false;
  std::unordered_map<std::string, int> inputNames, outputNames;
  std::unordered_map<std::string, int32_t> symbolIds;
  auto fail = [&](const std::string &message) {
    error = "malformed model signature, line " + std::to_string(lineNo) +
            ": " + message;
    return ONNXC_ERR_LOAD;
  };
  while (lineStart < all.size()) {
    size_t lineEnd = all.find('\n', lineStart);
    if (lineEnd == std::string::npos)
      lineEnd = all.size();
    std::string line = all.substr(lineStart, lineEnd - lineStart);
    lineStart = lineEnd + 1;
    ++lineNo;
    std::vector<std::string> fields = splitFields(line);
    const std::string &kind = fields[0];

    if (lineNo == 1) {
      if (fields.size() != 2 || kind != "onnxc-signature")
        return fail("expected 'onnxc-signature <version>'");
      if (fields[1] != "1") {
        error = "model signature version '" + fields[1] +
                "' is not supported (this runtime reads version 1)";
        return ONNXC_ERR_ABI_MISMATCH;
      }
      continue;
    }
    if (kind == "model") {
      // An ONNX graph may be unnamed, which leaves the field empty.
      if (fields.size() != 2)
        return fail("expected 'model <name>'");
      if (sawModel)
        return fail("second 'model' record");
      if (!percentDecode(fields[1], signature.name))
        return fail("malformed model name '" + fields[1] + "'");
      sawModel = true;
      continue;
    }
    if (kind != "input" && kind != "output")
      return fail(line.empty() ? "empty line"
                               : "unknown record '" + kind + "'");

    TensorSignature tensor;
    std::string recordError;
    if (!parseTensorRecord(fields, tensor, recordError))
      return fail(recordError);
    bool isInput = kind == "input";
    auto &names = isInput ? inputNames : outputNames;
    if (!names.emplace(tensor.name, 0).second)
      return fail("duplicate " + kind + " '" + tensor.name + "'");
    tensor.symbolIds.assign(tensor.dims.size(), -1);
    if (isInput) {
      for (size_t d = 0; d < tensor.dimNames.size(); ++d) {
        const std::string &symbol = tensor.dimNames[d];
        if (symbol.empty())
          continue;
        auto [it, inserted] = symbolIds.emplace(
            symbol, static_cast<int32_t>(signature.inputSymbols.size()));
        if (inserted)
          signature.inputSymbols.push_back(symbol);
        tensor.symbolIds[d] = it->second;
      }
    }
    (isInput ? signature.inputs : signature.outputs)
        .push_back(std::move(tensor));
  }
  if (lineNo == 0) {
    error = "the model signature is empty";
    return ONNXC_ERR_LOAD;
  }
  if (!sawModel)
    return fail("no 'model' record");

  // Only now are the strings at their final addresses.
  for (auto *list : {&signature.inputs, &signature.outputs})
    for (TensorSignature &tensor : *list)
      for (const std::string &name : tensor.dimNames)
        tensor.dimNamePtrs.push_back(name.c_str());
  return ONNXC_OK;
}
