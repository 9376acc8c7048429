// replicascope-cli train (also the torch-only replicascope-train): trains the pixel-space
// diffusion model on a packed training file. Libtorch + rs_diffusion + args only, so the same
// file builds on a GPU machine without Qt/OpenCV/SQLite/OpenSSL.
#include "args.h"
#include "commands.h"
#include "interrupt.h"

#include "base/resource_paths.h"
#include "diffusion/models/model_folder.h"
#include "training/trainer.h"
#include "training/training_data.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace rs::cli {
namespace {

void printUsage(FILE* out) {
    std::fprintf(
        out,
        "usage: replicascope-cli train --data PACKED --out MODELDIR [options]\n"
        "       (replicascope-train takes the same options)\n\n"
        "Trains a small text-conditional pixel-space diffusion model (CLIP text encoder from scratch + UNet2D-\n"
        "ConditionModel on RGB, no VAE) on a packed training file from 'replicascope-cli dataset build', and writes\n"
        "it as a diffusers model folder with MODEL_CARD.md. Checkpoints go to MODELDIR/checkpoints/, the loss of\n"
        "every step to MODELDIR/loss.csv. Ctrl-C writes a checkpoint and stops; --resume continues exactly.\n\n"
        "options:\n"
        "  --data FILE              packed training file (training_set.rstrain)\n"
        "  --out DIR                model folder to write\n"
        "  --steps N                optimizer steps (default 12000)\n"
        "  --batch B                images per step (default 128)\n"
        "  --lr X                   peak learning rate, AdamW (default 3e-4)\n"
        "  --lr-schedule S          cosine | constant (default cosine), after --warmup N steps (default 250)\n"
        "  --weight-decay W         AdamW decoupled weight decay on weights (default 0.01)\n"
        "  --ema-decay D            EMA of the weights, the shipped weights (default 0.999)\n"
        "  --caption-dropout P      share of empty prompts, for classifier-free guidance (default 0.1)\n"
        "  --architecture A         default | wide | tiny (default: default)\n"
        "  --device D               cpu | cuda (default cpu)\n"
        "  --precision P            auto | fp32 | bf16 (auto: bf16 autocast on CUDA, fp32 on CPU)\n"
        "  --seed S                 seed of initial weights, data order and noise (default 1)\n"
        "  --resume                 continue from the newest checkpoint in --out\n"
        "  --checkpoint-every N     steps between checkpoints (default 1000; also at the end)\n"
        "  --export-every N         also write the EMA model to MODELDIR/snapshots/step-N/ every N steps\n"
        "  --export-at LIST         ... and at these steps, e.g. 250,500,1000,2000,4000\n"
        "  --probe-every N          memorization probe every N steps (it also runs at every export)\n"
        "  --no-probe               no memorization probe (by default it also runs after the last step)\n"
        "  --probe-generations G    seeds per caption in the probe (default 4)\n"
        "  --probe-steps S          DDIM steps in the probe (default 50)\n"
        "  --probe-guidance G       guidance scale in the probe (default 7.5)\n"
        "  --experiment-generations G  after the last step, G seeds for every caption -> MODELDIR/experiment.jsonl\n"
        "                           (the extraction experiment's raw data; default 0: none)\n"
        "  --experiment-steps S     DDIM steps in the experiment (default 50)\n"
        "  --experiment-guidance G  guidance scale in the experiment (default 7.5; 1 disables guidance)\n"
        "  --experiment-captions C  captions per duplicate count in the experiment (default 0: every caption)\n"
        "  --experiment-model DIR   no training: run the experiment on this trained model folder and write its\n"
        "                           raw data to --out FILE (.jsonl); --data is the model's packed training set\n"
        "  --log-every N            progress line every N steps (default 50)\n"
        "  --stop-after N           stop this run after N steps (checkpointed), e.g. to test --resume\n"
        "  --threads N              CPU threads for libtorch\n"
        "  --vocab FILE             CLIP bpe_simple_vocab_16e6.txt.gz (default: resources/clip/)\n");
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "train: %s\n\n", message.c_str());
    printUsage(stderr);
    return 2;
}

std::string defaultVocab() { return rs::findResource("clip/bpe_simple_vocab_16e6.txt.gz").string(); }

std::string quoted(const std::string& arg) {
    if (!arg.empty() && arg.find_first_of(" \t\"'$\\") == std::string::npos) return arg;
    std::string q = "'";
    for (char c : arg) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// The extraction experiment on a model folder the trainer wrote (pixel space, the packed set's
// image size): the same generations as --experiment-generations at the end of training.
int runExperimentOnModel(const std::string& modelDir, const diffusion::TrainingOptions& o) {
    diffusion::ModelLoadOptions load;
    load.device = o.device;
    auto model = diffusion::loadModelFolder(modelDir, load);
    if (!model) return std::fprintf(stderr, "train: %s\n", model.message().c_str()), 1;
    if (model->hasVae()) return std::fprintf(stderr, "train: %s is not a pixel-space model\n", modelDir.c_str()), 1;
    auto data = diffusion::readPackedTrainingSet(o.dataPath);
    if (!data) return std::fprintf(stderr, "train: %s\n", data.message().c_str()), 1;
    if (model->unetConfig.sampleSize != int64_t(data->height))
        return std::fprintf(stderr, "train: the model makes %lld px images, the training set has %u px\n",
                            static_cast<long long>(model->unetConfig.sampleSize), data->height),
               1;
    auto options = o.experiment;
    options.dumpPath = o.outDir;
    const auto started = std::chrono::steady_clock::now();
    auto result = diffusion::probeMemorization(model->textEncoder, model->unet, *data, o.device, options);
    if (!result) return std::fprintf(stderr, "train: %s\n", result.message().c_str()), 1;
    std::printf("experiment: %d seeds per caption, %s in %.1f s\nextracted/captions (mean closest tiled l2): %s\n",
                options.generations, options.dumpPath.c_str(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                result->summary().c_str());
    return 0;
}

}  // namespace

int runTrain(int argc, char** argv) {
    Args args(argc, argv,
              {"--data",
               "--out",
               "--steps",
               "--batch",
               "--lr",
               "--lr-schedule",
               "--warmup",
               "--weight-decay",
               "--ema-decay",
               "--caption-dropout",
               "--architecture",
               "--device",
               "--precision",
               "--seed",
               "--checkpoint-every",
               "--export-every",
               "--export-at",
               "--probe-every",
               "--probe-generations",
               "--probe-steps",
               "--probe-guidance",
               "--experiment-generations",
               "--experiment-steps",
               "--experiment-guidance",
               "--experiment-captions",
               "--experiment-model",
               "--log-every",
               "--stop-after",
               "--threads",
               "--vocab"},
              {"--resume", "--no-probe", "--help"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (!args.positional().empty()) return usageError("unexpected argument '" + args.positional()[0] + "'");
    if (!args.value("--data") || !args.value("--out")) return usageError("--data and --out are required");

    diffusion::TrainingOptions o;
    o.dataPath = *args.value("--data");
    o.outDir = *args.value("--out");
    o.bpeVocabPath = args.value("--vocab", defaultVocab());
    if (o.bpeVocabPath.empty()) return usageError("cannot find clip/bpe_simple_vocab_16e6.txt.gz; pass --vocab");
    o.architecture = args.value("--architecture", o.architecture);
    o.lrSchedule = args.value("--lr-schedule", o.lrSchedule);
    o.precision = args.value("--precision", o.precision);
    if (auto v = args.integer("--steps")) o.steps = *v;
    if (auto v = args.integer("--batch")) o.batchSize = *v;
    if (auto v = args.number("--lr")) o.learningRate = *v;
    if (auto v = args.integer("--warmup")) o.warmupSteps = *v;
    if (auto v = args.number("--weight-decay")) o.weightDecay = *v;
    if (auto v = args.number("--ema-decay")) o.emaDecay = *v;
    if (auto v = args.number("--caption-dropout")) o.captionDropout = *v;
    if (auto v = args.integer("--seed")) o.seed = uint64_t(*v);
    if (auto v = args.integer("--checkpoint-every")) o.checkpointEvery = *v;
    if (auto v = args.integer("--export-every")) o.exportEvery = *v;
    if (auto list = args.value("--export-at")) {
        std::string item;
        for (size_t i = 0; i <= list->size(); ++i) {
            if (i == list->size() || (*list)[i] == ',') {
                char* end = nullptr;
                const long long step = std::strtoll(item.c_str(), &end, 10);
                if (item.empty() || *end != '\0' || step < 1)
                    return usageError("--export-at expects steps like 250,500,1000");
                o.exportAt.push_back(step);
                item.clear();
            } else {
                item += (*list)[i];
            }
        }
    }
    if (auto v = args.integer("--probe-every")) o.probeEvery = *v;
    if (auto v = args.integer("--probe-generations")) o.probe.generations = int(*v);
    if (auto v = args.integer("--probe-steps")) o.probe.steps = int(*v);
    if (auto v = args.number("--probe-guidance")) o.probe.guidanceScale = *v;
    if (auto v = args.integer("--experiment-generations")) {
        if (*v < 0 || *v > 4096) return usageError("--experiment-generations expects 0..4096");
        o.experimentAtEnd = *v > 0;
        o.experiment.generations = int(*v);
    }
    if (auto v = args.integer("--experiment-steps")) {
        if (*v < 1 || *v > 1000) return usageError("--experiment-steps expects 1..1000");
        o.experiment.steps = int(*v);
    }
    if (auto v = args.number("--experiment-guidance")) {
        if (!(*v >= 0 && *v <= 50)) return usageError("--experiment-guidance expects 0..50");
        o.experiment.guidanceScale = *v;
    }
    if (auto v = args.integer("--experiment-captions")) {
        if (*v < 0) return usageError("--experiment-captions expects 0 (every caption) or more");
        o.experiment.captionsPerGroup = int(*v);
    }
    if (auto v = args.integer("--log-every")) o.logEvery = *v;
    if (auto v = args.integer("--stop-after")) o.stopAfterSteps = *v;
    const auto threads = args.integer("--threads");
    if (!args.ok()) return usageError(args.error());
    o.resume = args.has("--resume");
    o.probeAtEnd = o.probeAtExports = !args.has("--no-probe");
    if (args.has("--no-probe")) o.probeEvery = 0;
    if (threads) {
        if (*threads < 1) return usageError("--threads must be at least 1");
        torch::set_num_threads(int(*threads));
    }
    const std::string device = args.value("--device", "cpu");
    if (device == "cuda")
        o.device = torch::Device(torch::kCUDA, 0);
    else if (device != "cpu")
        return usageError("--device must be cpu or cuda");

    if (auto modelDir = args.value("--experiment-model")) {
        if (o.experiment.generations < 1) o.experiment.generations = 64;
        return runExperimentOnModel(*modelDir, o);
    }

    std::string command = "replicascope-cli train";
    for (int i = 0; i < argc; ++i)
        if (std::string(argv[i]) != "--resume") command += " " + quoted(argv[i]);
    o.commandLine = command;
    o.log = [](const std::string& line) {
        std::printf("%s\n", line.c_str());
        std::fflush(stdout);
    };
    o.cancelled = interrupted;
    const auto result = [&] {
        InterruptGuard guard;
        return diffusion::trainDiffusionModel(o);
    }();
    if (!result) {
        std::fprintf(stderr, "train: %s\n", result.message().c_str());
        return 1;
    }
    std::printf("done: steps %lld..%lld in %.1f s (%.2f it/s), %lld parameters\n",
                static_cast<long long>(result->startStep), static_cast<long long>(result->finalStep), result->seconds,
                result->stepsPerSecond, static_cast<long long>(result->parameterCount));
    if (result->stoppedEarly) {
        std::printf(
            "stopped at step %lld of %lld with a checkpoint; rerun the same command with --resume to continue\n",
            static_cast<long long>(result->finalStep), static_cast<long long>(o.steps));
        return interrupted() ? 1 : 0;
    }
    std::printf("model: %s\n", result->modelDir.c_str());
    return 0;
}

}  // namespace rs::cli
