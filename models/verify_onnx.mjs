// Checks an exported ONNX model with ONNX Runtime (npm onnxruntime-node) against outputs PyTorch computed.
// Usage: NODE_PATH=<dir with node_modules> node models/verify_onnx.mjs <cases.json> [model.onnx]
// The cases file is written by export_lm.py / export_reward.py (see onnx_cases.py for its format).
// Exits 1 when any compared output differs by more than the file's tolerance or has a different shape.
import { createRequire } from "module";
import { readFileSync } from "fs";
import path from "path";

const require = createRequire(path.join(process.env.NODE_PATH ?? process.cwd(), "x.js"));
const ort = require("onnxruntime-node");

const casesPath = process.argv[2];
if (!casesPath) {
  console.error("usage: node verify_onnx.mjs <cases.json> [model.onnx]");
  process.exit(2);
}
const spec = JSON.parse(readFileSync(casesPath, "utf8"));
const modelPath = process.argv[3] ?? path.resolve(path.dirname(casesPath), spec.model);

// IEEE 754 half <-> float, for float16 inputs and outputs (Node has no Float16Array).
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function toHalf(value) {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  let mant = x & 0x7fffff;
  if (exp >= 31) return sign | 0x7c00;
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - exp;
    let half = mant >> shift;
    if ((mant >> (shift - 1)) & 1 && ((mant & ((1 << (shift - 1)) - 1)) || (half & 1))) half++;
    return sign | half;
  }
  let half = sign | (exp << 10) | (mant >> 13);
  if ((mant & 0x1000) && ((mant & 0x2fff) || (half & 1))) half++;
  return half;
}
function fromHalf(h) {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

function toTensor(entry) {
  if (entry.dtype === "int64") return new ort.Tensor("int64", BigInt64Array.from(entry.data.map(BigInt)), entry.dims);
  if (entry.dtype === "int32") return new ort.Tensor("int32", Int32Array.from(entry.data), entry.dims);
  if (entry.dtype === "float16") return new ort.Tensor("float16", Uint16Array.from(entry.data.map(toHalf)), entry.dims);
  return new ort.Tensor("float32", Float32Array.from(entry.data), entry.dims);
}

function values(tensor) {
  return tensor.type === "float16" ? Array.from(tensor.data, fromHalf) : tensor.data;
}

const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 2 });
console.log(`model ${modelPath}`);
console.log(`inputs: ${session.inputNames.join(", ")}`);
console.log(`outputs: ${session.outputNames.join(", ")}`);

const results = [];
let failed = false;
for (const c of spec.cases) {
  const feeds = {};
  for (const [name, entry] of Object.entries(c.inputs)) feeds[name] = toTensor(entry);
  if (c.past_from !== null && c.past_from !== undefined) {
    for (const [name, value] of Object.entries(results[c.past_from])) {
      if (name.startsWith("present.")) feeds[name.replace("present.", "past_key_values.")] = value;
    }
  }
  const out = await session.run(feeds);
  results.push(out);
  let worst = 0;
  for (const name of c.compare) {
    const want = c.expected[name];
    const got = out[name];
    if (JSON.stringify(got.dims.map(Number)) !== JSON.stringify(want.dims)) {
      console.log(`  ${c.name}: ${name} shape ${got.dims} != expected ${want.dims}`);
      failed = true;
      continue;
    }
    const data = values(got);
    let diff = 0;
    for (let i = 0; i < want.data.length; i++) diff = Math.max(diff, Math.abs(data[i] - want.data[i]));
    if (!(diff <= spec.tolerance)) failed = true;
    worst = Math.max(worst, diff);
  }
  console.log(`${c.name}: max |onnxruntime - pytorch| = ${worst.toExponential(3)} over ${c.compare.join(", ")}`);
}
console.log(failed ? `FAIL (tolerance ${spec.tolerance})` : `OK (tolerance ${spec.tolerance})`);
process.exit(failed ? 1 : 0);
