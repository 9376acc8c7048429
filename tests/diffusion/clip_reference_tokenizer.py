#!/usr/bin/env python3
"""Reference CLIP tokenizer for the test fixtures: openai/CLIP simple_tokenizer.py, kept line
for line, with only the two changes this machine forces (standard library only):

  * ftfy.fix_text is not applied (ReplicaScope's C++ tokenizer does not apply it either);
  * the third-party `regex` pattern [\\p{L}] / [\\p{N}] is written for the standard `re` module as
    explicit character classes built from unicodedata.category() (L* = letters, N* = numbers),
    keeping the alternation order and re.IGNORECASE.

html.unescape, re.sub(r'\\s+', ...), str.strip() and str.lower() are the real Python ones, so
the fixtures do not depend on the C++ Unicode/HTML tables they check.

Usage:
  clip_reference_tokenizer.py VOCAB.txt.gz PROMPTS.json [MORE.json ...] > expected_ids.json
  (each PROMPTS.json is a JSON array of strings; output: [{"prompt", "ids", "truncated"}])
"""
import gzip
import html
import json
import re
import sys
import unicodedata
from functools import lru_cache

CONTEXT_LENGTH = 77


@lru_cache()
def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(2**8):
        if b not in bs:
            bs.append(b)
            cs.append(2**8 + n)
            n += 1
    cs = [chr(n) for n in cs]
    return dict(zip(bs, cs))


def get_pairs(word):
    pairs = set()
    prev_char = word[0]
    for char in word[1:]:
        pairs.add((prev_char, char))
        prev_char = char
    return pairs


def basic_clean(text):
    # text = ftfy.fix_text(text)   # not applied (see module docstring)
    text = html.unescape(html.unescape(text))
    return text.strip()


def whitespace_clean(text):
    text = re.sub(r'\s+', ' ', text)
    text = text.strip()
    return text


def _category_class(prefix):
    """A re character-class body matching every code point whose general category starts with prefix."""
    parts = []
    start = None
    for cp in range(0x110001):
        inside = cp <= 0x10FFFF and unicodedata.category(chr(cp)).startswith(prefix)
        if inside and start is None:
            start = cp
        elif not inside and start is not None:
            end = cp - 1
            parts.append("\\U%08x" % start if start == end else "\\U%08x-\\U%08x" % (start, end))
            start = None
    return "".join(parts)


class SimpleTokenizer(object):
    def __init__(self, bpe_path):
        self.byte_encoder = bytes_to_unicode()
        self.byte_decoder = {v: k for k, v in self.byte_encoder.items()}
        merges = gzip.open(bpe_path).read().decode("utf-8").split('\n')
        merges = merges[1:49152 - 256 - 2 + 1]
        merges = [tuple(merge.split()) for merge in merges]
        vocab = list(bytes_to_unicode().values())
        vocab = vocab + [v + '</w>' for v in vocab]
        for merge in merges:
            vocab.append(''.join(merge))
        vocab.extend(['<|startoftext|>', '<|endoftext|>'])
        self.encoder = dict(zip(vocab, range(len(vocab))))
        self.decoder = {v: k for k, v in self.encoder.items()}
        self.bpe_ranks = dict(zip(merges, range(len(merges))))
        self.cache = {'<|startoftext|>': '<|startoftext|>', '<|endoftext|>': '<|endoftext|>'}
        L = _category_class("L")
        N = _category_class("N")
        self.pat = re.compile(
            r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[%s]+|[%s]|[^\s%s%s]+""" % (L, N, L, N),
            re.IGNORECASE)

    def bpe(self, token):
        if token in self.cache:
            return self.cache[token]
        word = tuple(token[:-1]) + (token[-1] + '</w>',)
        pairs = get_pairs(word)

        if not pairs:
            return token + '</w>'

        while True:
            bigram = min(pairs, key=lambda pair: self.bpe_ranks.get(pair, float('inf')))
            if bigram not in self.bpe_ranks:
                break
            first, second = bigram
            new_word = []
            i = 0
            while i < len(word):
                try:
                    j = word.index(first, i)
                    new_word.extend(word[i:j])
                    i = j
                except ValueError:
                    new_word.extend(word[i:])
                    break

                if word[i] == first and i < len(word) - 1 and word[i + 1] == second:
                    new_word.append(first + second)
                    i += 2
                else:
                    new_word.append(word[i])
                    i += 1
            new_word = tuple(new_word)
            word = new_word
            if len(word) == 1:
                break
            else:
                pairs = get_pairs(word)
        word = ' '.join(word)
        self.cache[token] = word
        return word

    def encode(self, text):
        bpe_tokens = []
        text = whitespace_clean(basic_clean(text)).lower()
        for token in re.findall(self.pat, text):
            token = ''.join(self.byte_encoder[b] for b in token.encode('utf-8'))
            bpe_tokens.extend(self.encoder[bpe_token] for bpe_token in self.bpe(token).split(' '))
        return bpe_tokens


def tokenize(tokenizer, text):
    """clip.tokenize(..., truncate=True) without the zero padding: BOS ... EOS, at most 77."""
    sot = tokenizer.encoder["<|startoftext|>"]
    eot = tokenizer.encoder["<|endoftext|>"]
    tokens = [sot] + tokenizer.encode(text) + [eot]
    truncated = len(tokens) > CONTEXT_LENGTH
    if truncated:
        tokens = tokens[:CONTEXT_LENGTH]
        tokens[-1] = eot
    return tokens, truncated


def main():
    tokenizer = SimpleTokenizer(sys.argv[1])
    out = []
    seen = set()
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            for prompt in json.load(f):
                if prompt in seen:
                    continue
                seen.add(prompt)
                ids, truncated = tokenize(tokenizer, prompt)
                out.append({"prompt": prompt, "ids": ids, "truncated": truncated})
    sys.stdout.write("[\n" + ",\n".join(json.dumps(e, ensure_ascii=True) for e in out) + "\n]\n")


if __name__ == "__main__":
    main()
