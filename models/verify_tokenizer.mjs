// Checks tokenizer.json with the reference implementation (npm @huggingface/tokenizers): encode(text).ids must
// equal the ids the Python training code used, and decode(ids) must give the text back.
// Usage: NODE_PATH=<dir with node_modules> node models/verify_tokenizer.mjs <tokenizer_cases.json>
// (the cases file is written by tokenizer_cases.py). Exits 1 on any mismatch.
import { createRequire } from "module";
import { readFileSync } from "fs";
import path from "path";

const require = createRequire(path.join(process.env.NODE_PATH ?? process.cwd(), "x.js"));
const { Tokenizer } = require("@huggingface/tokenizers");

const casesPath = process.argv[2];
const spec = JSON.parse(readFileSync(casesPath, "utf8"));
const dir = path.resolve(path.dirname(casesPath), spec.tokenizer_dir);
const tokenizer = new Tokenizer(JSON.parse(readFileSync(path.join(dir, "tokenizer.json"), "utf8")),
                                JSON.parse(readFileSync(path.join(dir, "tokenizer_config.json"), "utf8")));
let failed = 0;
for (const c of spec.cases) {
  const ids = tokenizer.encode(c.text).ids;
  const decoded = tokenizer.decode(ids);
  if (c.ids === null) {
    // Python refuses text with characters outside the vocabulary; the reference must not reproduce it either.
    const ok = decoded !== c.text;
    console.log(`${ok ? "ok  " : "FAIL"} not encodable ${JSON.stringify(c.text)} -> ${JSON.stringify(decoded)}`);
    if (!ok) failed++;
    continue;
  }
  const same = JSON.stringify(ids) === JSON.stringify(c.ids);
  const roundTrip = decoded === c.text;
  if (!same || !roundTrip) failed++;
  console.log(`${same && roundTrip ? "ok  " : "FAIL"} ${ids.length} ids, round trip ${roundTrip}: ${JSON.stringify(c.text).slice(0, 70)}`);
  if (!same) console.log(`  python ${JSON.stringify(c.ids)}\n  ref    ${JSON.stringify(ids)}`);
}
console.log(failed ? `FAIL: ${failed} case(s)` : "OK");
process.exit(failed ? 1 : 0);
