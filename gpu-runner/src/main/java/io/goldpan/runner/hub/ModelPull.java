package io.goldpan.runner.hub;

import io.goldpan.runner.store.InstalledModel;
import io.goldpan.runner.store.ModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Pulls a model in the Optimum ONNX layout from the Hub into a {@link ModelStore}: pins the
 * revision to one commit, downloads only what the runner needs into the store's partial folder
 * (resuming {@code .part} files with {@code Range}), verifies every file's digest and size, and
 * installs the model in one rename once all of it is there.
 */
public final class ModelPull {
  private static final String PINNED_COMMIT = ".commit";
  private static final String SOURCE = "goldpan-source.json";

  private final HubClient hub;
  private final ModelStore store;
  private final DownloadProgress progress;

  public ModelPull(HubClient hub, ModelStore store, DownloadProgress progress) {
    this.hub = hub;
    this.store = store;
    this.progress = progress;
  }

  /**
   * Pulls {@code ref} as model {@code name}.
   *
   * @throws HubException when the repo is unreachable, refused, lacks a required part, or a file
   *     does not match its digest (the partial download stays for the next pull to resume, except
   *     the bad file)
   */
  public InstalledModel pull(RepoRef ref, String name) {
    ModelStore.checkName(name);
    if (store.find(name).isPresent()) {
      throw new HubException(
          "model '"
              + name
              + "' is already installed in "
              + store.root()
              + "; remove it first with goldpan-runner models rm "
              + name
              + ", or pull under another --name");
    }
    String commit = pin(ref);
    List<HubFile> listing = hub.files(ref.repo(), commit);
    List<String> missing = PullPlan.missing(listing);
    if (!missing.isEmpty()) {
      boolean torchOnly = listing.stream().anyMatch(f -> f.path().endsWith(".safetensors"));
      throw new HubException(
          "repo "
              + ref.repo()
              + " at "
              + shortCommit(commit)
              + " is not a Stable Diffusion model in the ONNX layout the runner needs; it lacks: "
              + String.join(", ", missing)
              + (torchOnly
                  ? ". It has torch weights: export it with optimum-cli (docs/models.md)"
                  : ""));
    }
    List<HubFile> files = PullPlan.select(listing);
    Path partial = store.partial(name);
    preparePartial(partial, ref, commit);

    long total = files.stream().mapToLong(HubFile::size).sum();
    long already = 0;
    for (HubFile file : files) {
      already += Files.isRegularFile(target(partial, file)) ? file.size() : 0;
    }
    progress.start(total, already, files.size());
    for (HubFile file : files) {
      fetch(ref.repo(), commit, file, partial);
    }
    progress.finish();
    write(
        partial.resolve(SOURCE),
        "{\"repo\": \""
            + ref.repo()
            + "\", \"revision\": \""
            + ref.revision()
            + "\", \"commit\": \""
            + commit
            + "\"}\n");
    deleteIfExists(partial.resolve(PINNED_COMMIT));
    return store.install(name);
  }

  /** The commit {@code ref}'s revision resolves to now ({@code X-Repo-Commit}). */
  private String pin(RepoRef ref) {
    HubClient.FileMetadata index;
    try {
      index = hub.head(ref.repo(), ref.revision(), "model_index.json");
    } catch (EntryNotFoundException e) {
      // No model_index.json: list the revision anyway, to name everything that is missing.
      List<String> missing = PullPlan.missing(hub.files(ref.repo(), ref.revision()));
      throw new HubException(
          "repo "
              + ref
              + " is not a Stable Diffusion model in the ONNX layout the runner needs; it lacks: "
              + String.join(", ", missing),
          e);
    }
    if (index.commit() == null || !index.commit().matches("[0-9a-f]{40}")) {
      throw new HubException(
          "the Hub gave no commit (X-Repo-Commit) for "
              + ref
              + "; is "
              + hub.endpoint()
              + " a Hugging Face Hub?");
    }
    return index.commit();
  }

  /** Keeps what an earlier pull of the same commit left; starts over for any other commit. */
  private static void preparePartial(Path partial, RepoRef ref, String commit) {
    Path pinned = partial.resolve(PINNED_COMMIT);
    try {
      if (Files.isDirectory(partial)) {
        String previous =
            Files.isRegularFile(pinned) ? Files.readString(pinned, StandardCharsets.UTF_8) : "";
        if (!previous.strip().equals(commit)) {
          ModelStore.deleteTree(partial);
        }
      }
      Files.createDirectories(partial);
      Files.writeString(pinned, commit, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HubException("cannot prepare " + partial + " for " + ref + ": " + e, e);
    }
  }

  private void fetch(String repo, String commit, HubFile file, Path partial) {
    Path target = target(partial, file);
    if (Files.isRegularFile(target)) {
      return; // verified by an earlier pull of this commit
    }
    HubClient.FileMetadata meta = hub.head(repo, commit, file.path());
    String sha256 = file.sha256();
    if (meta.sha256() != null && file.isLfs() && !meta.sha256().equalsIgnoreCase(file.sha256())) {
      throw new HubException(
          file.path()
              + " of "
              + repo
              + "@"
              + shortCommit(commit)
              + ": the file list and the file's X-Linked-Etag disagree on its SHA-256");
    }
    if (sha256 == null && meta.sha256() != null && meta.size() != null) {
      sha256 = meta.sha256();
    }
    long size = meta.size() != null ? meta.size() : file.size();
    if (size != file.size()) {
      throw new HubException(
          file.path()
              + " of "
              + repo
              + "@"
              + shortCommit(commit)
              + ": the file list says "
              + file.size()
              + " bytes, X-Linked-Size "
              + size);
    }
    Path part = target.resolveSibling(target.getFileName() + ".part");
    progress.file(file.path(), size);
    try {
      Files.createDirectories(target.getParent());
      MessageDigest digest = digest(sha256 != null ? "SHA-256" : "SHA-1");
      long have = Files.isRegularFile(part) ? Files.size(part) : 0;
      if (have > size) {
        Files.delete(part);
        have = 0;
      }
      if (sha256 == null) {
        digest.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
      }
      if (have > 0) {
        try (InputStream in = Files.newInputStream(part)) {
          feed(in, digest, null, false);
        }
        progress.advance(have, false);
      }
      if (have < size || size == 0) {
        have = download(repo, commit, file.path(), part, have, size, digest);
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      String expected = sha256 != null ? sha256 : file.gitOid();
      if (have != size || expected == null || !actual.equalsIgnoreCase(expected)) {
        Files.deleteIfExists(part);
        throw new HubException(
            file.path()
                + " of "
                + repo
                + "@"
                + shortCommit(commit)
                + " is corrupt: expected "
                + size
                + " bytes with "
                + (sha256 != null ? "SHA-256 " : "git id ")
                + expected
                + ", got "
                + have
                + " bytes with "
                + actual
                + "; it was deleted and nothing was installed. Pull again; if it fails again,"
                + " the Hub or a proxy on the way is serving a broken file");
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new HubException(
          "download of "
              + file.path()
              + " from "
              + repo
              + " was interrupted ("
              + e.getMessage()
              + "); run the same pull again to resume it",
          e);
    }
    progress.fileDone(file.path());
  }

  /** Appends the rest of the file to {@code part}; returns the part's length afterwards. */
  private long download(
      String repo,
      String commit,
      String path,
      Path part,
      long have,
      long size,
      MessageDigest digest)
      throws IOException {
    HttpResponse<InputStream> response = hub.download(repo, commit, path, have);
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status == 416) {
        // The part is longer than the file now is: start over.
        Files.deleteIfExists(part);
        digest.reset();
        body.close();
        throw new IOException("the Hub refused to resume " + path + " (416); the part was deleted");
      }
      boolean resumed =
          status == 206
              && response
                  .headers()
                  .firstValue("Content-Range")
                  .filter(range -> range.strip().startsWith("bytes " + have + "-"))
                  .isPresent();
      if (!resumed && have > 0) {
        // A 200 (the server ignored Range) or a 206 for other bytes: the part is restarted.
        digest.reset();
        if (digest.getAlgorithm().equals("SHA-1")) {
          digest.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        progress.advance(-have, false);
      }
      try (OutputStream out =
          resumed
              ? Files.newOutputStream(part, StandardOpenOption.APPEND)
              : Files.newOutputStream(
                  part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
        long written = feed(body, digest, out, true);
        return (resumed ? have : 0) + written;
      }
    }
  }

  private long feed(InputStream in, MessageDigest digest, OutputStream out, boolean fetched)
      throws IOException {
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      digest.update(buffer, 0, n);
      if (out != null) {
        out.write(buffer, 0, n);
        progress.advance(n, fetched);
      }
      total += n;
    }
    return total;
  }

  private static Path target(Path partial, HubFile file) {
    Path target = partial.resolve(file.path()).normalize();
    if (!target.startsWith(partial) || file.path().startsWith("/")) {
      throw new HubException("the Hub listed a file outside the repo: " + file.path());
    }
    return target;
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HubException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new HubException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  private static String shortCommit(String commit) {
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }
}
