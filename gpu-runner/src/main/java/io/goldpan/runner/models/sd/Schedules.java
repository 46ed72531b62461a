package io.goldpan.runner.models.sd;

import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.NoiseSchedule;

/** Config reading shared by the schedulers. */
final class Schedules {
  private Schedules() {}

  /** The training noise schedule, with the defaults of the scheduler class reading it. */
  static NoiseSchedule noise(
      SchedulerConfig config, double betaStart, double betaEnd, String betaSchedule) {
    return NoiseSchedule.of(
        config.integer("num_train_timesteps", 1000),
        config.number("beta_start", betaStart),
        config.number("beta_end", betaEnd),
        config.text("beta_schedule", betaSchedule),
        config.numbers("trained_betas"));
  }

  /**
   * @throws ModelException when a job asks for more steps than the model was trained with
   */
  static void requireSteps(int steps, NoiseSchedule schedule) {
    if (steps < 1 || steps > schedule.trainTimesteps()) {
      throw new ModelException(
          "steps must be between 1 and " + schedule.trainTimesteps() + ", got " + steps);
    }
  }
}
