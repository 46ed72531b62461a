package io.goldpan.local;

import io.goldpan.functions.push.crypto.P256;
import io.goldpan.local.aws.LocalCredentials;
import io.goldpan.local.aws.LocalStackException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.Properties;

/**
 * Secrets of one data directory, kept in {@code DIR/secrets.properties} (owner-only): the
 * emulators' access key pair, the API key and the Web Push VAPID key pair, so a restart keeps
 * working with the same key, runner.env and the browsers' push subscriptions.
 *
 * @param credentials access key pair of the embedded S3 and SQS
 * @param apiKey the API key, or {@code null} until one is created
 * @param vapid the VAPID key pair push subscriptions are bound to
 */
record LocalSecrets(LocalCredentials credentials, String apiKey, VapidPair vapid) {
  private static final String FILE = "secrets.properties";

  /** A P-256 key pair in its base64url wire forms (65-byte public point, 32-byte scalar). */
  record VapidPair(String publicKey, String privateKey) {
    static VapidPair generate() {
      KeyPair pair = P256.generate(new SecureRandom());
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      return new VapidPair(
          b64.encodeToString(P256.uncompressed((ECPublicKey) pair.getPublic())),
          b64.encodeToString(P256.scalar((ECPrivateKey) pair.getPrivate())));
    }

    @Override
    public String toString() {
      return "VapidPair[" + publicKey + ", ***]";
    }
  }

  static LocalSecrets loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      LocalSecrets fresh =
          new LocalSecrets(LocalCredentials.generate(), null, VapidPair.generate());
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
    String vapidPublic = p.getProperty("vapid.publicKey");
    String vapidPrivate = p.getProperty("vapid.privateKey");
    if (vapidPublic == null || vapidPrivate == null) {
      // a data directory from before push: make its key pair once, now
      LocalSecrets upgraded =
          new LocalSecrets(
              new LocalCredentials(id, secret), p.getProperty("api.key"), VapidPair.generate());
      upgraded.save(dataDir);
      return upgraded;
    }
    return new LocalSecrets(
        new LocalCredentials(id, secret),
        p.getProperty("api.key"),
        new VapidPair(vapidPublic, vapidPrivate));
  }

  LocalSecrets withApiKey(String key) {
    return new LocalSecrets(credentials, key, vapid);
  }

  void save(Path dataDir) {
    Properties p = new Properties();
    p.setProperty("aws.accessKeyId", credentials.accessKeyId());
    p.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
    if (apiKey != null) {
      p.setProperty("api.key", apiKey);
    }
    p.setProperty("vapid.publicKey", vapid.publicKey());
    p.setProperty("vapid.privateKey", vapid.privateKey());
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
