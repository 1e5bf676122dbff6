// Writes tests/fixtures/tokenizers/<name>/golden.json: the reference ids and decodes of the corpus,
// produced by @huggingface/tokenizers. Run: npm install && node make-goldens.mjs
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { corpus } from "./corpus.mjs";
import { fixturesDir, fixtureNames, loadFixture } from "./fixtures.mjs";

const version = JSON.parse(
  readFileSync(new URL("./node_modules/@huggingface/tokenizers/package.json", import.meta.url), "utf8"),
).version;

// Decode as the Rust tokenizers library does: no transformers-style clean-up of spaces.
function decode(tokenizer, ids, skip) {
  if (ids.length === 0) return ""; // the JS port rejects empty input; an empty decode is empty by definition
  return tokenizer.decode(ids, { skip_special_tokens: skip, clean_up_tokenization_spaces: false });
}

// Deterministic pseudo-random id sequences (mulberry32) to check decode on ids no encoder would produce,
// e.g. lone UTF-8 continuation bytes and special tokens in odd places.
function randomIdSequences(vocabSize, count, seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const sequences = [];
  for (let i = 0; i < count; i++) {
    const length = 1 + Math.floor(next() * 12);
    const ids = [];
    for (let j = 0; j < length; j++) {
      // One id in four is drawn from the low ids, where byte tokens and special tokens live.
      ids.push(next() < 0.25 ? Math.floor(next() * 300) : Math.floor(next() * vocabSize));
    }
    sequences.push(ids);
  }
  return sequences;
}

for (const name of fixtureNames) {
  const dir = join(fixturesDir, name);
  const { tokenizerJson, config } = loadFixture(dir);
  const tokenizer = new Tokenizer(tokenizerJson, config);
  const encode = corpus.map((text) => {
    const ids = tokenizer.encode(text, { add_special_tokens: true }).ids;
    const idsNoSpecial = tokenizer.encode(text, { add_special_tokens: false }).ids;
    return {
      text,
      ids,
      ids_no_special: idsNoSpecial,
      decoded: decode(tokenizer, ids, false),
      decoded_skip_special: decode(tokenizer, ids, true),
    };
  });
  const vocabSize = tokenizer.get_vocab(true).size;
  const decodeCases = randomIdSequences(vocabSize, 40, 1234).map((ids) => ({
    ids,
    decoded: decode(tokenizer, ids, false),
    decoded_skip_special: decode(tokenizer, ids, true),
  }));
  const golden = { generator: `@huggingface/tokenizers ${version}`, tokenizer: name, vocab_size: vocabSize, encode, decode: decodeCases };
  writeFileSync(join(dir, "golden.json"), JSON.stringify(golden, null, 1) + "\n");
  console.log(`${name}: ${encode.length} encode cases, ${decodeCases.length} decode cases, vocab ${vocabSize}`);
}
