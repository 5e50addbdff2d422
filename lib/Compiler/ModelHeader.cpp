//===- ModelHeader.cpp - The C header of a statically linked model --------===//
//
// The header is generated from the model's text signature, the record the
// runtime itself parses (ModelABI.h), so its constants and what
// onnxc_model_from_descriptor() reports cannot disagree.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Compiler/ModelHeader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"

#include <optional>

using namespace mlir;

namespace onnxc {
namespace {

struct TensorRecord {
  std::string name;
  int64_t dtype = 0;
  /// -1 for a symbolic size.
  SmallVector<int64_t> dims;
  /// The symbol of each size; "" for a static or unnamed (`?`) size.
  SmallVector<std::string> dimNames;
};

struct SignatureRecord {
  std::string modelName;
  SmallVector<TensorRecord> inputs, outputs;
};

/// ModelABI.h: a byte outside '!'..'~', or '%', is written as %XX.
std::optional<std::string> percentDecode(StringRef encoded) {
  std::string decoded;
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != '%') {
      decoded.push_back(encoded[i]);
      continue;
    }
    unsigned byte;
    if (i + 2 >= encoded.size() ||
        encoded.substr(i + 1, 2).getAsInteger(16, byte) || byte == 0)
      return std::nullopt;
    decoded.push_back(static_cast<char>(byte));
    i += 2;
  }
  return decoded;
}

/// The enumerator of onnxc_runtime.h and the ONNX name of a supported dtype.
std::optional<std::pair<StringRef, StringRef>> getDTypeNames(int64_t dtype) {
  switch (dtype) {
  case 1: return std::make_pair("ONNXC_DTYPE_FLOAT", "float");
  case 2: return std::make_pair("ONNXC_DTYPE_UINT8", "uint8");
  case 3: return std::make_pair("ONNXC_DTYPE_INT8", "int8");
  case 4: return std::make_pair("ONNXC_DTYPE_UINT16", "uint16");
  case 5: return std::make_pair("ONNXC_DTYPE_INT16", "int16");
  case 6: return std::make_pair("ONNXC_DTYPE_INT32", "int32");
  case 7: return std::make_pair("ONNXC_DTYPE_INT64", "int64");
  case 9: return std::make_pair("ONNXC_DTYPE_BOOL", "bool");
  case 10: return std::make_pair("ONNXC_DTYPE_FLOAT16", "float16");
  case 11: return std::make_pair("ONNXC_DTYPE_DOUBLE", "double");
  case 12: return std::make_pair("ONNXC_DTYPE_UINT32", "uint32");
  case 13: return std::make_pair("ONNXC_DTYPE_UINT64", "uint64");
  case 16: return std::make_pair("ONNXC_DTYPE_BFLOAT16", "bfloat16");
  default: return std::nullopt;
  }
}

LogicalResult parseTensor(ArrayRef<StringRef> fields, TensorRecord &tensor,
                          std::string &error) {
  int64_t rank;
  if (fields.size() < 4 || fields[2].getAsInteger(10, tensor.dtype) ||
      fields[3].getAsInteger(10, rank) || rank < 0 ||
      fields.size() != 4 + static_cast<size_t>(rank)) {
    error = "malformed record '" + llvm::join(fields, " ") + "'";
    return failure();
  }
  std::optional<std::string> name = percentDecode(fields[1]);
  if (!name) {
    error = "malformed name '" + fields[1].str() + "'";
    return failure();
  }
  tensor.name = std::move(*name);
  if (!getDTypeNames(tensor.dtype)) {
    error = fields[0].str() + " '" + tensor.name + "' has ONNX dtype " +
            std::to_string(tensor.dtype) +
            ", which the onnxc runtime does not support";
    return failure();
  }
  for (StringRef dim : fields.drop_front(4)) {
    int64_t size;
    if (dim.consume_front("?")) {
      std::optional<std::string> symbol = percentDecode(dim);
      if (!symbol) {
        error = "malformed symbol '?" + dim.str() + "'";
        return failure();
      }
      tensor.dims.push_back(-1);
      tensor.dimNames.push_back(std::move(*symbol));
    } else if (!dim.getAsInteger(10, size) && size >= 0) {
      tensor.dims.push_back(size);
      tensor.dimNames.emplace_back();
    } else {
      error = "malformed dimension '" + dim.str() + "' of '" + tensor.name +
              "'";
      return failure();
    }
  }
  return success();
}

LogicalResult parseSignature(StringRef text, SignatureRecord &signature,
                             std::string &error) {
  SmallVector<StringRef> lines;
  text.split(lines, '\n', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  if (lines.empty() || lines.front() != "onnxc-signature 1") {
    error = "the signature does not start with 'onnxc-signature 1'";
    return failure();
  }
  for (StringRef line : llvm::drop_begin(lines)) {
    SmallVector<StringRef> fields;
    line.split(fields, ' ');
    if (fields[0] == "model" && fields.size() == 2) {
      std::optional<std::string> name = percentDecode(fields[1]);
      if (!name) {
        error = "malformed model name '" + fields[1].str() + "'";
        return failure();
      }
      signature.modelName = std::move(*name);
      continue;
    }
    bool isInput = fields[0] == "input";
    if (!isInput && fields[0] != "output") {
      error = "unknown record '" + line.str() + "'";
      return failure();
    }
    TensorRecord tensor;
    if (failed(parseTensor(fields, tensor, error)))
      return failure();
    (isInput ? signature.inputs : signature.outputs)
        .push_back(std::move(tensor));
  }
  return success();
}

/// `text` as a C string literal: every byte outside printable ASCII as three
/// octal digits, so that no following character can extend the escape, and
/// '?' escaped where it is code (`??/` is a trigraph in C89).
std::string quote(StringRef text, bool forComment) {
  std::string literal = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\' || (c == '?' && !forComment)) {
      literal += '\\';
      literal += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      literal += static_cast<char>(c);
    } else {
      literal += '\\';
      literal += static_cast<char>('0' + ((c >> 6) & 7));
      literal += static_cast<char>('0' + ((c >> 3) & 7));
      literal += static_cast<char>('0' + (c & 7));
    }
  }
  literal += '"';
  // A comment must not be closed early.
  if (forComment)
    for (size_t at = literal.find("*/"); at != std::string::npos;
         at = literal.find("*/", at))
      literal.replace(at, 2, "*\\/");
  return literal;
}

std::string cString(StringRef text) { return quote(text, /*forComment=*/false); }
std::string commentString(StringRef text) {
  return quote(text, /*forComment=*/true);
}

/// `[N, 16]`: symbols by name (quoted unless made of letters, digits and
/// '_'), `?` for an unnamed symbolic size.
std::string formatShape(const TensorRecord &tensor) {
  std::string text = "[";
  for (auto [index, size] : llvm::enumerate(tensor.dims)) {
    StringRef symbol = tensor.dimNames[index];
    if (index)
      text += ", ";
    if (size >= 0)
      text += std::to_string(size);
    else if (symbol.empty())
      text += "?";
    else if (llvm::all_of(symbol,
                          [](char c) { return llvm::isAlnum(c) || c == '_'; }))
      text += symbol;
    else
      text += commentString(symbol);
  }
  return text + "]";
}

void writeTensorMacros(llvm::raw_ostream &os, StringRef macroPrefix,
                       StringRef kind, size_t index,
                       const TensorRecord &tensor) {
  std::string macro =
      (macroPrefix + "_" + kind.upper() + "_" + Twine(index)).str();
  auto [enumerator, dtypeName] = *getDTypeNames(tensor.dtype);
  os << "/* " << kind << " " << index << " " << commentString(tensor.name)
     << ": " << dtypeName << " " << formatShape(tensor) << " */\n";
  os << "#define " << macro << "_NAME " << cString(tensor.name) << "\n";
  os << "#define " << macro << "_DTYPE " << enumerator << "\n";
  os << "#define " << macro << "_RANK " << tensor.dims.size() << "\n";
  // An empty brace list is not C99, so a scalar has no _DIMS.
  if (!tensor.dims.empty()) {
    os << "#define " << macro << "_DIMS {";
    llvm::interleave(tensor.dims, os, ", ");
    os << "}\n";
    os << "#define " << macro << "_DIM_NAMES {";
    llvm::interleave(
        tensor.dimNames, os,
        [&](const std::string &name) { os << cString(name); }, ", ");
    os << "}\n";
  }
  // Only a fully static shape has a count known now.
  int64_t count = 1;
  bool known = llvm::all_of(tensor.dims, [&](int64_t size) {
    return size >= 0 && !llvm::MulOverflow(count, size, count);
  });
  if (known)
    os << "#define " << macro << "_NUM_ELEMENTS " << count << "\n";
  os << "\n";
}

/// The static arrays of onnxc_tensor_info for one side of the signature;
/// nothing for an empty side (C has no empty arrays).
void writeInfoArray(llvm::raw_ostream &os, StringRef prefix,
                    StringRef macroPrefix, StringRef kind,
                    ArrayRef<TensorRecord> tensors) {
  if (tensors.empty())
    return;
  std::string upperKind = kind.upper();
  for (auto [index, tensor] : llvm::enumerate(tensors)) {
    if (tensor.dims.empty())
      continue;
    os << "static const int64_t " << prefix << "_" << kind << "_" << index
       << "_dims[] = " << macroPrefix << "_" << upperKind << "_" << index
       << "_DIMS;\n";
    os << "static const char *const " << prefix << "_" << kind << "_" << index
       << "_dim_names[] = " << macroPrefix << "_" << upperKind << "_" << index
       << "_DIM_NAMES;\n";
  }
  os << "static const onnxc_tensor_info " << prefix << "_" << kind << "s["
     << macroPrefix << "_NUM_" << upperKind << "S] = {\n";
  for (auto [index, tensor] : llvm::enumerate(tensors)) {
    std::string macro =
        (macroPrefix + "_" + upperKind + "_" + Twine(index)).str();
    os << "    {" << macro << "_NAME, " << macro << "_DTYPE, " << macro
       << "_RANK, ";
    if (tensor.dims.empty())
      os << "NULL, NULL";
    else
      os << prefix << "_" << kind << "_" << index << "_dims, " << prefix << "_"
         << kind << "_" << index << "_dim_names";
    os << "}" << (index + 1 < tensors.size() ? "," : "") << "\n";
  }
  os << "};\n";
}

} // namespace

LogicalResult writeModelHeader(StringRef signatureText, StringRef prefix,
                               llvm::raw_ostream &os, std::string &error) {
  SignatureRecord signature;
  if (failed(parseSignature(signatureText, signature, error)))
    return failure();
  std::string macroPrefix = prefix.upper();
  std::string guard = "ONNXC_MODEL_" + macroPrefix + "_H";

  os << "/* " << prefix << ".h - generated by onnxc (--emit=header); do not "
     << "edit.\n"
     << " *\n"
     << " * Model " << commentString(signature.modelName)
     << ", linked into the program from an object built by\n"
     << " * `onnxc --emit=obj --name=" << prefix
     << "`. Its signature, also given as constants below:\n";
  for (auto [index, tensor] : llvm::enumerate(signature.inputs))
    os << " *   input  " << index << " " << commentString(tensor.name) << ": "
       << getDTypeNames(tensor.dtype)->second << " " << formatShape(tensor)
       << "\n";
  for (auto [index, tensor] : llvm::enumerate(signature.outputs))
    os << " *   output " << index << " " << commentString(tensor.name) << ": "
       << getDTypeNames(tensor.dtype)->second << " " << formatShape(tensor)
       << "\n";
  os << " * A dimension given by a name, or '?', is symbolic: its size is "
        "known at run\n"
     << " * time and is -1 in the _DIMS constants.\n"
     << " *\n"
     << " *   onnxc_model *model;\n"
     << " *   onnxc_status *status = " << prefix << "_load(&model);\n"
     << " *   ... onnxc_model_run(model, inputs, " << macroPrefix
     << "_NUM_INPUTS,\n"
     << " *                       outputs, " << macroPrefix
     << "_NUM_OUTPUTS) ...\n"
     << " *   onnxc_model_free(model);\n"
     << " */\n"
     << "#ifndef " << guard << "\n"
     << "#define " << guard << "\n\n"
     << "#include <stddef.h>\n"
     << "#include <stdint.h>\n\n"
     << "#include \"onnxc/Runtime/onnxc_runtime.h\"\n\n"
     << "#ifdef __cplusplus\n"
     << "extern \"C\" {\n"
     << "#endif\n\n"
     << "/* The model's exported functions (onnxc/Runtime/ModelABI.h). */\n"
     << "const onnxc_model_abi *" << prefix << "_descriptor(void);\n"
     << "int32_t " << prefix
     << "_run(void *const *inputs, void *results, const char **error,\n"
     << "    const onnxc_model_exec *exec);\n\n"
     << "/* Creates a runtime model for the linked-in model; the caller frees "
        "it with\n"
     << " * onnxc_model_free(). */\n"
     << "static inline onnxc_status *" << prefix
     << "_load(onnxc_model **out) {\n"
     << "  return onnxc_model_from_descriptor(" << prefix
     << "_descriptor(), out);\n"
     << "}\n\n"
     << "#define " << macroPrefix << "_MODEL_NAME "
     << cString(signature.modelName) << "\n"
     << "#define " << macroPrefix << "_NUM_INPUTS " << signature.inputs.size()
     << "\n"
     << "#define " << macroPrefix << "_NUM_OUTPUTS "
     << signature.outputs.size() << "\n\n";
  for (auto [index, tensor] : llvm::enumerate(signature.inputs))
    writeTensorMacros(os, macroPrefix, "input", index, tensor);
  for (auto [index, tensor] : llvm::enumerate(signature.outputs))
    writeTensorMacros(os, macroPrefix, "output", index, tensor);
  os << "/* The same as onnxc_tensor_info records, in graph order (absent "
        "when a model\n"
     << " * has no inputs or no outputs). */\n";
  writeInfoArray(os, prefix, macroPrefix, "input", signature.inputs);
  writeInfoArray(os, prefix, macroPrefix, "output", signature.outputs);
  os << "\n#ifdef __cplusplus\n"
     << "}\n"
     << "#endif\n\n"
     << "#endif /* " << guard << " */\n";
  return success();
}

} // namespace onnxc
