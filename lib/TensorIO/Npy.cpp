//===- Npy.cpp - NumPy .npy files -----------------------------------------===//
//
// Format (numpy.lib.format): the magic "\x93NUMPY", a major and a minor
// version byte, the header length (2 bytes little-endian in version 1, 4 in
// versions 2 and 3), then a Python dict literal
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// padded with spaces and a newline, then the data.
//
//===----------------------------------------------------------------------===//
#include "Status.h"

#include <cstring>
#include <limits>

using namespace onnxc::tensorio;

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

struct DescrEntry {
  onnxc_dtype dtype;
  const char *descr; // without the byte-order character
};

// bfloat16 has no NumPy dtype and is left out.
constexpr DescrEntry kDescrs[] = {
    {ONNXC_DTYPE_FLOAT, "f4"},   {ONNXC_DTYPE_DOUBLE, "f8"},
    {ONNXC_DTYPE_FLOAT16, "f2"}, {ONNXC_DTYPE_BOOL, "b1"},
    {ONNXC_DTYPE_INT8, "i1"},    {ONNXC_DTYPE_UINT8, "u1"},
    {ONNXC_DTYPE_INT16, "i2"},   {ONNXC_DTYPE_UINT16, "u2"},
    {ONNXC_DTYPE_INT32, "i4"},   {ONNXC_DTYPE_UINT32, "u4"},
    {ONNXC_DTYPE_INT64, "i8"},   {ONNXC_DTYPE_UINT64, "u8"},
};

/// A tiny reader for the header's dict literal. It accepts exactly what
/// NumPy writes: string keys, and string, bool or int-tuple values.
class HeaderParser {
public:
  explicit HeaderParser(const std::string &text) : text(text) {}

  bool parse(std::string &descr, bool &fortranOrder,
             std::vector<int64_t> &shape, std::string &error) {
    bool sawDescr = false, sawOrder = false, sawShape = false;
    skipSpace();
    if (!consume('{'))
      return fail("expected '{'", error);
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (!parseString(key))
        return fail("expected a quoted key", error);
      skipSpace();
      if (!consume(':'))
        return fail("expected ':' after '" + key + "'", error);
      skipSpace();
      if (key == "descr") {
        if (!parseString(descr))
          return fail("'descr' is not a string (structured dtypes are not "
                      "supported)",
                      error);
        sawDescr = true;
      } else if (key == "fortran_order") {
        if (!parseBool(fortranOrder))
          return fail("'fortran_order' is not True or False", error);
        sawOrder = true;
      } else if (key == "shape") {
        if (!parseShape(shape))
          return fail("'shape' is not a tuple of non-negative integers",
                      error);
        sawShape = true;
      } else {
        return fail("unexpected key '" + key + "'", error);
      }
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume('}'))
        break;
      return fail("expected ',' or '}'", error);
    }
    if (!sawDescr || !sawOrder || !sawShape)
      return fail("the header lacks 'descr', 'fortran_order' or 'shape'",
                  error);
    return true;
  }

private:
  const std::string &text;
  size_t pos = 0;

  static bool fail(const std::string &message, std::string &error) {
    error = "malformed .npy header: " + message;
    return false;
  }
  void skipSpace() {
    while (pos < text.size() &&
           (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\t'))
      ++pos;
  }
  bool consume(char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  bool consumeWord(const char *word) {
    size_t n = std::strlen(word);
    if (text.compare(pos, n, word) != 0)
      return false;
    pos += n;
    return true;
  }
  bool parseString(std::string &out) {
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      return false;
    char quote = text[pos++];
    size_t end = text.find(quote, pos);
    if (end == std::string::npos)
      return false;
    out = text.substr(pos, end - pos);
    pos = end + 1;
    return true;
  }
  bool parseBool(bool &out) {
    if (consumeWord("True"))
      out = true;
    else if (consumeWord("False"))
      out = false;
    else
      return false;
    return true;
  }
  bool parseShape(std::vector<int64_t> &shape) {
    shape.clear();
    if (!consume('('))
      return false;
    while (true) {
      skipSpace();
      if (consume(')'))
        return true;
      if (pos >= text.size() || text[pos] < '0' || text[pos] > '9')
        return false;
      uint64_t value = 0;
      const uint64_t limit = std::numeric_limits<int64_t>::max();
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        uint64_t digit = static_cast<uint64_t>(text[pos++] - '0');
        if (value > (limit - digit) / 10)
          return false;
        value = value * 10 + digit;
      }
      consume('L'); // Python 2 long literals.
      shape.push_back(static_cast<int64_t>(value));
      skipSpace();
      if (consume(')'))
        return true;
      if (!consume(','))
        return false;
    }
  }
};

bool dtypeFromDescr(const std::string &descr, onnxc_dtype &dtype,
                    std::string &error) {
  if (descr.size() == 3) {
    char order = descr[0];
    std::string rest = descr.substr(1);
    for (const DescrEntry &entry : kDescrs) {
      if (rest != entry.descr)
        continue;
      bool singleByte = onnxc_dtype_size(entry.dtype) == 1;
      if (order == '<' || order == '=' || order == '|' ||
          (order == '>' && singleByte)) {
        dtype = entry.dtype;
        return true;
      }
      if (order == '>') {
        error = ".npy data is big-endian ('" + descr +
                "'); only little-endian is supported";
        return false;
      }
    }
  }
  error = "unsupported .npy dtype '" + descr + "'";
  return false;
}

uint32_t readLittleEndian(const unsigned char *p, size_t n) {
  uint32_t value = 0;
  for (size_t i = n; i-- > 0;)
    value = value << 8 | p[i];
  return value;
}

} // namespace

StatusPtr onnxc::tensorio::parseNpy(const void *bytes, size_t size,
                                    TensorPtr &tensor) {
  try {
    const auto *p = static_cast<const unsigned char *>(bytes);
    if (size < 10 || std::memcmp(p, kMagic, kMagicSize) != 0)
      return makeError("not a .npy file (bad magic)");
    unsigned major = p[6];
    if (major < 1 || major > 3)
      return makeError("unsupported .npy format version " +
                       std::to_string(major) + "." + std::to_string(p[7]));
    size_t lengthBytes = major == 1 ? 2 : 4;
    size_t headerStart = 8 + lengthBytes;
    if (size < headerStart)
      return makeError("truncated .npy header");
    size_t headerLength = readLittleEndian(p + 8, lengthBytes);
    if (headerLength > size - headerStart)
      return makeError("truncated .npy header");
    std::string header(reinterpret_cast<const char *>(p + headerStart),
                       headerLength);

    std::string descr, error;
    bool fortranOrder = false;
    std::vector<int64_t> shape;
    if (!HeaderParser(header).parse(descr, fortranOrder, shape, error))
      return makeError(error);
    if (fortranOrder)
      return makeError(".npy data is in Fortran order (fortran_order: True); "
                       "only C order is supported (save "
                       "numpy.ascontiguousarray(a) instead)");
    onnxc_dtype dtype = ONNXC_DTYPE_UNDEFINED;
    if (!dtypeFromDescr(descr, dtype, error))
      return makeError(error);

    TensorPtr result;
    if (StatusPtr st = createTensor(dtype, shape, ".npy array", result))
      return st;
    size_t nbytes = onnxc_tensor_nbytes(result.get());
    size_t dataSize = size - headerStart - headerLength;
    if (dataSize != nbytes)
      return makeError(".npy data has " + std::to_string(dataSize) +
                       " bytes, but shape " + formatShape(*result) + " of " +
                       onnxc_dtype_name(dtype) + " needs " +
                       std::to_string(nbytes));
    if (nbytes)
      std::memcpy(onnxc_tensor_data(result.get()),
                  p + headerStart + headerLength, nbytes);
    tensor = std::move(result);
    return nullptr;
  } catch (...) {
    return makeError("out of memory reading a .npy file",
                     ONNXC_ERR_OUT_OF_MEMORY);
  }
}

StatusPtr onnxc::tensorio::serializeNpy(const onnxc_tensor &tensor,
                                        std::string &bytes) {
  try {
    onnxc_dtype dtype = onnxc_tensor_dtype(&tensor);
    const char *descr = nullptr;
    for (const DescrEntry &entry : kDescrs)
      if (entry.dtype == dtype)
        descr = entry.descr;
    if (!descr)
      return makeError(std::string("NumPy has no dtype for ") +
                       onnxc_dtype_name(dtype) + "; use the TensorProto format");
    char order = onnxc_dtype_size(dtype) == 1 ? '|' : '<';

    std::string header = std::string("{'descr': '") + order + descr +
                         "', 'fortran_order': False, 'shape': (";
    int32_t rank = onnxc_tensor_rank(&tensor);
    const int64_t *dims = onnxc_tensor_dims(&tensor);
    for (int32_t i = 0; i < rank; ++i) {
      if (i > 0)
        header += ", ";
      header += std::to_string(dims[i]);
    }
    header += rank == 1 ? ",), }" : "), }";

    // NumPy pads with spaces and a newline so that the data starts at a
    // multiple of 64 bytes; version 2 has a 4-byte header length.
    auto padded = [&](size_t prefix) {
      size_t total = prefix + header.size() + 1;
      return header.size() + (64 - total % 64) % 64 + 1;
    };
    bool version1 = padded(10) <= 65535;
    size_t prefix = version1 ? 10 : 12;
    header.append(padded(prefix) - header.size() - 1, ' ');
    header += '\n';

    size_t nbytes = onnxc_tensor_nbytes(&tensor);
    bytes.clear();
    bytes.reserve(prefix + header.size() + nbytes);
    bytes.append(kMagic, kMagicSize);
    bytes += static_cast<char>(version1 ? 1 : 2);
    bytes += '\0';
    size_t length = header.size();
    for (size_t i = 0; i < (version1 ? 2u : 4u); ++i)
      bytes += static_cast<char>((length >> (8 * i)) & 0xff);
    bytes += header;
    if (nbytes)
      bytes.append(static_cast<const char *>(onnxc_tensor_data(&tensor)),
                   nbytes);
    return nullptr;
  } catch (...) {
    return makeError("out of memory writing a .npy file",
                     ONNXC_ERR_OUT_OF_MEMORY);
  }
}
