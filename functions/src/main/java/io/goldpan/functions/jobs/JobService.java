package io.goldpan.functions.jobs;

import io.goldpan.contract.ImageRef;
import io.goldpan.contract.JobLimits;
import io.goldpan.contract.JobParameters;
import io.goldpan.contract.StorageKeys;
import io.goldpan.functions.ApiError.FieldError;
import io.goldpan.functions.jobs.internal.PageCursor;
import io.goldpan.functions.outbound.Destinations;
import io.goldpan.functions.outbound.RefusedDestinationException;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What an owner can do with jobs: submit, read, list and cancel. */
@Singleton
public class JobService {
  public static final int LIST_LIMIT_MAX = 100;
  private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

  private final JobRepository jobs;
  private final FairShare fairShare;
  private final CancelMarkers cancelMarkers;
  private final JobsConfig config;
  private final JobRequestParser parser;
  private final SubmitKeys submitKeys;
  private final Quotas quotas;
  private final Clock clock;
  private final SecureRandom random;
  private final Destinations destinations;
  private final JobWebhookRepository webhooks;
  private final RunnerModels runnerModels;
  private final JobImageRepository images;
  private final TransactionOperations<Connection> transactions;

  public JobService(
      JobRepository jobs,
      FairShare fairShare,
      CancelMarkers cancelMarkers,
      JobsConfig config,
      RunnerModels runnerModels,
      JobImageRepository images,
      SubmitKeys submitKeys,
      Quotas quotas,
      Clock clock,
      SecureRandom random,
      Destinations destinations,
      JobWebhookRepository webhooks,
      TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
    this.runnerModels = runnerModels;
    this.images = images;
    this.jobs = jobs;
    this.destinations = destinations;
    this.webhooks = webhooks;
    this.submitKeys = submitKeys;
    this.quotas = quotas;
    this.fairShare = fairShare;
    this.cancelMarkers = cancelMarkers;
    this.config = config;
    this.parser =
        new JobRequestParser(
            config.models(), runnerModels::recent, () -> random.nextLong(JobLimits.SEED_MAX + 1));
    this.clock = clock;
    this.random = random;
  }

  /**
   * Validates a raw submission body, stores the job and sends it to the queue.
   *
   * @throws InvalidRequestException naming every bad field; nothing is stored or sent then
   */
  public Job submit(String owner, String body) {
    JobRequest request = parse(owner, body);
    quotas.check(owner, 1, request.parameters().count());
    return store(owner, request, UUID.randomUUID().toString());
  }

  /**
   * Stores several parsed jobs as one, with whatever else {@code alongside} writes, in one
   * transaction, then lets their owner's fair share send them: either every job is stored or none
   * is. Each job's picture is checked as {@link #submit(String, String)} checks it, and the whole
   * set must fit the owner's quotas.
   *
   * @param alongside writes more rows (a group, its members' places) given the stored jobs
   * @throws InvalidRequestException, JobNotFoundException or a quota refusal; nothing is stored
   */
  public List<Job> submitAll(
      String owner, List<JobRequest> requests, Consumer<List<Job>> alongside) {
    long images = 0;
    for (JobRequest request : requests) {
      checkInit(owner, request);
      images += request.parameters().count();
    }
    quotas.check(owner, requests.size(), images);
    List<Job> stored =
        transactions.executeWrite(
            status -> {
              List<Job> inserted = new ArrayList<>();
              for (JobRequest request : requests) {
                inserted.add(insert(owner, request, UUID.randomUUID().toString()));
              }
              alongside.accept(inserted);
              return inserted;
            });
    fairShare.release(owner);
    return stored.stream().map(job -> reload(job.id())).toList();
  }

  /**
   * {@link #submit(String, String)} under an {@code Idempotency-Key}: the same key with the same
   * body within 24 h gives back the job the first request stored, whatever became of it.
   *
   * @throws IdempotencyKeyReusedException when the key came with another body
   * @throws JobConflictException while the first request with the key is still being handled
   */
  public Submission submit(String owner, String body, String idempotencyKey) {
    JobRequest request = parse(owner, body);
    SubmitKeys.Claim claim =
        submitKeys.claim(owner, idempotencyKey, body, UUID.randomUUID().toString());
    if (claim instanceof SubmitKeys.Replay replay) {
      return jobs.findByIdAndOwner(replay.jobId(), owner)
          .map(job -> new Submission(job, true))
          .orElseThrow(SubmitKeys::stillBeingHandled);
    }
    SubmitKeys.Claimed claimed = (SubmitKeys.Claimed) claim;
    Optional<Job> stored = jobs.findByIdAndOwner(claimed.jobId(), owner);
    Job job;
    try {
      if (stored.isEmpty()) {
        quotas.check(owner, 1, request.parameters().count());
      }
      job = stored.orElseGet(() -> store(owner, request, claimed.jobId()));
    } catch (RuntimeException e) {
      releaseQuietly(claimed, e);
      throw e;
    }
    submitKeys.complete(claimed, "/api/jobs/" + job.id());
    return new Submission(job, stored.isPresent());
  }

  private void releaseQuietly(SubmitKeys.Claimed claimed, RuntimeException cause) {
    try {
      submitKeys.release(claimed);
    } catch (RuntimeException e) {
      cause.addSuppressed(e); // the claim goes stale and a retry takes it over
    }
  }

  /**
   * Parses the body, checks where its webhook points (DNS may say no) and, for image to image, the
   * picture it starts from.
   */
  private JobRequest parse(String owner, String body) {
    JobRequest request = parser.parse(body);
    if (request.webhook() != null) {
      try {
        destinations.check(request.webhook().url());
      } catch (RefusedDestinationException e) {
        throw InvalidRequestException.of(JobWebhooks.URL_FIELD, e.getMessage());
      }
    }
    checkInit(owner, request);
    return request;
  }

  /**
   * What runners say their model can do: with {@code decoder: fast} it must have a tiny decoder;
   * for image to image it must be able to start from a picture, and the picture must be one of the
   * owner's, still stored.
   *
   * @throws InvalidRequestException for a model runners say has no tiny decoder or cannot vary
   * @throws JobNotFoundException for a picture that is missing, purged or someone else's
   */
  private void checkInit(String owner, JobRequest request) {
    JobParameters parameters = request.parameters();
    if (parameters.fastDecoder() && runnerModels.knownWithoutFastDecoder(parameters.model())) {
      String reason =
          "model "
              + parameters.model()
              + " cannot decode fast: its export has no taesd_decoder (use decoder full)";
      throw new InvalidRequestException(reason, List.of(new FieldError("decoder", reason)));
    }
    if (parameters.init() == null) {
      return;
    }
    if (runnerModels.knownNotToVary(parameters.model())) {
      String reason =
          "model " + parameters.model() + " cannot vary images: its export has no vae_encoder";
      throw new InvalidRequestException(reason, List.of(new FieldError("model", reason)));
    }
    ImageRef init = parameters.init();
    if (images.findStored(init.jobId(), init.index(), owner).isEmpty()) {
      throw new JobNotFoundException(init.jobId());
    }
  }

  /** A job a submission stored, and whether an earlier request with the same key stored it. */
  public record Submission(Job job, boolean replayed) {}

  private Job store(String owner, JobRequest request, String id) {
    Job job = insert(owner, request, id);
    fairShare.release(owner);
    return reload(job.id());
  }

  /** Writes the job's rows; its owner's fair share sends it once they are committed. */
  private Job insert(String owner, JobRequest request, String id) {
    Instant now = now();
    Job job = Job.queued(id, owner, request.parameters(), now, now.plus(config.deadline()));
    jobs.save(job);
    if (request.webhook() != null) {
      webhooks.save(JobWebhook.of(id, owner, request.webhook()));
    }
    LOG.info("job submitted: jobId={} model={} count={}", job.id(), job.model(), job.count());
    return job;
  }

  /** The caller's job; a malformed id or another owner's job is simply not found. */
  public Job find(String owner, String id) {
    if (!StorageKeys.isJobId(id)) {
      throw new JobNotFoundException(id);
    }
    return jobs.findByIdAndOwner(id, owner).orElseThrow(() -> new JobNotFoundException(id));
  }

  /**
   * A page of the caller's jobs, newest first.
   *
   * @param limit 1 to {@value #LIST_LIMIT_MAX}, as the query string gave it; {@code null} for 20
   * @param cursor the {@code next} of the previous page, or {@code null} for the first
   */
  public Page list(String owner, String limit, String cursor) {
    int size = parseLimit(limit);
    List<Job> found;
    if (cursor == null || cursor.isEmpty()) {
      found = jobs.findNewest(owner, size + 1);
    } else {
      PageCursor after =
          PageCursor.decode(cursor)
              .orElseThrow(
                  () ->
                      InvalidRequestException.of(
                          "cursor", "is not a cursor this API returned; start again without one"));
      found = jobs.findOlderThan(owner, after.createdAt(), after.id(), size + 1);
    }
    if (found.size() <= size) {
      return new Page(found, null);
    }
    List<Job> shown = found.subList(0, size);
    Job last = shown.get(size - 1);
    return new Page(List.copyOf(shown), new PageCursor(last.createdAt(), last.id()).encode());
  }

  /**
   * Cancels a QUEUED or RUNNING job and leaves the marker that stops its runner.
   *
   * @throws JobConflictException when the job already finished
   */
  public Job cancel(String owner, String id) {
    Job job = find(owner, id);
    if (job.status().isTerminal()) {
      throw new JobConflictException("job is already " + job.status());
    }
    Instant now = now();
    if (jobs.markCancelled(id, now, now) == 0) {
      throw new JobConflictException("job is already " + reload(id).status());
    }
    try {
      cancelMarkers.write(id);
    } catch (RuntimeException e) {
      // The row is CANCELLED either way and later events cannot revive it; the runner just
      // paints to the end.
      LOG.warn(
          "cancel marker not written, the runner will not stop early: jobId={} cause={}",
          id,
          e.toString());
    }
    LOG.info("job cancelled: jobId={}", id);
    fairShare.release(owner);
    return reload(id);
  }

  private static int parseLimit(String limit) {
    if (limit == null || limit.isEmpty()) {
      return 20;
    }
    try {
      int value = Integer.parseInt(limit);
      if (value >= 1 && value <= LIST_LIMIT_MAX) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, like an out-of-range number
    }
    throw InvalidRequestException.of("limit", "must be an integer from 1 to " + LIST_LIMIT_MAX);
  }

  private Job reload(String id) {
    return jobs.findById(id).orElseThrow(() -> new JobNotFoundException(id));
  }

  private Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }

  /** Jobs of one page and the cursor of the next, if any. */
  public record Page(List<Job> jobs, String next) {}
}
