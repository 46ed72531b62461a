package io.goldpan.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Reads and writes the wire messages. Every message carries {@code "v"}; a reader refuses a version
 * it does not speak instead of guessing.
 */
public final class Contract {
  /** The contract version this build writes and reads. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private Contract() {}

  public static String toJson(JobMessage job) {
    return write(job);
  }

  public static String toJson(RunnerEvent event) {
    return write(event);
  }

  /**
   * Parses a job message.
   *
   * @throws ContractException when the body is not a version-{@value #VERSION} job message
   */
  public static JobMessage parseJob(String body) {
    return read(body, JobMessage.class, "job");
  }

  /**
   * Parses a runner event.
   *
   * @throws ContractException when the body is not a version-{@value #VERSION} runner event
   */
  public static RunnerEvent parseEvent(String body) {
    RunnerEvent event = read(body, RunnerEvent.class, "event");
    if (event.type() == null) {
      throw new ContractException("event message has no \"type\"");
    }
    if (event.type() != EventType.RUNNER_HEARTBEAT && !StorageKeys.isJobId(event.jobId())) {
      throw new ContractException("event message has no valid \"jobId\"");
    }
    return event;
  }

  private static <T> T read(String body, Class<T> type, String what) {
    if (body == null || body.isBlank()) {
      throw new ContractException(what + " message is empty");
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ContractException(what + " message is not JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new ContractException(what + " message is not a JSON object");
    }
    JsonNode version = tree.get("v");
    if (version == null || !version.canConvertToInt()) {
      throw new ContractException(what + " message has no contract version \"v\"");
    }
    if (version.asInt() != VERSION) {
      throw new ContractException(
          what
              + " message has contract version "
              + version.asText()
              + " but this build speaks version "
              + VERSION
              + "; upgrade the older side");
    }
    try {
      return JSON.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw new ContractException(what + " message is malformed: " + e.getOriginalMessage(), e);
    }
  }

  private static String write(Object message) {
    try {
      return JSON.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new ContractException("cannot write " + message.getClass().getSimpleName(), e);
    }
  }
}
