"""The character-level tokenizer shared by the LM and the reward model, and the files that describe it.

tokenizer.json is a Hugging Face BPE model with one token per character and no merges: "\n" and every printable
ASCII character (space .. '~') are the 96 base tokens, ids 0..95; the special tokens follow. Python encodes with
the same rule (split out special tokens, then one id per character), and verify_tokenizer.mjs checks the files
against the reference implementation (npm @huggingface/tokenizers).
"""
import json
import re

BASE_CHARS = ["\n"] + [chr(c) for c in range(32, 127)]
ENDOFTEXT, IM_START, IM_END = "<|endoftext|>", "<|im_start|>", "<|im_end|>"
SPECIAL_TOKENS = [ENDOFTEXT, IM_START, IM_END]

VOCAB = {ch: i for i, ch in enumerate(BASE_CHARS)}
for _token in SPECIAL_TOKENS:
    VOCAB[_token] = len(VOCAB)
ID_TO_TOKEN = {i: t for t, i in VOCAB.items()}
VOCAB_SIZE = len(VOCAB)
ENDOFTEXT_ID, IM_START_ID, IM_END_ID = VOCAB[ENDOFTEXT], VOCAB[IM_START], VOCAB[IM_END]
BOS_ID, EOS_ID, PAD_ID = ENDOFTEXT_ID, IM_END_ID, ENDOFTEXT_ID

_SPECIAL_SPLIT = re.compile("(" + "|".join(re.escape(t) for t in SPECIAL_TOKENS) + ")")

CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


def encode(text: str):
    """Token ids of text; characters outside the vocabulary raise ValueError."""
    ids = []
    for piece in _SPECIAL_SPLIT.split(text):
        if piece in VOCAB and piece in SPECIAL_TOKENS:
            ids.append(VOCAB[piece])
            continue
        for ch in piece:
            if ch not in VOCAB:
                raise ValueError(f"character {ch!r} is not in the vocabulary")
            ids.append(VOCAB[ch])
    return ids


def decode(ids, skip_special_tokens=False):
    return "".join(ID_TO_TOKEN[i] for i in ids
                   if not (skip_special_tokens and ID_TO_TOKEN[i] in SPECIAL_TOKENS))


def render_prompt(user_text: str) -> str:
    """The chat template's rendering of one user message plus the generation prompt (what the LM continues)."""
    return f"{IM_START}user\n{user_text}{IM_END}\n{IM_START}assistant\n"


def tokenizer_json():
    added = [{"id": VOCAB[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for t in SPECIAL_TOKENS]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": None,
        "post_processor": None,
        "decoder": {"type": "Fuse"},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": {t: i for t, i in VOCAB.items() if t not in SPECIAL_TOKENS},
            "merges": [],
        },
    }


def tokenizer_config_json(model_max_length: int):
    return {
        "added_tokens_decoder": {str(VOCAB[t]): {"content": t, "lstrip": False, "normalized": False, "rstrip": False,
                                                 "single_word": False, "special": True} for t in SPECIAL_TOKENS},
        "additional_special_tokens": [IM_START, IM_END],
        "add_bos_token": False,
        "add_eos_token": False,
        "bos_token": ENDOFTEXT,
        "eos_token": IM_END,
        "pad_token": ENDOFTEXT,
        "unk_token": None,
        "chat_template": CHAT_TEMPLATE,
        "clean_up_tokenization_spaces": False,
        "model_max_length": model_max_length,
        "padding_side": "left",
        "tokenizer_class": "PreTrainedTokenizerFast",
    }


def write_tokenizer_files(directory: str, model_max_length: int, padding_side: str = "left"):
    config = tokenizer_config_json(model_max_length)
    config["padding_side"] = padding_side
    with open(f"{directory}/tokenizer.json", "w") as f:
        json.dump(tokenizer_json(), f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(f"{directory}/tokenizer_config.json", "w") as f:
        json.dump(config, f, indent=2, ensure_ascii=False)
        f.write("\n")
