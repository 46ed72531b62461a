package io.goldpan.local;

import io.goldpan.functions.Application;
import io.goldpan.functions.auth.ApiKey;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.auth.KeyRequestException;
import io.goldpan.local.aws.LocalStackException;
import io.micronaut.context.ApplicationContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code goldpan-local keys}: lets a friend in with a key of their own, lists keys, takes one back.
 * Works on the data folder's database (or {@code GOLDPAN_DATABASE_URL}) while goldpan-local is not
 * running; while it runs, use the web app's Keys page or {@code /api/keys}.
 */
final class LocalKeys {
  static final String USAGE =
      """
      Usage: goldpan-local keys create --owner NAME [--label TEXT] [--data-dir DIR]
             goldpan-local keys list [--data-dir DIR]
             goldpan-local keys revoke ID [--data-dir DIR]

      create  makes an API key for NAME (a friend) and prints it; it is shown this once
      list    every key: id, owner, label, created, last used (never a secret)
      revoke  the key stops working at once and its browser sessions end

      The data folder's database is used (default .goldpan), or GOLDPAN_DATABASE_URL. Stop
      goldpan-local first: its database is open while it runs (then use the web app or
      POST /api/keys with your own key instead).
      """;

  private LocalKeys() {}

  /** Runs {@code keys …}; returns the exit code. */
  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
      out.print(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    Map<String, String> options = new LinkedHashMap<>();
    String positional = null;
    for (int i = 1; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("--")) {
        if (i + 1 >= args.size()) {
          err.println("goldpan-local keys: " + arg + " needs a value");
          return 2;
        }
        options.put(arg, args.get(++i));
      } else if (positional == null) {
        positional = arg;
      } else {
        err.println("goldpan-local keys: unexpected " + arg + "\n\n" + USAGE);
        return 2;
      }
    }
    String command = args.get(0);
    if (command.equals("create")
        && (options.get("--owner") == null || options.get("--owner").isBlank())) {
      err.println("goldpan-local keys create: --owner NAME is required");
      return 2;
    }
    if (command.equals("revoke") && positional == null) {
      err.println("goldpan-local keys revoke: which key? (an ID from 'keys list')");
      return 2;
    }
    if (!List.of("create", "list", "revoke").contains(command)) {
      err.println("goldpan-local keys: unknown command " + command + "\n\n" + USAGE);
      return 2;
    }
    Path dataDir = Path.of(options.getOrDefault("--data-dir", ".goldpan"));
    try (ApplicationContext context = open(dataDir, env)) {
      ApiKeys keys = context.getBean(ApiKeys.class);
      switch (command) {
        case "create" -> {
          String owner = options.get("--owner");
          ApiKeys.Created created = keys.create(owner.strip(), options.get("--label"));
          out.println("Key " + created.keyId() + " for " + owner.strip() + " (shown this once):");
          out.println(created.key());
          return 0;
        }
        case "list" -> {
          out.printf(
              "%-14s %-20s %-24s %-24s %s%n", "ID", "OWNER", "LABEL", "CREATED", "LAST USED");
          for (ApiKey key : keys.all()) {
            out.printf(
                "%-14s %-20s %-24s %-24s %s%n",
                key.keyId(),
                key.owner(),
                Optional.ofNullable(key.label()).orElse("-"),
                key.createdAt(),
                key.lastUsedAt() == null ? "never" : key.lastUsedAt());
          }
          return 0;
        }
        case "revoke" -> {
          if (keys.revoke(positional).isEmpty()) {
            err.println("goldpan-local keys revoke: no key " + positional);
            return 1;
          }
          out.println("Revoked " + positional + ".");
          return 0;
        }
        default -> throw new IllegalStateException("checked above: " + command);
      }
    } catch (KeyRequestException | LocalStackException e) {
      err.println("goldpan-local keys: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println(
          "goldpan-local keys: cannot open the database in "
              + dataDir
              + " ("
              + GoldpanLocal.rootMessage(e)
              + "); if goldpan-local is running, stop it first or use the web app's Keys page");
      return 1;
    }
  }

  /** The functions' beans on the stack's database, with no server and no pollers. */
  private static ApplicationContext open(Path dataDir, Map<String, String> env) {
    if (!dataDir.resolve("db").toFile().isDirectory() && env.get("GOLDPAN_DATABASE_URL") == null) {
      throw new LocalStackException(
          "no goldpan-local data in "
              + dataDir
              + " (start goldpan-local once, or pass --data-dir)");
    }
    Map<String, Object> props = new LinkedHashMap<>();
    props.putAll(
        GoldpanLocal.database(new LocalOptions("127.0.0.1", 0, 0, 0, dataDir, false), env));
    props.put("goldpan.events.poller.enabled", "false");
    props.put("goldpan.jobs-dead-letter.poller-enabled", "false");
    props.put("goldpan.events-dead-letter.poller-enabled", "false");
    props.put("goldpan.sweeper.enabled", "false");
    return ApplicationContext.builder(Application.class).properties(props).start();
  }
}
