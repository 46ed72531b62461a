package io.goldpan.functions.push;

import io.goldpan.functions.push.crypto.P256;
import io.goldpan.functions.push.crypto.VapidToken;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The application server's VAPID key pair from {@link PushConfig}, checked once at start-up (the
 * private key must sign what the public key verifies), and the {@code Authorization} header it
 * signs for each push service.
 */
@Singleton
public class VapidKeys {
  /** Push services refuse tokens that live longer than a day; an hour is plenty for one POST. */
  static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

  private final String publicKey;
  private final byte[] publicBytes;
  private final ECPrivateKey privateKey;
  private final String subject;

  public VapidKeys(PushConfig config) {
    this.subject = config.subject();
    if (blank(config.vapidPublicKey()) || blank(config.vapidPrivateKey())) {
      this.publicKey = null;
      this.publicBytes = null;
      this.privateKey = null;
      return;
    }
    try {
      this.publicBytes = Base64.getUrlDecoder().decode(config.vapidPublicKey().strip());
      ECPublicKey pub = P256.publicKey(publicBytes);
      this.privateKey =
          P256.privateKey(Base64.getUrlDecoder().decode(config.vapidPrivateKey().strip()));
      if (!matches(pub, privateKey)) {
        throw new PushException(
            "goldpan.push.vapid-private-key does not belong to goldpan.push.vapid-public-key;"
                + " set both from one key pair",
            null);
      }
    } catch (IllegalArgumentException e) {
      throw new PushException(
          "goldpan.push.vapid-public-key / vapid-private-key are not a base64url P-256 key pair"
              + " (65-byte public point, 32-byte private scalar)",
          e);
    }
    this.publicKey = Base64.getUrlEncoder().withoutPadding().encodeToString(publicBytes);
  }

  /** Whether push can be used at all. */
  public boolean configured() {
    return privateKey != null;
  }

  /** The public key a browser subscribes with ({@code applicationServerKey}), base64url. */
  public String publicKey() {
    return publicKey;
  }

  /** {@code vapid t=…, k=…} for a POST to {@code endpoint}, valid for {@link #TOKEN_LIFETIME}. */
  public String authorization(URI endpoint, Instant now) {
    String jwt =
        VapidToken.jwt(
            privateKey, VapidToken.audience(endpoint), now.plus(TOKEN_LIFETIME), subject);
    return VapidToken.authorization(jwt, publicBytes);
  }

  private static boolean matches(ECPublicKey pub, ECPrivateKey priv) {
    try {
      byte[] probe = "goldpan vapid".getBytes(StandardCharsets.US_ASCII);
      Signature sign = Signature.getInstance("SHA256withECDSA");
      sign.initSign(priv);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance("SHA256withECDSA");
      verify.initVerify(pub);
      verify.update(probe);
      return verify.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
