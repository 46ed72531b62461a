package io.goldpan.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Web Push service on 127.0.0.1 for tests, playing both the push service and the browser: it
 * hands out subscriptions (an endpoint, and the browser's P-256 key and auth secret), accepts the
 * application server's POST only with a VAPID token that verifies against the expected public key
 * (RFC 8292), decrypts the message with the subscription's private key (RFC 8291, written out here
 * rather than borrowed from the code under test) and records it. A subscription can be made to
 * answer 410 (gone) or to hang until the service closes.
 */
public final class LocalPushService implements AutoCloseable {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
  private static final Pattern VAPID = Pattern.compile("vapid t=([^,\\s]+),\\s*k=([A-Za-z0-9_-]+)");
  private static final Pattern AUD = Pattern.compile("\"aud\":\"([^\"]*)\"");
  private static final Pattern EXP = Pattern.compile("\"exp\":(\\d+)");
  private static final Pattern SUB = Pattern.compile("\"sub\":\"([^\"]*)\"");

  /** A browser's subscription: what its page POSTs to the server. */
  public record Subscription(String id, String endpoint, String p256dh, String auth) {}

  /**
   * One POST as received.
   *
   * @param problem why it was refused (bad token, undecryptable), or {@code null} when it was good
   * @param plaintext the decrypted message; {@code null} when refused
   */
  public record Received(String subscriptionId, int answered, String problem, String plaintext) {}

  private record Browser(KeyPair keys, byte[] publicKey, byte[] auth) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final String vapidPublicKey;
  private final Clock clock;
  private final Map<String, Browser> browsers = new ConcurrentHashMap<>();
  private final Map<String, Integer> answers = new ConcurrentHashMap<>();
  private final Map<String, Boolean> hanging = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private final AtomicInteger hung = new AtomicInteger();

  /**
   * @param vapidPublicKey the application server's public key, base64url: a token signed with any
   *     other key is refused with 403
   */
  public LocalPushService(String vapidPublicKey, Clock clock) {
    this.vapidPublicKey = vapidPublicKey;
    this.clock = clock;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/push/", this::handle);
    server.start();
  }

  /** A new browser subscription with fresh keys. */
  public Subscription subscribe() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair keys = generator.generateKeyPair();
      byte[] auth = new byte[16];
      random.nextBytes(auth);
      String id = UUID.randomUUID().toString();
      byte[] publicKey = uncompressed((ECPublicKey) keys.getPublic());
      browsers.put(id, new Browser(keys, publicKey, auth));
      return new Subscription(
          id, origin() + "/push/" + id, B64.encodeToString(publicKey), B64.encodeToString(auth));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** From now on this subscription's POSTs are answered {@code status} (e.g. 410: gone). */
  public void answer(String subscriptionId, int status) {
    answers.put(subscriptionId, status);
  }

  /** From now on this subscription's POSTs get no answer until the service closes. */
  public void hang(String subscriptionId) {
    hanging.put(subscriptionId, true);
  }

  /** How many POSTs were left hanging so far. */
  public int hung() {
    return hung.get();
  }

  /** {@code http://127.0.0.1:PORT}, the audience a token must name. */
  public String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The good (verified, decrypted) messages a subscription got, in order. */
  public List<String> messages(String subscriptionId) {
    List<String> out = new ArrayList<>();
    for (Received r : received) {
      if (r.subscriptionId().equals(subscriptionId) && r.problem() == null) {
        out.add(r.plaintext());
      }
    }
    return out;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String id = exchange.getRequestURI().getPath().substring("/push/".length());
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (hanging.containsKey(id)) {
        hung.incrementAndGet();
        try {
          closing.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      Browser browser = browsers.get(id);
      if (browser == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String problem = tokenProblem(exchange.getRequestHeaders().getFirst("Authorization"));
      if (problem == null
          && !"aes128gcm".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        problem = "Content-Encoding is not aes128gcm";
      }
      if (problem == null && exchange.getRequestHeaders().getFirst("TTL") == null) {
        problem = "no TTL header";
      }
      String plaintext = null;
      if (problem == null) {
        try {
          plaintext = new String(decrypt(browser, body), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | RuntimeException e) {
          problem = "does not decrypt: " + e;
        }
      }
      int status =
          problem != null
              ? (problem.startsWith("token") ? 403 : 400)
              : answers.getOrDefault(id, 201);
      received.add(new Received(id, status, problem, plaintext));
      exchange.sendResponseHeaders(status, -1);
    }
  }

  /** Why the VAPID header is not acceptable, or {@code null}. */
  private String tokenProblem(String authorization) {
    if (authorization == null) {
      return "token: no Authorization header";
    }
    Matcher m = VAPID.matcher(authorization);
    if (!m.matches()) {
      return "token: Authorization is not 'vapid t=…, k=…'";
    }
    if (!m.group(2).equals(vapidPublicKey)) {
      return "token: k is not the expected application server key";
    }
    String[] parts = m.group(1).split("\\.");
    if (parts.length != 3) {
      return "token: not a JWT";
    }
    try {
      String header = new String(UNB64.decode(parts[0]), StandardCharsets.UTF_8);
      if (!header.contains("\"alg\":\"ES256\"")) {
        return "token: alg is not ES256";
      }
      Signature verify = Signature.getInstance("SHA256withECDSAinP1363Format");
      verify.initVerify(publicKey(UNB64.decode(vapidPublicKey)));
      verify.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verify.verify(UNB64.decode(parts[2]))) {
        return "token: signature does not verify";
      }
      String claims = new String(UNB64.decode(parts[1]), StandardCharsets.UTF_8);
      Matcher aud = AUD.matcher(claims);
      Matcher exp = EXP.matcher(claims);
      Matcher sub = SUB.matcher(claims);
      if (!aud.find() || !aud.group(1).equals(origin())) {
        return "token: aud is not " + origin();
      }
      long now = clock.instant().getEpochSecond();
      if (!exp.find()
          || Long.parseLong(exp.group(1)) <= now
          || Long.parseLong(exp.group(1)) > now + Duration.ofHours(24).toSeconds()) {
        return "token: exp is not within the next 24 hours";
      }
      if (!sub.find()
          || !(sub.group(1).startsWith("mailto:") || sub.group(1).startsWith("https:"))) {
        return "token: sub is not a mailto: or https: contact";
      }
      return null;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return "token: " + e;
    }
  }

  /** RFC 8291 section 3 and RFC 8188, as the browser does it: one record, delimiter 0x02. */
  private static byte[] decrypt(Browser browser, byte[] body) throws GeneralSecurityException {
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[16];
    in.get(salt);
    int recordSize = in.getInt();
    byte[] asPublic = new byte[in.get() & 0xff];
    in.get(asPublic);
    byte[] record = new byte[in.remaining()];
    in.get(record);
    if (recordSize != 4096 || record.length > recordSize) {
      throw new GeneralSecurityException("record size " + recordSize + ", record " + record.length);
    }
    KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
    ecdh.init(browser.keys().getPrivate());
    ecdh.doPhase(publicKey(asPublic), true);
    byte[] secret = ecdh.generateSecret();
    byte[] info =
        concat(
            "WebPush: info\0".getBytes(StandardCharsets.US_ASCII), browser.publicKey(), asPublic);
    byte[] ikm = hkdf(browser.auth(), secret, info, 32);
    byte[] cek =
        hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
    byte[] nonce =
        hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    byte[] padded = aes.doFinal(record);
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    if (end < 0 || padded[end] != 2) {
      throw new GeneralSecurityException("no 0x02 delimiter");
    }
    return Arrays.copyOf(padded, end);
  }

  private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    return Arrays.copyOf(mac.doFinal(concat(info, new byte[] {1})), length);
  }

  private static PublicKey publicKey(byte[] point) throws GeneralSecurityException {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec curve = parameters.getParameterSpec(ECParameterSpec.class);
    ECPoint w =
        new ECPoint(
            new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
            new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, curve));
  }

  private static byte[] uncompressed(ECPublicKey key) {
    byte[] out = new byte[65];
    out[0] = 4;
    byte[] x = key.getW().getAffineX().toByteArray();
    byte[] y = key.getW().getAffineY().toByteArray();
    System.arraycopy(
        x,
        Math.max(0, x.length - 32),
        out,
        1 + 32 - Math.min(32, x.length),
        Math.min(32, x.length));
    System.arraycopy(
        y,
        Math.max(0, y.length - 32),
        out,
        33 + 32 - Math.min(32, y.length),
        Math.min(32, y.length));
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    ByteBuffer out = ByteBuffer.allocate(length);
    for (byte[] p : parts) {
      out.put(p);
    }
    return out.array();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
