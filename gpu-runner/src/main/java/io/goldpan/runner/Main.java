package io.goldpan.runner;

import io.goldpan.runner.config.CommandContext;
import io.goldpan.runner.config.VariableOptions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code goldpan-runner} command line: parses with picocli and runs the chosen command. */
public final class Main {
  /** Exit status of a command line that does not parse. */
  static final int USAGE_ERROR = 2;

  /** Exit status of a command that failed with a {@link RunnerException}. */
  static final int FAILED = 1;

  private Main() {}

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "goldpan-runner-logback.xml");
    }
    System.exit(run(args, System.out, System.err, System.console() != null, System.getenv()));
  }

  /** Runs the command; returns the process exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, false);
  }

  /** As {@link #run(String[], PrintStream, PrintStream)}; {@code terminal}: err is a terminal. */
  static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
    return run(args, out, err, terminal, System.getenv());
  }

  /** As {@link #run(String[], PrintStream, PrintStream, boolean)} with its own environment. */
  static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      boolean terminal,
      Map<String, String> environment) {
    CommandLine commandLine = commandLine(new CommandContext(out, err, terminal, environment));
    int status = commandLine.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  /** The whole command tree, printing to the context's streams. */
  static CommandLine commandLine(CommandContext context) {
    CommandLine commandLine =
        new CommandLine(GoldpanRunnerCommand.class, new ContextFactory(context))
            .setUsageHelpWidth(100)
            .setOut(new PrintWriter(context.out(), true, StandardCharsets.UTF_8))
            .setErr(new PrintWriter(context.err(), true, StandardCharsets.UTF_8))
            .setParameterExceptionHandler(Main::usageError)
            .setExecutionExceptionHandler(
                (e, failed, parsed) -> {
                  if (!(e instanceof RunnerException)) {
                    throw e;
                  }
                  failed.getErr().println(prefix(failed) + ": " + e.getMessage());
                  return FAILED;
                });
    VariableOptions.addVariableNames(commandLine);
    ModelsCommand.Pull.describeAliases(
        commandLine.getSubcommands().get("models").getSubcommands().get("pull").getCommandSpec());
    return commandLine;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine failed = e.getCommandLine();
    PrintWriter err = failed.getErr();
    err.println(prefix(failed) + ": " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
    return USAGE_ERROR;
  }

  /** {@code goldpan-runner generate}, but {@code goldpan-runner} for {@code run}, the default. */
  private static String prefix(CommandLine command) {
    CommandLine parent = command.getParent();
    if (parent != null
        && parent.getParent() == null
        && command.getCommand() instanceof RunCommand) {
      return parent.getCommandSpec().qualifiedName();
    }
    return command.getCommandSpec().qualifiedName();
  }

  /** Builds commands, handing the {@link CommandContext} to those whose constructor takes it. */
  private record ContextFactory(CommandContext context) implements IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      Constructor<K> constructor;
      try {
        constructor = type.getDeclaredConstructor(CommandContext.class);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
      constructor.setAccessible(true);
      return constructor.newInstance(context);
    }
  }
}
