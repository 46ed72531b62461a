package io.goldpan.runner.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a dotenv-style file: {@code KEY=VALUE} lines, {@code #} comments, an optional {@code export
 * } prefix, and values optionally in single quotes (literal) or double quotes ({@code \"}, {@code
 * \\}, {@code \n}, {@code \t} escapes).
 */
public final class EnvFile {
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private EnvFile() {}

  /** The variables in {@code file}, in file order. */
  public static Map<String, String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("cannot read env file " + file + ": " + e.getMessage(), e);
    }
    return parse(lines, file.toString());
  }

  /** The variables in {@code lines}; {@code source} names them in error messages. */
  public static Map<String, String> parse(List<String> lines, String source) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ") || line.startsWith("export\t")) {
        line = line.substring(7).stripLeading();
      }
      int eq = line.indexOf('=');
      // The line itself is not echoed: it may hold a secret.
      if (eq < 0) {
        throw bad(source, i, "expected KEY=VALUE but found no '='");
      }
      String key = line.substring(0, eq).strip();
      if (!KEY.matcher(key).matches()) {
        throw bad(
            source,
            i,
            "the name before '=' must be letters, digits and '_', not starting with a digit");
      }
      vars.put(key, value(line.substring(eq + 1).strip(), source, i));
    }
    return vars;
  }

  private static String value(String raw, String source, int index) {
    if (raw.startsWith("'")) {
      int end = raw.indexOf('\'', 1);
      if (end < 0) {
        throw bad(source, index, "the single-quoted value has no closing quote");
      }
      requireOnlyComment(raw.substring(end + 1), source, index);
      return raw.substring(1, end);
    }
    if (raw.startsWith("\"")) {
      StringBuilder value = new StringBuilder();
      for (int i = 1; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '"') {
          requireOnlyComment(raw.substring(i + 1), source, index);
          return value.toString();
        }
        if (c == '\\' && i + 1 < raw.length()) {
          char next = raw.charAt(++i);
          switch (next) {
            case 'n' -> value.append('\n');
            case 't' -> value.append('\t');
            case '"', '\\', '$' -> value.append(next);
            default -> value.append('\\').append(next);
          }
        } else {
          value.append(c);
        }
      }
      throw bad(source, index, "the double-quoted value has no closing quote");
    }
    // Unquoted: a '#' after whitespace starts a comment, as in shells.
    int comment = -1;
    for (int i = 1; i < raw.length(); i++) {
      if (raw.charAt(i) == '#' && Character.isWhitespace(raw.charAt(i - 1))) {
        comment = i;
        break;
      }
    }
    return comment < 0 ? raw : raw.substring(0, comment).strip();
  }

  private static void requireOnlyComment(String rest, String source, int index) {
    String trimmed = rest.strip();
    if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
      throw bad(source, index, "unexpected text after the closing quote");
    }
  }

  private static ConfigException bad(String source, int index, String why) {
    return new ConfigException("env file " + source + " line " + (index + 1) + ": " + why);
  }
}
