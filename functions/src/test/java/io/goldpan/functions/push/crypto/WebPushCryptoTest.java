package io.goldpan.functions.push.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** RFC 8291's own example, byte for byte, and VAPID tokens that verify with the public key. */
class WebPushCryptoTest {
  // RFC 8291 section 5 (and appendix A): every value below is the RFC's.
  private static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
  private static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
  private static final String AS_PUBLIC =
      "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
  private static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
  private static final String UA_PUBLIC =
      "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
  private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
  private static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
  private static final String BODY =
      "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6"
          + "TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Q"
          + "ulcy4a-fN";

  private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  @Test
  void encrypt_withTheRfcKeysAndSalt_givesTheRfcBodyExactly() {
    KeyPair server =
        new KeyPair(
            P256.publicKey(UNB64.decode(AS_PUBLIC)), P256.privateKey(UNB64.decode(AS_PRIVATE)));

    byte[] body =
        Aes128Gcm.encrypt(
            PLAINTEXT.getBytes(StandardCharsets.UTF_8),
            UNB64.decode(UA_PUBLIC),
            UNB64.decode(AUTH),
            server,
            UNB64.decode(SALT));

    assertThat(B64.encodeToString(body)).isEqualTo(BODY);
  }

  @Test
  void decrypt_theRfcBody_withTheBrowsersKey_givesThePlaintext() throws Exception {
    byte[] plain =
        Aes128Gcm.decrypt(
            UNB64.decode(BODY),
            P256.privateKey(UNB64.decode(UA_PRIVATE)),
            UNB64.decode(UA_PUBLIC),
            UNB64.decode(AUTH));

    assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(PLAINTEXT);
  }

  @Test
  void encrypt_freshKeys_roundTripsAndUsesRecordSize4096() throws Exception {
    SecureRandom random = new SecureRandom();
    KeyPair browser = P256.generate(random);
    byte[] uaPublic = P256.uncompressed((ECPublicKey) browser.getPublic());
    byte[] auth = new byte[16];
    random.nextBytes(auth);

    byte[] body = Aes128Gcm.encrypt("{\"title\":\"Goldpan\"}".getBytes(), uaPublic, auth, random);

    assertThat(body[16] << 24 | (body[17] & 0xff) << 16 | (body[18] & 0xff) << 8 | body[19] & 0xff)
        .isEqualTo(4096);
    assertThat(body[20]).isEqualTo((byte) 65);
    assertThat(
            new String(
                Aes128Gcm.decrypt(body, (ECPrivateKey) browser.getPrivate(), uaPublic, auth),
                StandardCharsets.UTF_8))
        .isEqualTo("{\"title\":\"Goldpan\"}");
  }

  @Test
  void decrypt_tamperedBody_fails() {
    byte[] body = UNB64.decode(BODY);
    body[body.length - 1] ^= 1;

    assertThatThrownBy(
            () ->
                Aes128Gcm.decrypt(
                    body,
                    P256.privateKey(UNB64.decode(UA_PRIVATE)),
                    UNB64.decode(UA_PUBLIC),
                    UNB64.decode(AUTH)))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void encrypt_plaintextOverOneRecord_isRefused() {
    SecureRandom random = new SecureRandom();
    byte[] uaPublic = P256.uncompressed((ECPublicKey) P256.generate(random).getPublic());

    assertThatThrownBy(() -> Aes128Gcm.encrypt(new byte[4080], uaPublic, new byte[16], random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 4079 bytes");
  }

  @Test
  void publicKey_ofBytesNotOnTheCurve_isRefused() {
    byte[] point = UNB64.decode(UA_PUBLIC);
    point[64] ^= 1;

    assertThatThrownBy(() -> P256.publicKey(point)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void vapidJwt_verifiesWithThePublicKey_andNamesOriginExpiryAndContact() throws Exception {
    KeyPair vapid = P256.generate(new SecureRandom());
    URI endpoint = URI.create("https://Push.Example.NET:8443/wpush/v2/abc?x=1");
    Instant expires = Instant.parse("2026-12-02T00:00:00Z");

    String jwt =
        VapidToken.jwt(
            (ECPrivateKey) vapid.getPrivate(),
            VapidToken.audience(endpoint),
            expires,
            "mailto:me@example.org");

    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    Signature verify = Signature.getInstance("SHA256withECDSAinP1363Format");
    verify.initVerify(vapid.getPublic());
    verify.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verify.verify(UNB64.decode(parts[2]))).isTrue();
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(UNB64.decode(parts[0])).get("alg").asText()).isEqualTo("ES256");
    JsonNode claims = json.readTree(UNB64.decode(parts[1]));
    assertThat(claims.get("aud").asText()).isEqualTo("https://push.example.net:8443");
    assertThat(claims.get("exp").asLong()).isEqualTo(expires.getEpochSecond());
    assertThat(claims.get("sub").asText()).isEqualTo("mailto:me@example.org");
    assertThat(VapidToken.audience(URI.create("https://fcm.googleapis.com/fcm/send/x")))
        .isEqualTo("https://fcm.googleapis.com");
  }

  @Test
  void keys_roundTripThroughTheirWireForms() {
    KeyPair pair = P256.generate(new SecureRandom());
    byte[] pub = P256.uncompressed((ECPublicKey) pair.getPublic());
    byte[] priv = P256.scalar((ECPrivateKey) pair.getPrivate());

    assertThat(pub).hasSize(65);
    assertThat(priv).hasSize(32);
    assertThat(P256.publicKey(pub)).isEqualTo(pair.getPublic());
    assertThat(P256.privateKey(priv).getS()).isEqualTo(((ECPrivateKey) pair.getPrivate()).getS());
  }
}
