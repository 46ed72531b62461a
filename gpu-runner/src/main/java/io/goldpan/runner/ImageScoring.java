package io.goldpan.runner;

import io.goldpan.contract.ImageScores;
import io.goldpan.contract.JobMessage;
import io.goldpan.runner.scoring.ImageScorer;
import java.awt.image.BufferedImage;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores each painted image with the runner's scorer, when it has one. A scorer that fails on an
 * image leaves that image unscored; it never fails the job.
 */
final class ImageScoring {
  private static final Logger log = LoggerFactory.getLogger(ImageScoring.class);

  private final ImageScorer scorer;
  private final Clock clock;

  /**
   * @param scorer the scorer, or {@code null} to paint without scores
   */
  ImageScoring(ImageScorer scorer, Clock clock) {
    this.scorer = scorer;
    this.clock = clock;
  }

  /** The scoring of {@code job}'s images. Used by the job's one painting thread. */
  Job start(JobMessage job) {
    return new Job(job);
  }

  /** One job's scoring: the prompt is embedded once, at its first image. */
  final class Job {
    private final JobMessage job;
    private float[] prompt;
    private boolean broken;
    private long ms;

    private Job(JobMessage job) {
      this.job = job;
    }

    /** Scores of image {@code index}, or {@code null} without a (working) scorer. */
    ImageScores score(int index, BufferedImage image) {
      if (scorer == null || broken) {
        return null;
      }
      long start = clock.millis();
      try {
        if (prompt == null) {
          prompt = scorer.textEmbedding(job.parameters().prompt());
        }
        ImageScores scores = scorer.score(image, prompt);
        if (!scores.plausible()) {
          log.warn(
              "jobId={} image {} scored implausibly ({}); left unscored",
              job.jobId(),
              index,
              scores);
          return null;
        }
        return scores;
      } catch (RuntimeException e) {
        broken = prompt == null; // without the prompt's embedding no image of the job can score
        log.warn("jobId={} image {} left unscored: {}", job.jobId(), index, e.getMessage());
        return null;
      } finally {
        ms += clock.millis() - start;
      }
    }

    /** Milliseconds spent scoring so far, or {@code null} without a scorer. */
    Long ms() {
      return scorer == null ? null : ms;
    }
  }
}
