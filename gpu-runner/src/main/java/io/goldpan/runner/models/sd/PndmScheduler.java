package io.goldpan.runner.models.sd;

import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.NoiseSchedule;
import io.goldpan.runner.models.sd.internal.PredictionType;
import io.goldpan.runner.models.sd.internal.TimestepSpacing;
import java.util.List;

/**
 * diffusers' {@code PNDMScheduler} as Stable Diffusion 1.x ships it ({@code skip_prk_steps}): the
 * pseudo linear multistep method (PLMS). Its {@code n} steps take {@code n + 1} model evaluations:
 * the second timestep is repeated, the first step being redone from the same sample with the mean
 * of the first two model outputs; later steps extrapolate from up to four earlier outputs (Adams–
 * Bashforth of order 2, 3, then 4).
 */
final class PndmScheduler implements Scheduler {
  private final NoiseSchedule schedule;
  private final TimestepSpacing spacing;
  private final int stepsOffset;
  private final boolean vPrediction;
  private final float finalAlphaCumprod;

  PndmScheduler(SchedulerConfig config) {
    schedule = Schedules.noise(config, 0.0001, 0.02, "linear");
    spacing = TimestepSpacing.of(config.text("timestep_spacing", "leading"));
    stepsOffset = config.integer("steps_offset", 0);
    PredictionType prediction = PredictionType.of(config.text("prediction_type", "epsilon"));
    if (prediction == PredictionType.SAMPLE) {
      throw new ModelException("PNDMScheduler does not support prediction_type \"sample\"");
    }
    vPrediction = prediction == PredictionType.V_PREDICTION;
    if (!config.flag("skip_prk_steps", false)) {
      throw new ModelException(
          "PNDMScheduler setting \"skip_prk_steps\": only true (as Stable Diffusion ships it) is"
              + " supported; the Runge-Kutta warm-up steps are not");
    }
    finalAlphaCumprod = config.flag("set_alpha_to_one", false) ? 1f : schedule.alphaCumprod(0);
  }

  @Override
  public String className() {
    return "PNDMScheduler";
  }

  @Override
  public SchedulerRun start(int steps) {
    Schedules.requireSteps(steps, schedule);
    float[] descending = spacing.ddimTimesteps(schedule.trainTimesteps(), steps, stepsOffset);
    // diffusers: concatenate([t[:-1], t[-2:-1], t[-1:]])[::-1] over the ascending timesteps, so
    // the second largest comes twice
    float[] timesteps = new float[steps == 1 ? 1 : steps + 1];
    timesteps[0] = descending[0];
    if (steps > 1) {
      timesteps[1] = descending[1];
      System.arraycopy(descending, 1, timesteps, 2, steps - 1);
    }
    return new Run(timesteps, schedule.trainTimesteps() / steps);
  }

  private final class Run extends TimestepRun {
    private final int stride;

    /** Up to the last four model outputs the multistep formula extrapolates from. */
    private final float[][] outputs = new float[4][];

    private int stored;
    private int counter;
    private float[] firstSample;

    Run(float[] timesteps, int stride) {
      super(timesteps, schedule);
      this.stride = stride;
    }

    @Override
    public float[] step(
        float[] modelOutput, int step, float[] sample, List<TorchGenerator> generators) {
      int t = (int) timesteps[step];
      int previous = t - stride;
      if (counter != 1) {
        remember(modelOutput);
      } else {
        previous = t;
        t = t + stride;
      }
      float[] output;
      float[] from = sample;
      if (stored == 1 && counter == 0) {
        output = modelOutput;
        firstSample = sample;
      } else if (stored == 1 && counter == 1) {
        output = combine(modelOutput, outputs[0], 1f, 1f, 0.5f);
        from = firstSample;
        firstSample = null;
      } else if (stored == 2) {
        output = combine(last(0), last(1), 3f, -1f, 0.5f);
      } else if (stored == 3) {
        float[] e1 = last(0);
        float[] e2 = last(1);
        float[] e3 = last(2);
        output = new float[e1.length];
        for (int i = 0; i < output.length; i++) {
          output[i] = (23f * e1[i] - 16f * e2[i] + 5f * e3[i]) / 12f;
        }
      } else {
        float[] e1 = last(0);
        float[] e2 = last(1);
        float[] e3 = last(2);
        float[] e4 = last(3);
        float scale = 1f / 24f;
        output = new float[e1.length];
        for (int i = 0; i < output.length; i++) {
          output[i] = scale * (55f * e1[i] - 59f * e2[i] + 37f * e3[i] - 9f * e4[i]);
        }
      }
      counter++;
      return previousSample(from, t, previous, output);
    }

    /** Keeps the newest output, dropping the oldest beyond four. */
    private void remember(float[] modelOutput) {
      if (stored == outputs.length) {
        System.arraycopy(outputs, 1, outputs, 0, outputs.length - 1);
        stored--;
      }
      outputs[stored++] = modelOutput;
    }

    /** The {@code back}-th newest output (0 the newest). */
    private float[] last(int back) {
      return outputs[stored - 1 - back];
    }

    private float[] combine(float[] a, float[] b, float wa, float wb, float scale) {
      float[] out = new float[a.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (wa * a[i] + wb * b[i]) * scale;
      }
      return out;
    }

    /** Formula (9) of the PNDM paper, from {@code t} to {@code previous}. */
    private float[] previousSample(float[] sample, int t, int previous, float[] modelOutput) {
      float alpha = schedule.alphaCumprod(t);
      float alphaPrevious = previous >= 0 ? schedule.alphaCumprod(previous) : finalAlphaCumprod;
      float beta = 1f - alpha;
      float betaPrevious = 1f - alphaPrevious;
      float sqrtAlpha = (float) Math.sqrt(alpha);
      float sqrtBeta = (float) Math.sqrt(beta);
      float sampleCoeff = (float) Math.sqrt(alphaPrevious / alpha);
      float denominator =
          alpha * (float) Math.sqrt(betaPrevious) + (float) Math.sqrt(alpha * beta * alphaPrevious);
      float difference = alphaPrevious - alpha;
      float[] out = new float[sample.length];
      for (int i = 0; i < out.length; i++) {
        float epsilon =
            vPrediction ? sqrtAlpha * modelOutput[i] + sqrtBeta * sample[i] : modelOutput[i];
        out[i] = sampleCoeff * sample[i] - difference * epsilon / denominator;
      }
      return out;
    }
  }
}
