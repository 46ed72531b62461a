package io.goldpan.functions.push.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;

/**
 * P-256 keys in the forms Web Push uses: a public key as the 65-byte uncompressed point ({@code
 * 0x04 || x || y}) and a private key as its 32-byte scalar, both base64url on the wire.
 */
public final class P256 {
  /** Bytes of an uncompressed point. */
  public static final int PUBLIC_KEY_BYTES = 65;

  private static final int COORDINATE_BYTES = 32;
  private static final ECParameterSpec CURVE = curve();

  private P256() {}

  /** A fresh key pair. */
  public static KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make P-256 keys", e);
    }
  }

  /**
   * The public key an uncompressed point stands for.
   *
   * @throws IllegalArgumentException when the bytes are not a point on P-256
   */
  public static ECPublicKey publicKey(byte[] uncompressed) {
    if (uncompressed.length != PUBLIC_KEY_BYTES || uncompressed[0] != 0x04) {
      throw new IllegalArgumentException(
          "not an uncompressed P-256 point (65 bytes starting with 0x04)");
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 1 + COORDINATE_BYTES));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(uncompressed, 1 + COORDINATE_BYTES, 65));
    if (!onCurve(x, y)) {
      throw new IllegalArgumentException("not a point on P-256");
    }
    try {
      return (ECPublicKey)
          KeyFactory.getInstance("EC")
              .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), CURVE));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a point on P-256", e);
    }
  }

  /** y² = x³ + ax + b (mod p), checked because the JDK's key factory does not. */
  private static boolean onCurve(BigInteger x, BigInteger y) {
    BigInteger p = ((ECFieldFp) CURVE.getCurve().getField()).getP();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger right =
        x.pow(3).add(CURVE.getCurve().getA().multiply(x)).add(CURVE.getCurve().getB()).mod(p);
    return y.modPow(BigInteger.TWO, p).equals(right);
  }

  /** The private key of a 32-byte scalar. */
  public static ECPrivateKey privateKey(byte[] scalar) {
    try {
      return (ECPrivateKey)
          KeyFactory.getInstance("EC")
              .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), CURVE));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a P-256 private key", e);
    }
  }

  /** The 65-byte uncompressed point of a public key. */
  public static byte[] uncompressed(ECPublicKey key) {
    byte[] out = new byte[PUBLIC_KEY_BYTES];
    out[0] = 0x04;
    copyUnsigned(key.getW().getAffineX(), out, 1);
    copyUnsigned(key.getW().getAffineY(), out, 1 + COORDINATE_BYTES);
    return out;
  }

  /** The 32-byte scalar of a private key. */
  public static byte[] scalar(ECPrivateKey key) {
    byte[] out = new byte[COORDINATE_BYTES];
    copyUnsigned(key.getS(), out, 0);
    return out;
  }

  private static void copyUnsigned(BigInteger value, byte[] out, int offset) {
    byte[] bytes = value.toByteArray();
    int start = Math.max(0, bytes.length - COORDINATE_BYTES);
    int length = bytes.length - start;
    System.arraycopy(bytes, start, out, offset + COORDINATE_BYTES - length, length);
  }

  private static ECParameterSpec curve() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no P-256", e);
    }
  }
}
