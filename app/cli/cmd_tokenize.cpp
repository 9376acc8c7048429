// replicascope-cli tokenize: CLIP token ids of prompts, one JSON array per prompt (BOS..EOS).
#include "args.h"
#include "commands.h"

#include "base/resource_paths.h"
#include "diffusion/text/clip_tokenizer.h"

#include <cstdio>
#include <string>

namespace rs::cli {
namespace {

constexpr const char* kDefaultVocab = "clip/bpe_simple_vocab_16e6.txt.gz";

void printUsage(FILE* out) {
    std::fprintf(out,
                 "usage: replicascope-cli tokenize [--vocab FILE | --model DIR] [--cleaning transformers|openai]\n"
                 "                                 [--padded] PROMPT...\n\n"
                 "Prints, for each PROMPT, one line with the JSON array of its CLIP token ids from the start\n"
                 "marker (49406) to the end marker (49407), without padding: what the text encoder of a Stable\n"
                 "Diffusion model reads. --padded prints all 77 positions instead, padded with the model's pad\n"
                 "token (SD1: the end marker 49407; SD2: \"!\" = 0).\n"
                 "  --vocab FILE  openai/CLIP bpe_simple_vocab_16e6.txt(.gz)\n"
                 "  --model DIR   a diffusers model folder (uses DIR/tokenizer/: vocab.json, merges.txt and the\n"
                 "                pad token from its config)\n"
                 "Default: the CLIP vocabulary shipped with ReplicaScope (resources/%s).\n"
                 "  --cleaning    how text is cleaned before splitting: 'transformers' (default, what diffusers\n"
                 "                runs: Unicode NFC, whitespace collapsed, lowercased) or 'openai' (openai/CLIP's\n"
                 "                simple_tokenizer: HTML entities decoded twice, whitespace collapsed, lowercased)\n"
                 "A prompt over 75 tokens is cut to fit, with a warning on stderr.\n\n"
                 "Exit status: 0 success; 1 the vocabulary could not be loaded; 2 usage error.\n",
                 kDefaultVocab);
}

int fail(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli tokenize: %s\n", message.c_str());
    return 1;
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli tokenize: %s\n\n", message.c_str());
    printUsage(stderr);
    return 2;
}

}  // namespace

int runTokenize(int argc, char** argv) {
    Args args(argc, argv, {"--vocab", "--model", "--cleaning"}, {"--help", "--padded"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (args.has("--vocab") && args.has("--model")) return usageError("give --vocab or --model, not both");
    if (args.positional().empty()) return usageError("no PROMPT given");
    const std::string cleaning = args.value("--cleaning").value_or("transformers");
    if (cleaning != "transformers" && cleaning != "openai")
        return usageError("--cleaning must be 'transformers' or 'openai', not '" + cleaning + "'");

    Expected<diffusion::ClipTokenizer> tokenizer = makeError("");
    if (auto model = args.value("--model")) {
        tokenizer = diffusion::ClipTokenizer::fromModelFolder(*model);
    } else if (auto vocab = args.value("--vocab")) {
        tokenizer = diffusion::ClipTokenizer::fromBpeFile(*vocab);
    } else {
        const auto path = rs::findResource(kDefaultVocab);
        if (path.empty())
            return fail("the default CLIP vocabulary " + (rs::resourceDir() / kDefaultVocab).string() +
                        " is missing; pass --vocab FILE or --model DIR");
        tokenizer = diffusion::ClipTokenizer::fromBpeFile(path.string());
    }
    if (!tokenizer) return fail(tokenizer.message());
    tokenizer->setTextCleaning(cleaning == "openai" ? diffusion::TextCleaning::OpenAiClip
                                                    : diffusion::TextCleaning::Transformers);

    const bool padded = args.has("--padded");
    for (std::size_t i = 0; i < args.positional().size(); ++i) {
        const auto tokens = tokenizer->tokenize(args.positional()[i]);
        if (!tokens.warning.empty())
            std::fprintf(stderr, "replicascope-cli tokenize: prompt %zu: %s\n", i + 1, tokens.warning.c_str());
        const auto& ids = padded ? tokens.padded : tokens.ids;
        std::string line = "[";
        for (std::size_t k = 0; k < ids.size(); ++k) {
            if (k) line += ", ";
            line += std::to_string(ids[k]);
        }
        line += "]\n";
        std::fputs(line.c_str(), stdout);
    }
    return 0;
}

}  // namespace rs::cli
