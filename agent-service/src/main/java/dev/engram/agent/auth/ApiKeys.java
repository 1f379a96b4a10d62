package dev.engram.agent.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The API key format: {@code engram_} + 32 random base62 characters + a 6-character base62 checksum (the CRC32 of the
 * 32 characters, as zlib.crc32 computes it, left-padded with '0'). The prefix and the checksum let secret scanners
 * find leaked keys and let the server refuse a mistyped key without a database lookup. Only the SHA-256 of the whole
 * key is stored, with its first {@value #DISPLAY_PREFIX_LENGTH} characters for display.
 */
public final class ApiKeys {

    public static final String PREFIX = "engram_";
    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final int SECRET_LENGTH = 32;
    static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = PREFIX.length() + SECRET_LENGTH + CHECKSUM_LENGTH;
    public static final int DISPLAY_PREFIX_LENGTH = 12;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new random key. */
    public static String generate() {
        StringBuilder secret = new StringBuilder(SECRET_LENGTH);
        for (int i = 0; i < SECRET_LENGTH; i++) {
            secret.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return PREFIX + secret + checksum(secret.toString());
    }

    /** Whether the text has the key's shape and its checksum matches (no database involved). */
    public static boolean wellFormed(String key) {
        if (key == null || key.length() != LENGTH || !key.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (ALPHABET.indexOf(key.charAt(i)) < 0) {
                return false;
            }
        }
        String secret = key.substring(PREFIX.length(), PREFIX.length() + SECRET_LENGTH);
        return checksum(secret).equals(key.substring(PREFIX.length() + SECRET_LENGTH));
    }

    /** The CRC32 of the secret part in base62, left-padded with '0' to 6 characters. */
    static String checksum(String secret) {
        CRC32 crc = new CRC32();
        crc.update(secret.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }

    /** What is stored: the SHA-256 of the whole key, in lower-case hex. */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The part shown in listings. */
    public static String displayPrefix(String key) {
        return key.substring(0, DISPLAY_PREFIX_LENGTH);
    }
}
