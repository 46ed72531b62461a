package io.goldpan.runner.hub;

/**
 * One file of a repo's tree listing.
 *
 * @param path the path inside the repo, {@code /}-separated
 * @param size its size in bytes
 * @param gitOid the git blob id (SHA-1 of {@code "blob " + size + "\0" + content})
 * @param sha256 the SHA-256 of the content for an LFS file, else {@code null}
 */
public record HubFile(String path, long size, String gitOid, String sha256) {
  public boolean isLfs() {
    return sha256 != null;
  }
}
