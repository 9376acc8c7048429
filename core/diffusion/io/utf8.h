#pragma once
// UTF-8 encoding and validation, the one implementation in core/diffusion: the JSON reader and
// writer, safetensors' tensor names and the tokenizer's text (text/unicode_text.h) use it.
#include <cstddef>
#include <string>
#include <string_view>

namespace rs::diffusion {

void appendUtf8(std::string& out, char32_t cp);
// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t utf8SequenceLength(std::string_view s, std::size_t i);
// Whether s is well-formed UTF-8.
bool isValidUtf8(std::string_view s);

}  // namespace rs::diffusion
