package io.goldpan.runner.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The runner's command line: {@code [command] [--env-file FILE]... [--VAR value | --VAR=value]...}.
 * Variables come from the process environment, overlaid by each env file in order, overlaid by
 * flags.
 *
 * @param command the subcommand, {@code run} when none is given
 * @param help whether {@code --help} (or {@code -h}, {@code help}) was asked for
 * @param vars the merged variables, ready for {@link RunnerConfig#from(Map)}
 */
public record CommandLine(String command, boolean help, Map<String, String> vars) {
  /** Subcommands this build knows. */
  public static final List<String> COMMANDS = List.of("run");

  private static final Pattern VAR = Pattern.compile("[A-Z_][A-Z0-9_]*");

  public CommandLine {
    vars = Map.copyOf(vars);
  }

  /** Parses {@code args} on top of {@code environment} (usually {@link System#getenv()}). */
  public static CommandLine parse(List<String> args, Map<String, String> environment) {
    Map<String, String> vars = new HashMap<>(environment);
    Map<String, String> flags = new HashMap<>();
    String command = null;
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h") || (i == 0 && arg.equals("help"))) {
        help = true;
      } else if (arg.equals("--env-file") || arg.startsWith("--env-file=")) {
        String file =
            arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : valueAfter(args, i++);
        vars.putAll(EnvFile.read(Path.of(file)));
      } else if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
        if (!VAR.matcher(name).matches()) {
          throw new ConfigException(
              "unknown option "
                  + (eq < 0 ? arg : arg.substring(0, eq))
                  + "; options are --env-file FILE, --help and --VARIABLE value (e.g."
                  + " --GOLDPAN_BUCKET goldpan)");
        }
        flags.put(name, eq < 0 ? valueAfter(args, i++) : arg.substring(eq + 1));
      } else if (i == 0 && COMMANDS.contains(arg)) {
        command = arg;
      } else {
        throw new ConfigException(
            "unexpected argument '"
                + arg
                + "'; commands are "
                + String.join(", ", COMMANDS)
                + " (run goldpan-runner --help)");
      }
    }
    vars.putAll(flags);
    return new CommandLine(command == null ? "run" : command, help, vars);
  }

  private static String valueAfter(List<String> args, int i) {
    if (i + 1 >= args.size()) {
      throw new ConfigException(args.get(i) + " needs a value");
    }
    return args.get(i + 1);
  }
}
