package io.goldpan.local;

import io.goldpan.local.aws.LocalCredentials;
import io.goldpan.local.aws.LocalStackException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Secrets of one data directory, kept in {@code DIR/secrets.properties} (owner-only): the
 * emulators' access key pair and the API key, so a restart keeps working with the same key and
 * runner.env.
 *
 * @param credentials access key pair of the embedded S3 and SQS
 * @param apiKey the API key, or {@code null} until one is created
 */
record LocalSecrets(LocalCredentials credentials, String apiKey) {
  private static final String FILE = "secrets.properties";

  static LocalSecrets loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      LocalSecrets fresh = new LocalSecrets(LocalCredentials.generate(), null);
      fresh.save(dataDir);
      return fresh;
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new LocalStackException("cannot read " + file, e);
    }
    String id = p.getProperty("aws.accessKeyId");
    String secret = p.getProperty("aws.secretAccessKey");
    if (id == null || secret == null) {
      throw new LocalStackException(
          file + " lacks aws.accessKeyId or aws.secretAccessKey; delete it to start afresh");
    }
    return new LocalSecrets(new LocalCredentials(id, secret), p.getProperty("api.key"));
  }

  LocalSecrets withApiKey(String key) {
    return new LocalSecrets(credentials, key);
  }

  void save(Path dataDir) {
    Properties p = new Properties();
    p.setProperty("aws.accessKeyId", credentials.accessKeyId());
    p.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
    if (apiKey != null) {
      p.setProperty("api.key", apiKey);
    }
    Path file = dataDir.resolve(FILE);
    try (Writer out = OwnerOnlyFiles.newWriter(file)) {
      p.store(out, "goldpan-local secrets for this data directory; keep private");
    } catch (IOException e) {
      throw new LocalStackException("cannot write " + file, e);
    }
  }

  @Override
  public String toString() {
    return "LocalSecrets[***]";
  }
}
