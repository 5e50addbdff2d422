// Runs an ONNX model with ONNX Runtime (onnxruntime-node) on TensorProto
// files and writes its outputs as TensorProto files, the form onnxc-run reads
// and writes, so that the two can be compared file by file.
//
//   node ort_run.js MODEL.onnx OUT_DIR [--threads N] [--bench N] IN.pb...
//
// Prints one JSON line: {"outputs": [...], "median_ms": ..., "min_ms": ...}.
// ONNX Runtime is a test and benchmark reference only; the module is found
// through NODE_PATH (the test suite installs it into the build directory).
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

// ONNX TensorProto.DataType <-> onnxruntime-node tensor type and array.
const kTypes = {
  1: ['float32', Float32Array],
  2: ['uint8', Uint8Array],
  3: ['int8', Int8Array],
  4: ['uint16', Uint16Array],
  5: ['int16', Int16Array],
  6: ['int32', Int32Array],
  7: ['int64', BigInt64Array],
  9: ['bool', Uint8Array],
  10: ['float16', Uint16Array],
  11: ['float64', Float64Array],
  12: ['uint32', Uint32Array],
  13: ['uint64', BigUint64Array],
};

function usage(message) {
  process.stderr.write(`ort_run.js: error: ${message}\n` +
      'usage: node ort_run.js MODEL.onnx OUT_DIR [--threads N] [--bench N] IN.pb...\n');
  process.exit(2);
}

// Minimal protobuf reader for the TensorProto fields onnxc's test data uses.
class Reader {
  constructor(buf) { this.buf = buf; this.pos = 0; }
  done() { return this.pos >= this.buf.length; }
  varint() {
    let result = 0n, shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7n;
    }
  }
  bytes() {
    const n = Number(this.varint());
    if (this.pos + n > this.buf.length) throw new Error('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(wire) {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

function readTensor(file) {
  const r = new Reader(fs.readFileSync(file));
  const dims = [];
  let type = 0, name = '', raw = null;
  const typed = {4: [], 5: [], 7: [], 10: []};
  while (!r.done()) {
    const key = Number(r.varint());
    const field = key >> 3, wire = key & 7;
    if (field === 1 && wire === 0) dims.push(Number(BigInt.asIntN(64, r.varint())));
    else if (field === 1 && wire === 2) {
      const p = new Reader(r.bytes());
      while (!p.done()) dims.push(Number(BigInt.asIntN(64, p.varint())));
    } else if (field === 2) type = Number(r.varint());
    else if (field === 8) name = r.bytes().toString('utf8');
    else if (field === 9) raw = r.bytes();
    else if (field in typed && wire === 2) typed[field].push(r.bytes());
    else r.skip(wire);
  }
  if (!(type in kTypes)) throw new Error(`${file}: unsupported element type ${type}`);
  const [ortType, ArrayType] = kTypes[type];
  const count = dims.reduce((a, b) => a * b, 1);
  let data;
  if (raw) {
    data = new ArrayType(count);
    Buffer.from(data.buffer).set(raw.subarray(0, count * ArrayType.BYTES_PER_ELEMENT));
  } else {
    throw new Error(`${file}: only raw_data tensors are supported`);
  }
  return {name, tensor: new ort.Tensor(ortType, data, dims)};
}

function writeVarint(parts, value) {
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    bytes.push(b);
  } while (v);
  parts.push(Buffer.from(bytes));
}

function writeTensor(file, name, tensor) {
  const type = Object.keys(kTypes).find((k) => kTypes[k][0] === tensor.type);
  if (type === undefined) throw new Error(`output ${name}: unsupported type ${tensor.type}`);
  const parts = [];
  for (const d of tensor.dims) { writeVarint(parts, (1 << 3) | 0); writeVarint(parts, d); }
  writeVarint(parts, (2 << 3) | 0); writeVarint(parts, Number(type));
  const nameBytes = Buffer.from(name, 'utf8');
  writeVarint(parts, (8 << 3) | 2); writeVarint(parts, nameBytes.length); parts.push(nameBytes);
  const data = tensor.data;
  const raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  writeVarint(parts, (9 << 3) | 2); writeVarint(parts, raw.length); parts.push(raw);
  fs.writeFileSync(file, Buffer.concat(parts));
}

async function main() {
  const args = process.argv.slice(2);
  const positional = [];
  let threads = 1, bench = 0;
  for (let i = 0; i < args.length; ++i) {
    if (args[i] === '--threads') threads = Number(args[++i]);
    else if (args[i] === '--bench') bench = Number(args[++i]);
    else positional.push(args[i]);
  }
  if (positional.length < 2) usage('need MODEL.onnx and OUT_DIR');
  if (!(threads >= 1) || !(bench >= 0)) usage('--threads and --bench take a number');
  const [model, outDir, ...inputFiles] = positional;
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  if (inputFiles.length !== session.inputNames.length)
    usage(`the model has ${session.inputNames.length} inputs, ${inputFiles.length} files given`);
  const feeds = {};
  session.inputNames.forEach((name, i) => { feeds[name] = readTensor(inputFiles[i]).tensor; });

  let results = await session.run(feeds);
  const times = [];
  for (let i = 0; i < bench; ++i) {
    const start = process.hrtime.bigint();
    results = await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  fs.mkdirSync(outDir, {recursive: true});
  const outputs = session.outputNames.map((name, k) => {
    const file = path.join(outDir, `output_${k}.pb`);
    writeTensor(file, name, results[name]);
    return file;
  });
  times.sort((a, b) => a - b);
  const report = {outputs};
  if (times.length) {
    report.min_ms = times[0];
    report.median_ms = times[Math.floor(times.length / 2)];
  }
  process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((e) => { process.stderr.write(`ort_run.js: error: ${e.message}\n`); process.exit(2); });
