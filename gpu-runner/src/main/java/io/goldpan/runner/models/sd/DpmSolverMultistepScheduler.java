package io.goldpan.runner.models.sd;

import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.KarrasSigmas;
import io.goldpan.runner.models.sd.internal.NoiseSchedule;
import io.goldpan.runner.models.sd.internal.NumpyRanges;
import io.goldpan.runner.models.sd.internal.PredictionType;
import io.goldpan.runner.models.sd.internal.TimestepSpacing;
import java.util.List;

/**
 * diffusers' {@code DPMSolverMultistepScheduler} with {@code algorithm_type="dpmsolver++"} and
 * {@code solver_order} 1 or 2 ("DPM++ 2M"): a data-prediction multistep solver in log-SNR time,
 * first order on the first step and (with the default zero final sigma) on the last. With {@code
 * use_karras_sigmas} ("DPM++ 2M Karras") it steps on Karras sigmas over the training range.
 */
final class DpmSolverMultistepScheduler implements Scheduler {
  private final NoiseSchedule schedule;
  private final TimestepSpacing spacing;
  private final int stepsOffset;
  private final PredictionType prediction;
  private final int solverOrder;
  private final boolean heun;
  private final boolean lowerOrderFinal;
  private final boolean eulerAtFinal;
  private final boolean finalSigmaMin;
  private final boolean karras;

  DpmSolverMultistepScheduler(SchedulerConfig config) {
    schedule = Schedules.noise(config, 0.0001, 0.02, "linear");
    spacing = TimestepSpacing.of(config.text("timestep_spacing", "linspace"));
    stepsOffset = config.integer("steps_offset", 0);
    prediction = PredictionType.of(config.text("prediction_type", "epsilon"));
    solverOrder = config.integer("solver_order", 2);
    if (solverOrder < 1 || solverOrder > 2) {
      throw new ModelException(
          "DPMSolverMultistepScheduler solver_order " + solverOrder + " is not supported (1 or 2)");
    }
    String algorithm = config.text("algorithm_type", "dpmsolver++");
    if (!algorithm.equals("dpmsolver++") && !algorithm.equals("deis")) {
      throw new ModelException(
          "DPMSolverMultistepScheduler algorithm_type \""
              + algorithm
              + "\" is not supported (dpmsolver++)");
    }
    String solverType = config.text("solver_type", "midpoint");
    heun = solverType.equals("heun");
    if (!heun && !List.of("midpoint", "logrho", "bh1", "bh2").contains(solverType)) {
      throw new ModelException(
          "DPMSolverMultistepScheduler solver_type \"" + solverType + "\" is not supported");
    }
    lowerOrderFinal = config.flag("lower_order_final", true);
    eulerAtFinal = config.flag("euler_at_final", false);
    String finalSigmas = config.text("final_sigmas_type", "zero");
    if (!finalSigmas.equals("zero") && !finalSigmas.equals("sigma_min")) {
      throw new ModelException(
          "final_sigmas_type \"" + finalSigmas + "\" is not supported (zero or sigma_min)");
    }
    finalSigmaMin = finalSigmas.equals("sigma_min");
    karras = config.flag("use_karras_sigmas", false);
    config.requireDefault("use_exponential_sigmas", false);
    config.requireDefault("use_beta_sigmas", false);
    config.requireDefault("use_lu_lambdas", false);
    config.requireDefault("use_flow_sigmas", false);
    config.requireDefault("thresholding", false);
    config.requireDefault("rescale_betas_zero_snr", false);
    config.requireDefault("variance_type", null);
  }

  @Override
  public String className() {
    return "DPMSolverMultistepScheduler";
  }

  @Override
  public boolean karras() {
    return karras;
  }

  @Override
  public String label() {
    return solverOrder == 2 ? Scheduler.super.label() : className() + " (solver_order 1)";
  }

  @Override
  public SchedulerRun start(int steps) {
    Schedules.requireSteps(steps, schedule);
    float[] trainSigmas = schedule.sigmas();
    float[] timesteps;
    float[] sigmas;
    if (karras) {
      // over the whole training range, whatever the spacing; timesteps rounded half to even
      double[] levels =
          KarrasSigmas.between(trainSigmas[0], trainSigmas[trainSigmas.length - 1], steps);
      float[] logSigmas = KarrasSigmas.logOf(trainSigmas);
      timesteps = new float[steps];
      sigmas = new float[steps + 1];
      for (int i = 0; i < steps; i++) {
        timesteps[i] = (float) Math.rint(KarrasSigmas.timestepOf(levels[i], logSigmas));
        sigmas[i] = (float) levels[i];
      }
    } else {
      timesteps = timesteps(schedule.trainTimesteps(), steps);
      sigmas = new float[timesteps.length + 1];
      for (int i = 0; i < timesteps.length; i++) {
        sigmas[i] = (float) NumpyRanges.interp(timesteps[i], trainSigmas);
      }
    }
    sigmas[timesteps.length] = finalSigmaMin ? trainSigmas[0] : 0f;
    return new Run(timesteps, sigmas);
  }

  /** Integer timesteps from {@code steps + 1} points with the last dropped (linspace, leading). */
  private float[] timesteps(int train, int steps) {
    double[] values;
    switch (spacing) {
      case LINSPACE -> {
        double[] points = NumpyRanges.linspace(0, train - 1, steps + 1, true);
        values = new double[steps];
        for (int i = 0; i < steps; i++) {
          values[i] = Math.rint(points[steps - i]);
        }
      }
      case LEADING -> {
        int ratio = train / (steps + 1);
        values = new double[steps];
        for (int i = 0; i < steps; i++) {
          values[i] = (double) (steps - i) * ratio + stepsOffset;
        }
      }
      default -> {
        values = NumpyRanges.arange(train, 0, -((double) train / steps));
        for (int i = 0; i < values.length; i++) {
          values[i] = Math.rint(values[i]) - 1;
        }
      }
    }
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private final class Run implements SchedulerRun {
    private final float[] timesteps;
    private final float[] sigmas;
    private float[] previousOutput;
    private int lowerOrderSteps;

    Run(float[] timesteps, float[] sigmas) {
      this.timesteps = timesteps;
      this.sigmas = sigmas;
    }

    @Override
    public float[] timesteps() {
      return timesteps.clone();
    }

    @Override
    public float[] sigmas() {
      return sigmas.clone();
    }

    @Override
    public float initNoiseSigma() {
      return 1f;
    }

    @Override
    public float[] scaleModelInput(float[] sample, int step) {
      return sample;
    }

    /** {@code alpha_t * original + sigma_t * noise} at the step's sigma, in float32. */
    @Override
    public float[] addNoise(float[] original, float[] noise, int step) {
      float alphaT = alpha(sigmas[step]);
      float sigmaT = sigmas[step] * alphaT;
      float[] out = new float[original.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = alphaT * original[i] + sigmaT * noise[i];
      }
      return out;
    }

    @Override
    public float[] step(
        float[] modelOutput, int step, float[] sample, List<TorchGenerator> generators) {
      boolean last = step == timesteps.length - 1;
      boolean lowerOrderFinalStep =
          last && (eulerAtFinal || (lowerOrderFinal && timesteps.length < 15) || !finalSigmaMin);
      float[] x0 = dataPrediction(modelOutput, sample, sigmas[step]);
      float[] out =
          solverOrder == 1 || lowerOrderSteps < 1 || lowerOrderFinalStep
              ? firstOrder(x0, sample, step)
              : secondOrder(x0, previousOutput, sample, step);
      previousOutput = x0;
      if (lowerOrderSteps < solverOrder) {
        lowerOrderSteps++;
      }
      return out;
    }

    private float[] dataPrediction(float[] modelOutput, float[] sample, float sigma) {
      if (prediction == PredictionType.SAMPLE) {
        return modelOutput;
      }
      float alpha = alpha(sigma);
      float sigmaT = sigma * alpha;
      float[] out = new float[sample.length];
      for (int i = 0; i < out.length; i++) {
        out[i] =
            prediction == PredictionType.EPSILON
                ? (sample[i] - sigmaT * modelOutput[i]) / alpha
                : alpha * sample[i] - sigmaT * modelOutput[i];
      }
      return out;
    }

    private float[] firstOrder(float[] x0, float[] sample, int step) {
      float alphaT = alpha(sigmas[step + 1]);
      float sigmaT = sigmas[step + 1] * alphaT;
      float alphaS = alpha(sigmas[step]);
      float sigmaS = sigmas[step] * alphaS;
      float h = lambda(alphaT, sigmaT) - lambda(alphaS, sigmaS);
      float sampleScale = sigmaT / sigmaS;
      float outputScale = alphaT * ((float) Math.exp(-h) - 1f);
      float[] out = new float[sample.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = sampleScale * sample[i] - outputScale * x0[i];
      }
      return out;
    }

    private float[] secondOrder(float[] m0, float[] m1, float[] sample, int step) {
      float alphaT = alpha(sigmas[step + 1]);
      float sigmaT = sigmas[step + 1] * alphaT;
      float alphaS0 = alpha(sigmas[step]);
      float sigmaS0 = sigmas[step] * alphaS0;
      float alphaS1 = alpha(sigmas[step - 1]);
      float sigmaS1 = sigmas[step - 1] * alphaS1;
      float lambdaT = lambda(alphaT, sigmaT);
      float lambdaS0 = lambda(alphaS0, sigmaS0);
      float lambdaS1 = lambda(alphaS1, sigmaS1);
      float h = lambdaT - lambdaS0;
      float h0 = lambdaS0 - lambdaS1;
      float r0 = h0 / h;
      float inverseR0 = 1f / r0;
      float expMinusH = (float) Math.exp(-h);
      float sampleScale = sigmaT / sigmaS0;
      float d0Scale = alphaT * (expMinusH - 1f);
      float d1Scale =
          heun ? alphaT * ((expMinusH - 1f) / h + 1f) : 0.5f * (alphaT * (expMinusH - 1f));
      float[] out = new float[sample.length];
      for (int i = 0; i < out.length; i++) {
        float d1 = inverseR0 * (m0[i] - m1[i]);
        float partial = sampleScale * sample[i] - d0Scale * m0[i];
        out[i] = heun ? partial + d1Scale * d1 : partial - d1Scale * d1;
      }
      return out;
    }

    /** {@code 1 / sqrt(sigma² + 1)}: the signal scale at noise level sigma. */
    private float alpha(float sigma) {
      return 1f / (float) Math.sqrt(sigma * sigma + 1f);
    }

    private float lambda(float alpha, float sigma) {
      return (float) Math.log(alpha) - (float) Math.log(sigma);
    }
  }
}
