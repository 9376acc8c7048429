#!/usr/bin/env python3
"""Expected CLIP token ids from transformers for tests/fixtures/tokenizer/prompts.json.

Runs where transformers is installed (the GPU machine). Writes, per prompt, the ids from BOS to
EOS (truncated to 77) of CLIPTokenizerFast, and of the slow CLIPTokenizer where it differs
(without the ftfy package the slow tokenizer falls back to BERT-style cleaning that splits CJK
characters apart, unlike OpenAI's reference, so the fast tokenizer is the one to match).
Usage: tokenizer_reference.py TOKENIZER_DIR PROMPTS.json OUT.json
"""
import json
import sys

from transformers import CLIPTokenizer, CLIPTokenizerFast

folder, prompts_path, out_path = sys.argv[1:4]
prompts = json.load(open(prompts_path, encoding="utf-8"))
fast = CLIPTokenizerFast.from_pretrained(folder)
slow = CLIPTokenizer.from_pretrained(folder)
rows = []
for p in prompts:
    f = fast(p, truncation=True, max_length=77).input_ids
    s = slow(p, truncation=True, max_length=77).input_ids
    row = {"prompt": p, "ids": f}
    if s != f:
        row["slow_ids"] = s
    rows.append(row)
json.dump({"source": "transformers CLIPTokenizerFast", "transformers": __import__("transformers").__version__,
           "cases": rows}, open(out_path, "w", encoding="utf-8"), ensure_ascii=False, indent=0)
print(json.dumps({"prompts": len(rows), "slow_differs": sum("slow_ids" in r for r in rows)}))
