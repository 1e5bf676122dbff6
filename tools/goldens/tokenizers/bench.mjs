// Node side of `Inference.Bench tokenizer`: encodes every line of a corpus file with @huggingface/tokenizers and
// prints one JSON object with the time of each repeat. Usage: node bench.mjs <fixtureDir> <corpusFile> <repeats>
import { readFileSync } from "node:fs";
import { Tokenizer } from "@huggingface/tokenizers";
import { loadFixture } from "./fixtures.mjs";

const [fixtureDir, corpusFile, repeatsArg] = process.argv.slice(2);
const repeats = Number.parseInt(repeatsArg ?? "5", 10);
const { tokenizerJson, config } = loadFixture(fixtureDir);
const tokenizer = new Tokenizer(tokenizerJson, config);
const corpus = readFileSync(corpusFile, "utf8");
const lines = corpus.split("\n");
const version = JSON.parse(
  readFileSync(new URL("./node_modules/@huggingface/tokenizers/package.json", import.meta.url), "utf8"),
).version;

// FNV-1a over the ids, so the caller can check that both implementations produced the same tokens.
function encodeAll() {
  let hash = 0x811c9dc5;
  let tokens = 0;
  for (const line of lines) {
    const ids = tokenizer.encode(line, { add_special_tokens: false }).ids;
    tokens += ids.length;
    for (const id of ids) {
      hash = Math.imul(hash ^ id, 0x01000193) >>> 0;
    }
  }
  return { tokens, hash };
}

const warmUpPasses = 3; // same as the .NET side: lets the JIT and the BPE cache settle
const warm = encodeAll();
for (let w = 1; w < warmUpPasses; w++) encodeAll();
const seconds = [];
for (let r = 0; r < repeats; r++) {
  const start = process.hrtime.bigint();
  encodeAll();
  seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
}
console.log(JSON.stringify({ library: `@huggingface/tokenizers ${version}`, node: process.version, seconds, tokens: warm.tokens, checksum: warm.hash }));
