package io.goldpan.runner.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --env-file FILE} option and the variables a command's options set. A command's
 * variables come from the process environment, overlaid by each env file in order, overlaid by its
 * options: an option {@code --bucket} whose {@code descriptionKey} is {@code GOLDPAN_BUCKET} sets
 * that variable, and {@link #addVariableNames} makes {@code --GOLDPAN_BUCKET} a hidden synonym.
 */
public final class VariableOptions {
  private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  private final List<Map<String, String>> envFiles = new ArrayList<>();
  private final Map<String, String> options = new HashMap<>();

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description =
          "Read variables from FILE (KEY=VALUE lines, # comments); may be repeated. Environment <"
              + " env files, in order < options.")
  void envFile(Path file) {
    try {
      envFiles.add(EnvFile.read(file));
    } catch (ConfigException e) {
      throw new ParameterException(mixee.commandLine(), e.getMessage(), e);
    }
  }

  /** Sets {@code variable} as an option does; {@code null} (no value) is ignored. */
  public void set(String variable, String value) {
    if (value != null) {
      options.put(variable, value);
    }
  }

  /** The merged variables: {@code environment}, then each env file, then the options. */
  public Map<String, String> merge(Map<String, String> environment) {
    Map<String, String> vars = new HashMap<>(environment);
    envFiles.forEach(vars::putAll);
    vars.putAll(options);
    return vars;
  }

  /**
   * Gives every option of {@code root} and its subcommands whose {@code descriptionKey} is a
   * variable name a hidden synonym {@code --VARIABLE}, so {@code --GOLDPAN_BUCKET x} and {@code
   * --GOLDPAN_BUCKET=x} keep working beside {@code --bucket x}.
   */
  public static void addVariableNames(CommandLine root) {
    CommandSpec spec = root.getCommandSpec();
    for (OptionSpec option : List.copyOf(spec.options())) {
      String variable = option.descriptionKey();
      String name = "--" + variable;
      if (variable != null
          && VARIABLE.matcher(variable).matches()
          && spec.findOption(name) == null) {
        spec.addOption(
            OptionSpec.builder(name)
                .hidden(true)
                .type(option.type())
                .arity(option.arity().toString())
                .paramLabel(option.paramLabel())
                .setter(option.setter())
                .build());
      }
    }
    root.getSubcommands().values().stream().distinct().forEach(VariableOptions::addVariableNames);
  }
}
