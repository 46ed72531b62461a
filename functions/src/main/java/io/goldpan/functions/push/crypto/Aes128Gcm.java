package io.goldpan.functions.push.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Web Push message encryption (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188): ECDH
 * on P-256 with the browser's key, HKDF-SHA-256 keyed by the subscription's auth secret, one
 * AES-128-GCM record of at most 4096 bytes, padding delimiter 0x02. JDK crypto only.
 */
public final class Aes128Gcm {
  /** The record size this encoder writes into the header (and the most one message may take). */
  public static final int RECORD_SIZE = 4096;

  /** Bytes of the subscription's auth secret. */
  public static final int AUTH_SECRET_BYTES = 16;

  private static final int SALT_BYTES = 16;
  private static final int TAG_BYTES = 16;
  private static final int HEADER_BYTES = SALT_BYTES + 4 + 1 + P256.PUBLIC_KEY_BYTES;

  /** The longest plaintext one record holds: the record less the tag and the delimiter. */
  public static final int MAX_PLAINTEXT_BYTES = RECORD_SIZE - TAG_BYTES - 1;

  private Aes128Gcm() {}

  /**
   * Encrypts {@code plaintext} for the browser whose subscription has these keys, with a fresh
   * ephemeral key pair and salt.
   *
   * @param uaPublic the subscription's {@code p256dh}, a 65-byte uncompressed point
   * @param authSecret the subscription's {@code auth}, 16 bytes
   * @return the request body: header (salt, record size, key id = our ephemeral public key) and the
   *     one record
   */
  public static byte[] encrypt(
      byte[] plaintext, byte[] uaPublic, byte[] authSecret, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return encrypt(plaintext, uaPublic, authSecret, P256.generate(random), salt);
  }

  /** As {@link #encrypt(byte[], byte[], byte[], SecureRandom)} with a given key pair and salt. */
  static byte[] encrypt(
      byte[] plaintext, byte[] uaPublic, byte[] authSecret, KeyPair ephemeral, byte[] salt) {
    if (plaintext.length > MAX_PLAINTEXT_BYTES) {
      throw new IllegalArgumentException(
          "a push message holds at most "
              + MAX_PLAINTEXT_BYTES
              + " bytes, got "
              + plaintext.length);
    }
    if (authSecret.length != AUTH_SECRET_BYTES) {
      throw new IllegalArgumentException("the auth secret must be 16 bytes");
    }
    byte[] asPublic = P256.uncompressed((ECPublicKey) ephemeral.getPublic());
    Keys keys =
        keys(
            (ECPrivateKey) ephemeral.getPrivate(),
            P256.publicKey(uaPublic),
            uaPublic,
            asPublic,
            authSecret,
            salt);
    byte[] padded = Arrays.copyOf(plaintext, plaintext.length + 1);
    padded[plaintext.length] = 0x02; // the last (and only) record's delimiter; no padding
    byte[] record;
    try {
      record = gcm(Cipher.ENCRYPT_MODE, keys, padded);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
    return ByteBuffer.allocate(HEADER_BYTES + record.length)
        .put(salt)
        .putInt(RECORD_SIZE)
        .put((byte) asPublic.length)
        .put(asPublic)
        .put(record)
        .array();
  }

  /**
   * The browser's side: decrypts a message body with the subscription's private key (tests use it
   * to play the browser).
   *
   * @throws GeneralSecurityException when the body does not decrypt (wrong keys, tampered)
   */
  public static byte[] decrypt(
      byte[] body, ECPrivateKey uaPrivate, byte[] uaPublic, byte[] authSecret)
      throws GeneralSecurityException {
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[SALT_BYTES];
    in.get(salt);
    int recordSize = in.getInt();
    byte[] asPublic = new byte[in.get() & 0xff];
    in.get(asPublic);
    byte[] record = new byte[in.remaining()];
    in.get(record);
    if (record.length > recordSize) {
      throw new GeneralSecurityException("more than one record");
    }
    Keys keys = keys(uaPrivate, P256.publicKey(asPublic), uaPublic, asPublic, authSecret, salt);
    byte[] padded = gcm(Cipher.DECRYPT_MODE, keys, record);
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    if (end < 0 || padded[end] != 0x02) {
      throw new GeneralSecurityException("no last-record delimiter");
    }
    return Arrays.copyOf(padded, end);
  }

  private record Keys(byte[] cek, byte[] nonce) {}

  private static Keys keys(
      ECPrivateKey own,
      ECPublicKey other,
      byte[] uaPublic,
      byte[] asPublic,
      byte[] authSecret,
      byte[] salt) {
    try {
      KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
      ecdh.init(own);
      ecdh.doPhase(other, true);
      byte[] ecdhSecret = ecdh.generateSecret();
      // RFC 8291 section 3.4: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0 || ua ||
      // as)
      byte[] keyInfo =
          ByteBuffer.allocate(14 + uaPublic.length + asPublic.length)
              .put("WebPush: info\0".getBytes(StandardCharsets.US_ASCII))
              .put(uaPublic)
              .put(asPublic)
              .array();
      byte[] ikm = expand(hmac(authSecret, ecdhSecret), keyInfo, 32);
      byte[] prk = hmac(salt, ikm);
      return new Keys(
          expand(prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16),
          expand(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDH or HMAC failed", e);
    }
  }

  private static byte[] gcm(int mode, Keys keys, byte[] input) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        mode,
        new SecretKeySpec(keys.cek(), "AES"),
        new GCMParameterSpec(TAG_BYTES * 8, keys.nonce()));
    return cipher.doFinal(input);
  }

  /** HKDF-Expand for outputs of one block (at most 32 bytes): T(1) = HMAC(prk, info || 0x01). */
  private static byte[] expand(byte[] prk, byte[] info, int length)
      throws GeneralSecurityException {
    byte[] block = Arrays.copyOf(info, info.length + 1);
    block[info.length] = 0x01;
    return Arrays.copyOf(hmac(prk, block), length);
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }
}
