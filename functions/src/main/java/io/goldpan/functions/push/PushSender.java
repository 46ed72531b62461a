package io.goldpan.functions.push;

import io.goldpan.functions.gallery.GroupedJob;
import io.goldpan.functions.gallery.GroupedJobRepository;
import io.goldpan.functions.gallery.JobGroup;
import io.goldpan.functions.gallery.JobGroupRepository;
import io.goldpan.functions.jobs.ImageLinks;
import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobImage;
import io.goldpan.functions.jobs.JobImageRepository;
import io.goldpan.functions.jobs.JobRepository;
import io.goldpan.functions.outbound.RefusedDestinationException;
import io.goldpan.functions.push.crypto.Aes128Gcm;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns finished jobs into notifications and delivers them, one round at a time: a job in a group
 * waits until the whole group is finished, then each of the owner's devices gets one notification
 * about the group; a job alone gets one of its own. Each message is encrypted for its device (RFC
 * 8291), signed with VAPID (RFC 8292) and POSTed to the device's push service (RFC 8030); anything
 * but a 2xx is tried again later, waiting twice as long each time, and a 404 or 410 (the browser
 * unsubscribed) removes the device.
 */
@Singleton
public class PushSender {
  private static final int ERROR_MAX_CHARS = 300;
  private static final Duration CREATED_MARGIN = Duration.ofDays(2);
  private static final Logger LOG = LoggerFactory.getLogger(PushSender.class);

  private final PushFinishedRepository finished;
  private final PushMessageRepository messages;
  private final PushSubscriptionRepository subscriptionRows;
  private final PushSubscriptions subscriptions;
  private final JobRepository jobs;
  private final GroupedJobRepository grouped;
  private final JobGroupRepository groups;
  private final JobImageRepository images;
  private final ImageLinks links;
  private final VapidKeys vapid;
  private final PushPoster poster;
  private final JsonMapper json;
  private final PushConfig config;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public PushSender(
      PushFinishedRepository finished,
      PushMessageRepository messages,
      PushSubscriptionRepository subscriptionRows,
      PushSubscriptions subscriptions,
      JobRepository jobs,
      GroupedJobRepository grouped,
      JobGroupRepository groups,
      JobImageRepository images,
      ImageLinks links,
      VapidKeys vapid,
      PushPoster poster,
      JsonMapper json,
      PushConfig config,
      Clock clock) {
    this.finished = finished;
    this.messages = messages;
    this.subscriptionRows = subscriptionRows;
    this.subscriptions = subscriptions;
    this.jobs = jobs;
    this.grouped = grouped;
    this.groups = groups;
    this.images = images;
    this.links = links;
    this.vapid = vapid;
    this.poster = poster;
    this.json = json;
    this.config = config;
    this.clock = clock;
  }

  /** What one round did. */
  public record Result(int planned, int delivered, int retrying, int failed, int gone) {}

  private enum Outcome {
    DELIVERED,
    RETRYING,
    FAILED,
    GONE
  }

  /** Records finished jobs no event told of, plans their notifications, sends what is due. */
  public Result sendDue() {
    if (!vapid.configured()) {
      return new Result(0, 0, 0, 0, 0);
    }
    catchUp();
    int planned = plan();
    Instant now = now();
    Duration lease = config.connectTimeout().plus(config.readTimeout()).plusSeconds(30);
    Map<Outcome, Integer> outcomes = new HashMap<>();
    for (PushMessage due : messages.findDue(now, config.batch())) {
      if (messages.claim(due.id(), due.nextAttemptAt(), now.plus(lease)) != 1) {
        continue; // another sender took it
      }
      outcomes.merge(deliver(due), 1, Integer::sum);
    }
    return new Result(
        planned,
        outcomes.getOrDefault(Outcome.DELIVERED, 0),
        outcomes.getOrDefault(Outcome.RETRYING, 0),
        outcomes.getOrDefault(Outcome.FAILED, 0),
        outcomes.getOrDefault(Outcome.GONE, 0));
  }

  /** Jobs cancelled through the API or expired by the sweeper never pass the events consumer. */
  private void catchUp() {
    Instant since = now().minus(config.catchUp());
    // A job ends at most a day (the queue deadline) and a few hours (stale running) after it was
    // made; two days of margin keep every one of them in the scan.
    for (String jobId :
        finished.findMissedJobIds(since, since.minus(CREATED_MARGIN), config.batch())) {
      Optional<Job> job = jobs.findById(jobId);
      if (job.isEmpty()) {
        continue;
      }
      try {
        finished.save(new PushFinished(jobId, job.get().owner(), now(), null));
      } catch (DataAccessException e) {
        LOG.debug("finished job recorded meanwhile: jobId={}", jobId);
      }
    }
  }

  /** One message per device for each finished job alone and each group now wholly finished. */
  private int plan() {
    int planned = 0;
    for (PushFinished row : finished.findOpen(config.batch())) {
      Optional<Job> job = jobs.findById(row.jobId());
      if (job.isPresent()) {
        planned += plan(row, job.get());
      }
      finished.handled(row.jobId(), now());
    }
    return planned;
  }

  private int plan(PushFinished row, Job job) {
    String groupId = groupOf(job.id());
    String subject = PushMessage.JOB;
    String subjectId = job.id();
    if (groupId != null) {
      if (!members(groupId).stream().allMatch(j -> j.status().isTerminal())) {
        return 0; // the group's last job to finish plans the group's notification
      }
      subject = PushMessage.GROUP;
      subjectId = groupId;
    }
    // A device that subscribed after the job finished has not asked to hear about it.
    Instant finishedAt =
        job.finishedAt() != null && job.finishedAt().isBefore(row.createdAt())
            ? job.finishedAt()
            : row.createdAt();
    int planned = 0;
    for (PushSubscription device : subscriptionRows.findByOwnerOrderByCreatedAt(job.owner())) {
      if (device.createdAt().isAfter(finishedAt)
          || messages.existsBySubscriptionIdAndSubjectId(device.id(), subjectId)) {
        continue; // subscribed after it finished, or already planned
      }
      Instant now = now();
      try {
        messages.save(
            new PushMessage(
                UUID.randomUUID().toString(),
                device.id(),
                subject,
                subjectId,
                PushMessage.Status.PENDING,
                0,
                now,
                now,
                null,
                null));
        planned++;
      } catch (DataAccessException e) {
        LOG.debug("notification planned meanwhile: subjectId={}", subjectId);
      }
    }
    return planned;
  }

  private Outcome deliver(PushMessage message) {
    Optional<PushSubscription> device = subscriptionRows.findById(message.subscriptionId());
    int attempt = message.attempts() + 1;
    Integer status = null;
    String error = null;
    Notification notification = device.isEmpty() ? null : compose(message, device.get().owner());
    if (device.isEmpty()) {
      error = "the device is gone";
    } else if (notification == null) {
      error = "the job or group is gone";
    } else {
      try {
        URI endpoint = URI.create(device.get().endpoint());
        byte[] body =
            Aes128Gcm.encrypt(
                payload(notification),
                Base64.getUrlDecoder().decode(device.get().p256dh()),
                Base64.getUrlDecoder().decode(device.get().auth()),
                random);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", vapid.authorization(endpoint, now()));
        headers.put("Content-Encoding", "aes128gcm");
        headers.put("TTL", Long.toString(config.ttl().toSeconds()));
        headers.put("Urgency", "normal");
        // A newer message about the same job or group replaces one the device has not fetched yet.
        headers.put("Topic", message.subjectId().replace("-", ""));
        status = poster.post(endpoint, headers, body);
      } catch (RefusedDestinationException e) {
        error = "refused: " + e.getMessage();
      } catch (IOException | RuntimeException e) {
        error =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
    }
    Instant now = now();
    if (status != null && (status == 404 || status == 410)) {
      LOG.info(
          "push subscription gone, device removed: subscriptionId={} status={}",
          message.subscriptionId(),
          status);
      subscriptions.gone(message.subscriptionId()); // its messages, this one included, go too
      return Outcome.GONE;
    }
    PushMessage.Status next;
    Instant at = now;
    Outcome outcome;
    if (status != null && status >= 200 && status < 300) {
      next = PushMessage.Status.DELIVERED;
      outcome = Outcome.DELIVERED;
      subscriptionRows.sent(message.subscriptionId(), now);
    } else if (attempt >= config.maxAttempts()
        || notification == null
        || (status != null && status >= 400 && status < 500 && status != 429)) {
      // 400 (a bad token), 403 (a key mismatch) and 413 (too large) will not get better
      next = PushMessage.Status.FAILED;
      outcome = Outcome.FAILED;
      LOG.warn(
          "push notification given up: messageId={} subjectId={} attempts={} status={}",
          message.id(),
          message.subjectId(),
          attempt,
          status);
    } else {
      next = PushMessage.Status.PENDING;
      outcome = Outcome.RETRYING;
      at = now.plus(config.retryAfter(attempt));
    }
    messages.attempted(
        message.id(), next, attempt, at, status, error == null ? null : limit(error));
    return outcome;
  }

  /** The notification for a message, from the job or group as it is now; null when gone. */
  Notification compose(PushMessage message, String owner) {
    List<Job> subjectJobs;
    String prompt;
    String url;
    if (PushMessage.GROUP.equals(message.subject())) {
      Optional<JobGroup> group = groups.findById(message.subjectId());
      if (group.isEmpty() || !group.get().owner().equals(owner)) {
        return null;
      }
      subjectJobs = members(message.subjectId());
      prompt = group.get().prompt();
      url = "/app/groups/" + message.subjectId();
    } else {
      Optional<Job> job = jobs.findById(message.subjectId());
      if (job.isEmpty() || !job.get().owner().equals(owner)) {
        return null;
      }
      subjectJobs = List.of(job.get());
      prompt = job.get().prompt();
      url = "/app/jobs/" + message.subjectId();
    }
    if (subjectJobs.isEmpty()) {
      return null;
    }
    List<JobImage> stored = new ArrayList<>(images.findByJobIds(ids(subjectJobs)));
    List<String> order = ids(subjectJobs);
    stored.sort(
        Comparator.<JobImage>comparingInt(i -> order.indexOf(i.key().jobId()))
            .thenComparingInt(i -> i.key().idx()));
    JobImage shown = picture(stored);
    String image =
        shown == null
            ? null
            : links.presign(shown.thumbKey() != null ? shown.thumbKey() : shown.imageKey());
    return new Notification(
        NotificationText.title(subjectJobs),
        NotificationText.body(subjectJobs, stored.size(), prompt),
        url,
        image,
        "goldpan-" + message.subjectId());
  }

  /**
   * The picture a notification shows: the best-scored one (aesthetic score, then prompt match) when
   * the runner scored them, else the first painted; {@code null} for none.
   */
  static JobImage picture(List<JobImage> inOrder) {
    return inOrder.stream()
        .filter(i -> i.aesthetic() != null && i.promptMatch() != null)
        .max(
            Comparator.comparingDouble(JobImage::aesthetic)
                .thenComparingDouble(JobImage::promptMatch))
        .orElse(inOrder.isEmpty() ? null : inOrder.get(0));
  }

  /** The JSON, without the picture if it would not fit one record. */
  private byte[] payload(Notification notification) throws IOException {
    byte[] bytes = json.writeValueAsBytes(notification);
    if (bytes.length > Aes128Gcm.MAX_PLAINTEXT_BYTES) {
      bytes =
          json.writeValueAsBytes(
              new Notification(
                  notification.title(),
                  notification.body(),
                  notification.url(),
                  null,
                  notification.tag()));
    }
    return bytes;
  }

  private String groupOf(String jobId) {
    List<GroupedJob> rows = grouped.findByIds(List.of(jobId));
    return rows.isEmpty() ? null : rows.get(0).groupId();
  }

  private List<Job> members(String groupId) {
    List<Job> members = new ArrayList<>();
    for (GroupedJob g : grouped.findByGroupId(groupId)) {
      jobs.findById(g.id()).ifPresent(members::add);
    }
    return members;
  }

  private static List<String> ids(List<Job> jobs) {
    return jobs.stream().map(Job::id).toList();
  }

  private static String limit(String text) {
    return text.length() <= ERROR_MAX_CHARS ? text : text.substring(0, ERROR_MAX_CHARS);
  }

  private Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }
}
