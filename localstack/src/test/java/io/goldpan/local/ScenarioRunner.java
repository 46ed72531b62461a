package io.goldpan.local;

import ai.onnxruntime.OrtEnvironment;
import io.goldpan.contract.EventType;
import io.goldpan.contract.JobMessage;
import io.goldpan.runner.Runner;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.Model;
import io.goldpan.runner.models.StepListener;
import io.goldpan.runner.models.demo.DemoModel;
import io.goldpan.runner.queue.EventSink;
import io.goldpan.runner.queue.JobSource;
import io.goldpan.runner.queue.QueueMessage;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A real runner (SQS through the stack's client, S3 through its own, the demo model on ONNX
 * Runtime) with faults a scenario can switch on: a slow model, lost visibility heartbeats, or a
 * process that dies after uploading and before it reports success. It records what it received and
 * painted.
 */
final class ScenarioRunner implements AutoCloseable {

  /**
   * What goes wrong with this runner.
   *
   * @param paintDelay extra time each image takes (a slow GPU)
   * @param dropHeartbeats visibility extensions silently never reach SQS
   * @param dieBeforeSucceeded the process dies right after its uploads, before the succeeded event
   *     and the delete: it never touches its message again
   */
  record Faults(Duration paintDelay, boolean dropHeartbeats, boolean dieBeforeSucceeded) {
    static Faults none() {
      return new Faults(Duration.ZERO, false, false);
    }

    static Faults slow(Duration paintDelay) {
      return new Faults(paintDelay, false, false);
    }

    Faults withoutHeartbeats() {
      return new Faults(paintDelay, true, dieBeforeSucceeded);
    }
  }

  final List<QueueMessage> received = new CopyOnWriteArrayList<>();
  final AtomicInteger painted = new AtomicInteger();
  private final Runner runner;
  private final Model demo;
  private volatile boolean dead;

  private ScenarioRunner(ScenarioStack stack, Map<String, String> vars, Faults faults) {
    RunnerConfig config = RunnerConfig.from(vars);
    demo = DemoModel.open(OrtEnvironment.getEnvironment(), ExecutionProvider.CPU);
    JobSource source = JobSource.sqs(stack.sqs(), config.jobsQueue());
    EventSink sink = EventSink.sqs(stack.sqs(), config.eventsQueue());
    runner =
        Runner.builder(config)
            .jobSource(faultyQueue(source, faults, config.pollWait()))
            .eventSink(
                event -> {
                  if (dead) {
                    throw new IllegalStateException("the runner process is gone (simulated)");
                  }
                  if (faults.dieBeforeSucceeded() && event.type() == EventType.SUCCEEDED) {
                    dead = true;
                    throw new IllegalStateException("the runner process was killed (simulated)");
                  }
                  sink.send(event);
                })
            .models(List.of(slow(demo, faults.paintDelay())))
            .executionProvider("CPU")
            .build();
  }

  /**
   * Starts a runner on {@code stack} with short timeouts for tests: visibility 3 s, heartbeat 1 s,
   * poll wait 1 s, unless {@code overrides} say otherwise.
   */
  static ScenarioRunner start(
      ScenarioStack stack, String runnerId, Faults faults, Map<String, String> overrides) {
    Map<String, String> vars = new HashMap<>(stack.runnerVariables());
    vars.put(RunnerConfig.RUNNER_ID, runnerId);
    vars.put(RunnerConfig.VISIBILITY_TIMEOUT, "3");
    vars.put(RunnerConfig.HEARTBEAT_INTERVAL, "1");
    vars.put(RunnerConfig.POLL_WAIT, "1");
    vars.put(RunnerConfig.SHUTDOWN_GRACE, "0.2");
    vars.put(RunnerConfig.RUNNER_HEARTBEAT, "60");
    vars.putAll(overrides);
    ScenarioRunner runner = new ScenarioRunner(stack, vars, faults);
    runner.runner.start();
    return runner;
  }

  /** Whether the simulated process has died. */
  boolean dead() {
    return dead;
  }

  /** Deliveries of {@code jobId}'s message to this runner. */
  List<QueueMessage> receivedFor(String jobId) {
    return received.stream().filter(m -> m.body() != null && m.body().contains(jobId)).toList();
  }

  /**
   * A graceful stop, as on SIGTERM: stop polling, release the job in flight and whatever the last
   * long poll returns.
   */
  void stop() {
    runner.stop();
  }

  /** Stops the runner, then frees its model. */
  @Override
  public void close() {
    runner.close();
    demo.close();
  }

  private JobSource faultyQueue(JobSource source, Faults faults, Duration pollWait) {
    return new JobSource() {
      @Override
      public java.util.Optional<QueueMessage> receive(Duration wait, Duration visibility) {
        if (dead) {
          // a dead process takes nothing; stand in for its long poll
          LockSupport.parkNanos(pollWait.toNanos());
          return java.util.Optional.empty();
        }
        var message = source.receive(wait, visibility);
        message.ifPresent(received::add);
        return message;
      }

      @Override
      public void extend(QueueMessage message, Duration visibility) {
        if (!dead && !faults.dropHeartbeats()) {
          source.extend(message, visibility);
        }
      }

      @Override
      public void release(QueueMessage message) {
        if (!dead) {
          source.release(message);
        }
      }

      @Override
      public void delete(QueueMessage message) {
        if (!dead) {
          source.delete(message);
        }
      }
    };
  }

  private Model slow(Model demo, Duration delay) {
    return new Model() {
      @Override
      public String name() {
        return demo.name();
      }

      @Override
      public BufferedImage paint(JobMessage job, int index, StepListener progress) {
        if (!delay.isZero()) {
          LockSupport.parkNanos(delay.toNanos()); // the model's own work time, not a wait
        }
        BufferedImage image = demo.paint(job, index, progress);
        painted.incrementAndGet();
        return image;
      }

      @Override
      public void close() {}
    };
  }
}
