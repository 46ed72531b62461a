package io.goldpan.functions.jobs;

import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts every unfinished job back on the jobs queue. For a queue that lost its messages, such as the
 * embedded stack's in-memory queue after a restart: the database still knows what was waiting. A
 * job that was still in the queue after all is then delivered twice, which is harmless: image keys
 * are deterministic and status only moves forward.
 */
@Singleton
public class UnfinishedJobs {
  private static final int PAGE = 200;
  private static final Logger LOG = LoggerFactory.getLogger(UnfinishedJobs.class);

  private final JobRepository jobs;
  private final JobSender sender;

  public UnfinishedJobs(JobRepository jobs, JobSender sender) {
    this.jobs = jobs;
    this.sender = sender;
  }

  /** Re-sends every QUEUED or RUNNING job; returns how many the queue took. */
  public int requeueAll() {
    int sent = 0;
    String after = "";
    List<Job> page;
    do {
      page = jobs.findUnfinished(after, PAGE);
      for (Job job : page) {
        if (sender.send(job)) {
          sent++;
        }
        after = job.id();
      }
    } while (page.size() == PAGE);
    if (sent > 0) {
      LOG.info("re-queued {} unfinished jobs", sent);
    }
    return sent;
  }
}
