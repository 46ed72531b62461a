package io.goldpan.local;

import io.goldpan.local.aws.LocalStackException;
import java.nio.file.Path;
import java.util.List;

/**
 * Command-line options of {@code goldpan-local}.
 *
 * @param host address every server binds to and advertises
 * @param port functions (API and gallery) port
 * @param sqsPort SQS emulator port
 * @param s3Port S3 emulator port
 * @param dataDir where the database, the images and the local secrets live
 * @param runner whether to run a demo-model runner in this JVM
 */
public record LocalOptions(
    String host, int port, int sqsPort, int s3Port, Path dataDir, boolean runner) {

  public static final String USAGE =
      """
      Usage: goldpan-local [--port N] [--data-dir DIR] [--no-runner] [--sqs-port N] [--s3-port N]
             goldpan-local keys create|list|revoke ...   (friends' keys: goldpan-local keys --help)

      Runs Goldpan on this machine with no Docker, no AWS account and no GPU: an SQS emulator,
      an S3 emulator over DIR/s3, an H2 database in DIR/db, the API and gallery on --port, and a
      runner painting with the demo model.

        --port N        API and gallery port (default 8080)
        --sqs-port N    SQS emulator port (default: port + 1)
        --s3-port N     S3 emulator port (default: port + 2)
        --data-dir DIR  data directory, kept across restarts (default .goldpan)
        --no-runner     start no runner; join one with
                          gpu-runner/goldpan-runner --env-file DIR/runner.env
        --help          this text

      Environment: GOLDPAN_API_KEY fixes the API key (otherwise one is created and kept in DIR).
      GOLDPAN_DATABASE_URL (a jdbc:postgresql: URL), GOLDPAN_DATABASE_USER and
      GOLDPAN_DATABASE_PASSWORD use PostgreSQL instead of the H2 database in DIR/db.
      """;

  /**
   * Parses the arguments.
   *
   * @throws LocalStackException naming the bad option
   */
  public static LocalOptions parse(List<String> args) {
    int port = 8080;
    Integer sqsPort = null;
    Integer s3Port = null;
    Path dataDir = Path.of(".goldpan");
    boolean runner = true;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--port" -> port = port(arg, value(args, ++i, arg));
        case "--sqs-port" -> sqsPort = port(arg, value(args, ++i, arg));
        case "--s3-port" -> s3Port = port(arg, value(args, ++i, arg));
        case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
        case "--no-runner" -> runner = false;
        default -> throw new LocalStackException("unknown option " + arg + "\n\n" + USAGE);
      }
    }
    return new LocalOptions(
        "127.0.0.1",
        port,
        sqsPort != null ? sqsPort : port + 1,
        s3Port != null ? s3Port : port + 2,
        dataDir.toAbsolutePath().normalize(),
        runner);
  }

  private static String value(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new LocalStackException(option + " needs a value\n\n" + USAGE);
    }
    return args.get(index);
  }

  private static int port(String option, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new LocalStackException(
          option + " must be a port from 1 to 65535, got '" + value + "'");
    }
  }
}
