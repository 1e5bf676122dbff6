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

function toTensor(entry) {
  if (entry.dtype === "int64") return new ort.Tensor("int64", BigInt64Array.from(entry.data.map(BigInt)), entry.dims);
  return new ort.Tensor("float32", Float32Array.from(entry.data), entry.dims);
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
    let diff = 0;
    for (let i = 0; i < want.data.length; i++) diff = Math.max(diff, Math.abs(got.data[i] - want.data[i]));
    if (!(diff <= spec.tolerance)) failed = true;
    worst = Math.max(worst, diff);
  }
  console.log(`${c.name}: max |onnxruntime - pytorch| = ${worst.toExponential(3)} over ${c.compare.join(", ")}`);
}
console.log(failed ? `FAIL (tolerance ${spec.tolerance})` : `OK (tolerance ${spec.tolerance})`);
process.exit(failed ? 1 : 0);
