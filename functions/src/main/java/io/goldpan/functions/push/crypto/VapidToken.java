package io.goldpan.functions.push.crypto;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * VAPID (RFC 8292): a JWT signed with ES256 that names the push service's origin as its audience,
 * expires within a day, and carries a contact, sent as {@code Authorization: vapid t=JWT,
 * k=PUBLIC_KEY}.
 */
public final class VapidToken {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER =
      B64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));

  private VapidToken() {}

  /** The origin of a push endpoint ({@code https://host[:port]}), the JWT's audience. */
  public static String audience(URI endpoint) {
    String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
    int port = endpoint.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    return scheme
        + "://"
        + endpoint.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  /**
   * The signed JWT.
   *
   * @param subject a {@code mailto:} or {@code https:} contact for the push service's operator
   */
  public static String jwt(ECPrivateKey key, String audience, Instant expires, String subject) {
    String claims =
        "{\"aud\":"
            + quoted(audience)
            + ",\"exp\":"
            + expires.getEpochSecond()
            + ",\"sub\":"
            + quoted(subject)
            + "}";
    String signingInput =
        HEADER + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      // JWS wants the raw r || s form (64 bytes), not DER: the P1363 variant gives exactly that.
      Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the VAPID token", e);
    }
  }

  /** The {@code Authorization} header value. */
  public static String authorization(String jwt, byte[] publicKey) {
    return "vapid t=" + jwt + ", k=" + B64.encodeToString(publicKey);
  }

  /** A JSON string literal (the values here are URLs and contacts: no control characters). */
  private static String quoted(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
