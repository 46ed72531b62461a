package io.goldpan.local;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/** Writes files that hold secrets, and keeps folders, so only their owner can read them. */
final class OwnerOnlyFiles {
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFiles() {}

  /**
   * Creates {@code dir} if need be and makes it and everything in it its owner's alone (folders
   * {@code rwx------}, files {@code rw-------}), so that what a library writes there with the
   * default umask is not readable by other users either. Does nothing where POSIX modes do not
   * exist.
   */
  static void restrict(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.toList()) {
        if (!Files.isSymbolicLink(path)) {
          Files.setPosixFilePermissions(path, Files.isDirectory(path) ? FOLDER : FILE);
        }
      }
    }
  }

  static Writer newWriter(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!Files.exists(file)
        && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    return Files.newBufferedWriter(
        file,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
  }
}
