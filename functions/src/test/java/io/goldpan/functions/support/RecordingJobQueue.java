package io.goldpan.functions.support;

import io.goldpan.contract.JobMessage;
import io.goldpan.functions.FunctionsException;
import io.goldpan.functions.aws.SqsJobQueue;
import io.goldpan.functions.jobs.JobQueue;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Test jobs queue: records what was sent and can be told to refuse sends. */
@Singleton
@Replaces(SqsJobQueue.class)
@Requires(env = "test")
public class RecordingJobQueue implements JobQueue {
  private final List<JobMessage> sent = new CopyOnWriteArrayList<>();
  private volatile boolean failing;
  private volatile Predicate<JobMessage> poison = job -> false;

  @Override
  public void send(JobMessage job, String owner) {
    if (failing || poison.test(job)) {
      throw new FunctionsException("test queue refuses jobId=" + job.jobId());
    }
    sent.add(job);
  }

  public void failSends(boolean failing) {
    this.failing = failing;
  }

  /** Refuses, every time, the jobs {@code poison} picks: messages SQS can never take. */
  public void refuse(Predicate<JobMessage> poison) {
    this.poison = poison;
  }

  public List<JobMessage> sent() {
    return List.copyOf(sent);
  }

  public List<JobMessage> sentFor(String jobId) {
    return sent.stream().filter(m -> m.jobId().equals(jobId)).toList();
  }
}
