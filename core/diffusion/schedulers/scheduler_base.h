#pragma once
// Noise schedulers as in diffusers: built from a model's scheduler/scheduler_config.json, each
// gives a list of timesteps for N inference steps and one denoising update per step. The
// formulas follow diffusers' DDIMScheduler, DPMSolverMultistepScheduler and
// EulerAncestralDiscreteScheduler exactly (timestep rounding included), so a run can be
// reproduced with diffusers from the recorded parameters.
#include "base/expected.h"

#include <torch/types.h>

#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace rs::diffusion {

class ImageGenerators;

enum class PredictionType { Epsilon, VPrediction, Sample };
enum class TimestepSpacing { Leading, Trailing, Linspace };

const char* toString(PredictionType type);
const char* toString(TimestepSpacing spacing);

// The fields of scheduler_config.json that the three schedulers read. As with diffusers'
// from_config, a field that is absent takes the default of the scheduler that is built (hence
// the optionals: DDIM, DPM-Solver and Euler ancestral differ in their defaults).
struct SchedulerConfig {
    std::string className;  // "_class_name", e.g. "PNDMScheduler"
    int numTrainTimesteps = 1000;
    double betaStart = 0.0001;
    double betaEnd = 0.02;
    std::string betaSchedule = "linear";  // linear | scaled_linear | squaredcos_cap_v2
    std::vector<double> trainedBetas;     // replaces the schedule when not empty
    PredictionType predictionType = PredictionType::Epsilon;
    std::optional<TimestepSpacing> timestepSpacing;
    int stepsOffset = 0;
    bool rescaleBetasZeroSnr = false;
    // DDIM
    std::optional<bool> clipSample;  // DDIM default true
    double clipSampleRange = 1.0;
    std::optional<bool> setAlphaToOne;  // DDIM default true
    // DPM-Solver multistep
    int solverOrder = 2;
    std::string algorithmType = "dpmsolver++";
    std::string solverType = "midpoint";
    bool lowerOrderFinal = true;
    bool eulerAtFinal = false;
    std::string finalSigmasType = "zero";
    double lambdaMinClipped = -std::numeric_limits<double>::infinity();
    // Options no scheduler here implements; each scheduler refuses the ones that concern it.
    bool thresholding = false;
    bool useKarrasSigmas = false;
    bool useExponentialSigmas = false;
    bool useBetaSigmas = false;
    bool useLuLambdas = false;
    bool useFlowSigmas = false;
    std::string varianceType;  // "" or null in the file
};

// SD 1.x's scheduler settings (GUIDE §2), for tests and for folders without a scheduler config.
SchedulerConfig stableDiffusion1SchedulerConfig();

// β_t for t = 0..T-1 (float32, as diffusers computes them) and ᾱ_t = Π(1-β).
Expected<torch::Tensor> makeBetas(const SchedulerConfig& config);
torch::Tensor alphasCumprodFromBetas(const torch::Tensor& betas);

// Timestep grids shared by the schedulers, reproducing numpy's linspace / arange / round
// (round half to even) as diffusers uses them, in numpy's order.
std::vector<double> numpyLinspace(double start, double stop, int num);
std::vector<double> numpyArange(double start, double stop, double step);
double numpyRound(double value);

class Scheduler {
public:
    virtual ~Scheduler() = default;

    virtual std::string name() const = 0;  // "ddim", "dpm++2m", "euler_a"
    virtual bool isStochastic() const { return false; }

    // Sets the timesteps for `numInferenceSteps` steps and resets the multistep history.
    virtual Status setTimesteps(int numInferenceSteps) = 0;
    // The model is evaluated at timesteps()[i] on step i (integers except for Euler ancestral
    // with linspace spacing, whose timesteps are fractional as in diffusers).
    const std::vector<double>& timesteps() const { return m_timesteps; }
    int numInferenceSteps() const { return int(m_timesteps.size()); }

    // Initial noise is N(0,1) times this.
    virtual double initNoiseSigma() const { return 1.0; }
    // What the model sees at step i.
    virtual torch::Tensor scaleModelInput(const torch::Tensor& sample, int stepIndex) const;
    // One update: x_{t_i} -> x_{t_{i+1}}. Steps must be taken in order 0..N-1 (the multistep
    // solver keeps the previous prediction). Stochastic schedulers draw their noise from
    // `noise` (one generator per batch row); the others ignore it. Computes in float32.
    // Throws std::logic_error on misuse (step out of order, missing noise source).
    virtual torch::Tensor step(const torch::Tensor& modelOutput, int stepIndex, const torch::Tensor& sample,
                               ImageGenerators* noise) = 0;

    const SchedulerConfig& config() const { return m_config; }
    const torch::Tensor& alphasCumprod() const { return m_alphasCumprod; }

protected:
    explicit Scheduler(SchedulerConfig config) : m_config(std::move(config)) {}
    Status checkStepCount(int numInferenceSteps) const;
    void checkStepIndex(int stepIndex) const;
    // ᾱ_t read back as a double (the float32 value diffusers uses).
    double alphaCumprod(long t) const { return double(m_alphasCumprodValues.at(size_t(t))); }
    void setAlphasCumprod(torch::Tensor alphasCumprod);

    SchedulerConfig m_config;
    torch::Tensor m_alphasCumprod;  // float32 [T]
    std::vector<float> m_alphasCumprodValues;
    std::vector<double> m_timesteps;
};

}  // namespace rs::diffusion
