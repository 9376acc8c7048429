#pragma once
// Each replicascope-cli subcommand is a function taking the arguments after its name and
// returning the process exit code (0 success, 1 a problem found/failed, 2 usage error).
#include <string>
#include <vector>

namespace rs::cli {

using CommandFunction = int (*)(int argc, char** argv);

struct Command {
    const char* name;
    const char* summary;
    CommandFunction run;
};

// Defined in commands_table.cpp; lists what this build of the CLI offers.
const std::vector<Command>& commands();

// Subcommands (one file each, cmd_<name>.cpp).
int runCase(int argc, char** argv);
int runCompare(int argc, char** argv);
int runCliques(int argc, char** argv);
int runImport(int argc, char** argv);
int runTokenize(int argc, char** argv);
int runTrain(int argc, char** argv);
int runDataset(int argc, char** argv);
int runGenerate(int argc, char** argv);
int runScreen(int argc, char** argv);
int runExport(int argc, char** argv);
int runScan(int argc, char** argv);
int runCandidates(int argc, char** argv);
int runReview(int argc, char** argv);
int runMerge(int argc, char** argv);
int runExperiment(int argc, char** argv);

}  // namespace rs::cli
