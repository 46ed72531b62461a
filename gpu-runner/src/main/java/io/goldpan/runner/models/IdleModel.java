package io.goldpan.runner.models;

import io.goldpan.contract.JobMessage;
import io.goldpan.runner.cuda.IdleRelease;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A model whose sessions are closed after it has painted nothing for a while and opened again for
 * the next job, so an idle runner holds no GPU memory on a card the household also games on.
 */
public final class IdleModel implements Model {
  private final String name;
  private final IdleRelease<Model> held;
  private volatile Boolean canVary;
  private volatile Boolean hasTinyDecoder;

  /**
   * @param opener opens the model's sessions; called again after each release
   * @param idleAfter how long unused before its memory is handed back; zero keeps it
   */
  public IdleModel(String name, Supplier<Model> opener, Duration idleAfter, Clock clock) {
    this.name = name;
    this.held = new IdleRelease<>("model " + name, opener, idleAfter, clock);
  }

  /**
   * Holds {@code opened} (opened at start, so a broken model fails the start) and reopens it with
   * {@code reopen} after each release.
   */
  public static IdleModel holding(
      Model opened, Supplier<Model> reopen, Duration idleAfter, Clock clock) {
    java.util.concurrent.atomic.AtomicReference<Model> first =
        new java.util.concurrent.atomic.AtomicReference<>(opened);
    IdleModel model =
        new IdleModel(
            opened.name(),
            () -> {
              Model m = first.getAndSet(null);
              return m != null ? m : reopen.get();
            },
            idleAfter,
            clock);
    model.canVary = opened.canVary();
    model.hasTinyDecoder = opened.hasTinyDecoder();
    model.held.use(m -> null); // held, and idle from now
    return model;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public BufferedImage paint(JobMessage job, int index, StepListener progress) {
    return held.use(model -> model.paint(job, index, progress));
  }

  @Override
  public BufferedImage paint(
      JobMessage job, int index, StepListener progress, BooleanSupplier cancelled) {
    return held.use(model -> model.paint(job, index, progress, cancelled));
  }

  @Override
  public int maxBatch() {
    return held.use(Model::maxBatch);
  }

  @Override
  public List<BufferedImage> paintBatch(
      JobMessage job, int first, int count, StepListener progress, BooleanSupplier cancelled) {
    return held.use(model -> model.paintBatch(job, first, count, progress, cancelled));
  }

  @Override
  public BufferedImage paint(
      JobMessage job,
      int index,
      StepListener progress,
      BooleanSupplier cancelled,
      BufferedImage init) {
    return held.use(model -> model.paint(job, index, progress, cancelled, init));
  }

  /** Asked once, of the model as first opened (its files do not change while it runs). */
  @Override
  public boolean hasTinyDecoder() {
    Boolean known = hasTinyDecoder;
    if (known == null) {
      known = held.use(Model::hasTinyDecoder);
      hasTinyDecoder = known;
    }
    return known;
  }

  /** Asked once, of the model as first opened (its files do not change while it runs). */
  @Override
  public boolean canVary() {
    Boolean known = canVary;
    if (known == null) {
      known = held.use(Model::canVary);
      canVary = known;
    }
    return known;
  }

  /** Hands the GPU memory back if the model was idle long enough; returns whether it did. */
  public boolean releaseIfIdle() {
    return held.releaseIfIdle();
  }

  /** Whether the sessions are open now. */
  public boolean isOpen() {
    return held.isOpen();
  }

  @Override
  public void close() {
    held.close();
  }
}
