// Locates the tokenizer fixtures (tests/fixtures/tokenizers/<name>) and loads them for @huggingface/tokenizers.
import { readFileSync, existsSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const fixturesDir = join(repoRoot, "tests", "fixtures", "tokenizers");
export const fixtureNames = ["gpt2", "phi3", "qwen3", "qwen3-cl100k", "qwen3-o200k"];

function readJson(path) {
  const bytes = readFileSync(path);
  return JSON.parse((path.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8"));
}

// tokenizer.json may be committed gzipped (large vocabularies); either form is accepted.
// A folder with derived.json instead reuses another fixture's files with a different Split regex, so that more
// regex families are checked against the reference without committing another large vocabulary.
export function loadFixture(dir) {
  const derivedPath = join(dir, "derived.json");
  if (existsSync(derivedPath)) {
    const derived = readJson(derivedPath);
    const base = loadFixture(join(dir, "..", derived.base));
    base.tokenizerJson.pre_tokenizer.pretokenizers[0].pattern = { Regex: derived.split_regex };
    return base;
  }
  const plain = join(dir, "tokenizer.json");
  const tokenizerJson = readJson(existsSync(plain) ? plain : plain + ".gz");
  const configPath = join(dir, "tokenizer_config.json");
  const config = existsSync(configPath) ? readJson(configPath) : {};
  return { tokenizerJson, config };
}
