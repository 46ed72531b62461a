package io.goldpan.runner.hub;

import java.util.regex.Pattern;

/**
 * A Hub model repo at a revision, written {@code owner/name[@revision]}.
 *
 * @param repo {@code owner/name}
 * @param revision a branch, tag or commit; {@code main} when none is given
 */
public record RepoRef(String repo, String revision) {
  private static final Pattern REPO =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");

  /**
   * Parses {@code owner/name[@revision]}.
   *
   * @throws HubException saying what a repo looks like
   */
  public static RepoRef parse(String text) {
    int at = text.indexOf('@');
    String repo = at < 0 ? text : text.substring(0, at);
    String revision = at < 0 ? "main" : text.substring(at + 1);
    if (!REPO.matcher(repo).matches() || repo.contains("..")) {
      throw new HubException(
          "'"
              + text
              + "' is not a Hub repo: write owner/name[@revision], e.g."
              + " onnx-community/stable-diffusion-v1-5-ONNX, or a known alias (models pull"
              + " --help)");
    }
    if (revision.isBlank() || revision.contains("..") || revision.startsWith("/")) {
      throw new HubException("'" + text + "' has no usable revision after '@'");
    }
    return new RepoRef(repo, revision);
  }

  /** The name a model pulled from this repo gets by default: the repo's own name. */
  public String defaultName() {
    return repo.substring(repo.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return repo + "@" + revision;
  }
}
