package org.siamage.model.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.siamage.core.AtomicFiles;
import org.siamage.core.Hashing;
import org.siamage.core.UserFacingException;

/**
 * Authenticity for model bundles: Ed25519 signatures (from the JDK) kept in a file beside the
 * bundle ({@code model.siamage.sig}), and a folder of public keys the user trusts.
 *
 * <p>The bundle's own manifest only proves that the file is intact: anyone who changes a bundle
 * can write a fresh manifest. A signature made with a private key that never leaves its owner
 * proves who released the exact bytes. The signature covers the SHA-256 and size of the whole
 * bundle file, the signer's name and the signing time, so none of them can be changed without the
 * check failing. Signing leaves the bundle's bytes alone (its SHA-256 still identifies the model,
 * and older Siamage versions still read it); the reasons are in ADR 0052.
 *
 * <p>Keys are standard PEM files: a PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}) and
 * an X.509 public key ({@code -----BEGIN PUBLIC KEY-----}), the same files {@code openssl genpkey
 * -algorithm ed25519} writes.
 */
public final class BundleSignatures {
  /** File name suffix of a bundle's signature: {@code model.siamage} → {@code model.siamage.sig}. */
  public static final String SIGNATURE_SUFFIX = ".sig";
  /** File name suffix of a private key written by {@link #generateKeyPair}. */
  public static final String PRIVATE_KEY_SUFFIX = ".key";
  /** File name suffix of a public key, also the files of the trusted-keys folder. */
  public static final String PUBLIC_KEY_SUFFIX = ".pub";

  static final String FORMAT_ID = "siamage-bundle-signature";
  static final int FORMAT_VERSION = 1;
  private static final String ALGORITHM = "Ed25519";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private BundleSignatures() {}

  /** How a bundle's signature stands. */
  public enum Status {
    /** No signature file beside the bundle. */
    UNSIGNED,
    /** A valid signature by a key in the trusted-keys folder. */
    TRUSTED,
    /** A valid signature by a key that is not in the trusted-keys folder. */
    UNTRUSTED,
    /** A signature that does not match the bundle, or a signature file that cannot be read. */
    INVALID
  }

  /**
   * The outcome of {@link #check}.
   *
   * @param status how the signature stands
   * @param signer the name the signer gave ("" when unsigned or unreadable)
   * @param trustedAs the name of the trusted key file that matched (without {@code .pub}), or ""
   * @param fingerprint the signing key's fingerprint ({@link #fingerprint}), or ""
   * @param detail one sentence for the user: who signed, or what is wrong and with which file
   */
  public record Check(Status status, String signer, String trustedAs, String fingerprint, String detail) {
    /** A short label for a status bar: "signed by lab", "unsigned", … */
    public String label() {
      return switch (status) {
        case UNSIGNED -> "unsigned";
        case TRUSTED -> "signed by " + trustedAs;
        case UNTRUSTED -> "signed, key not trusted";
        case INVALID -> "signature does not match";
      };
    }
  }

  /** The two files of a new key pair. */
  public record KeyFiles(Path privateKey, Path publicKey, String fingerprint) {}

  /**
   * The folder of trusted public keys: {@code -Dsiamage.trustedKeys=DIR} if set, else {@code
   * $XDG_CONFIG_HOME/siamage/trusted-keys}, else {@code ~/.config/siamage/trusted-keys}.
   */
  public static Path defaultTrustedKeysFolder() {
    String property = System.getProperty("siamage.trustedKeys", "");
    if (!property.isBlank()) {
      return Path.of(property);
    }
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    return config.resolve("siamage").resolve("trusted-keys");
  }

  /** The signature file of {@code bundle}: the bundle's path with {@code .sig} appended. */
  public static Path signatureFile(Path bundle) {
    return bundle.resolveSibling(bundle.getFileName().toString() + SIGNATURE_SUFFIX);
  }

  /**
   * Makes a new Ed25519 key pair: {@code base.key} (private, readable by its owner only where the
   * file system has POSIX permissions) and {@code base.pub} (public, to hand to those who should
   * trust the models). Refuses to replace either file.
   *
   * @param base the path without suffix, e.g. {@code keys/lab}
   */
  public static KeyFiles generateKeyPair(Path base) throws IOException {
    Path privateFile = base.resolveSibling(base.getFileName() + PRIVATE_KEY_SUFFIX);
    Path publicFile = base.resolveSibling(base.getFileName() + PUBLIC_KEY_SUFFIX);
    for (Path existing : List.of(privateFile, publicFile)) {
      if (Files.exists(existing)) {
        throw new UserFacingException(existing + " already exists; choose another name (keys are never replaced)");
      }
    }
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This Java runtime has no " + ALGORITHM + " (Java 15 or later has it)", e);
    }
    Path folder = privateFile.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    writePrivateKey(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    AtomicFiles.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    return new KeyFiles(privateFile, publicFile, fingerprint(pair.getPublic()));
  }

  /** Creates the private key file with owner-only permissions from the start, then fills it. */
  private static void writePrivateKey(Path file, String text) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // no POSIX permissions here (Windows): the folder's ACL applies
    } catch (FileAlreadyExistsException e) {
      throw new UserFacingException(file + " already exists; choose another name (keys are never replaced)");
    }
    try {
      Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /**
   * Signs {@code bundle} with the private key in {@code privateKeyFile} and writes the signature
   * beside it ({@link #signatureFile}), replacing an older signature. The bundle must pass the
   * reader's integrity checks first: a damaged file is never signed.
   *
   * @param signer a name for the signer shown to those who verify, e.g. "Face lab, Univ. X"
   * @return the signature file
   */
  public static Path sign(Path bundle, Path privateKeyFile, String signer) throws IOException {
    if (signer == null || signer.isBlank() || signer.contains("\n")) {
      throw new UserFacingException("--signer: give a one-line name for the signer (was '" + signer + "')");
    }
    PrivateKey privateKey = readPrivateKey(privateKeyFile);
    ModelBundleReader.read(bundle); // refuses a damaged or foreign file with the reader's message
    FileDigest digest = digest(bundle);
    String signedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    PublicKey publicKey = publicKeyOf(privateKey, privateKeyFile);
    byte[] signature;
    try {
      Signature signing = Signature.getInstance(ALGORITHM);
      signing.initSign(privateKey);
      signing.update(signedMessage(digest.sha256(), digest.size(), signer, signedAt));
      signature = signing.sign();
    } catch (GeneralSecurityException e) {
      throw new UserFacingException("Cannot sign with " + privateKeyFile + ": " + e.getMessage(), e);
    }
    ObjectNode json = MAPPER.createObjectNode();
    json.put("format", FORMAT_ID);
    json.put("formatVersion", FORMAT_VERSION);
    json.put("algorithm", ALGORITHM);
    json.put("bundle", bundle.getFileName().toString());
    json.put("bundleSha256", digest.sha256());
    json.put("bundleSize", digest.size());
    json.put("signer", signer);
    json.put("signedAt", signedAt);
    json.put("publicKey", Base64.getEncoder().encodeToString(publicKey.getEncoded()));
    json.put("signature", Base64.getEncoder().encodeToString(signature));
    Path target = signatureFile(bundle);
    AtomicFiles.writeString(target, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    return target;
  }

  /**
   * How {@code bundle}'s signature stands against the public keys in {@code trustedKeysFolder}
   * (every {@code *.pub} file in it; a missing folder trusts nothing). Reads the whole bundle once
   * to hash it when a signature file exists; never throws for a bad signature file (that is
   * {@link Status#INVALID} with the reason), only when the bundle itself cannot be read.
   */
  public static Check check(Path bundle, Path trustedKeysFolder) throws IOException {
    Path sigFile = signatureFile(bundle);
    if (!Files.isRegularFile(sigFile)) {
      return new Check(Status.UNSIGNED, "", "", "",
          "Not signed: there is no " + sigFile.getFileName() + " beside the model, so nothing says who made it."
              + " Signing is optional; 'siamage bundle sign' adds a signature that others can check");
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(Files.readString(sigFile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return invalid(sigFile, "is not a signature file (" + firstLine(e.getMessage()) + ")");
    }
    if (json == null || !json.isObject() || !FORMAT_ID.equals(json.path("format").asText())) {
      return invalid(sigFile, "is not a Siamage signature file (no \"format\": \"" + FORMAT_ID + "\")");
    }
    if (json.path("formatVersion").asInt(-1) != FORMAT_VERSION || !ALGORITHM.equals(json.path("algorithm").asText())) {
      return invalid(sigFile, "has format version " + json.path("formatVersion") + " and algorithm "
          + json.path("algorithm") + "; this Siamage checks version " + FORMAT_VERSION + " with " + ALGORITHM);
    }
    List<String> missing = new ArrayList<>();
    for (String field : List.of("bundleSha256", "bundleSize", "signer", "signedAt", "publicKey", "signature")) {
      if (!json.hasNonNull(field)) {
        missing.add(field);
      }
    }
    if (!missing.isEmpty()) {
      return invalid(sigFile, "lacks the field(s) " + String.join(", ", missing));
    }
    String signer = json.get("signer").asText();
    PublicKey publicKey;
    byte[] signature;
    try {
      publicKey = KeyFactory.getInstance(ALGORITHM)
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(json.get("publicKey").asText())));
      signature = Base64.getDecoder().decode(json.get("signature").asText());
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return invalid(sigFile, "has an unreadable field publicKey or signature (" + firstLine(e.getMessage()) + ")");
    }
    String fingerprint = fingerprint(publicKey);
    FileDigest digest = digest(bundle);
    String expectedSha = json.get("bundleSha256").asText();
    long expectedSize = json.get("bundleSize").asLong(-1);
    if (!digest.sha256().equals(expectedSha) || digest.size() != expectedSize) {
      return new Check(Status.INVALID, signer, "", fingerprint, "The model changed after " + signer
          + " signed it: " + bundle.getFileName() + " has SHA-256 " + abbreviate(digest.sha256()) + " ("
          + digest.size() + " bytes), the signature in " + sigFile.getFileName() + " is for "
          + abbreviate(expectedSha) + " (" + expectedSize + " bytes)");
    }
    boolean valid;
    try {
      Signature verifying = Signature.getInstance(ALGORITHM);
      verifying.initVerify(publicKey);
      verifying.update(signedMessage(expectedSha, expectedSize, signer, json.get("signedAt").asText()));
      valid = verifying.verify(signature);
    } catch (GeneralSecurityException e) {
      valid = false;
    }
    if (!valid) {
      return new Check(Status.INVALID, signer, "", fingerprint, "The signature in " + sigFile.getFileName()
          + " does not match its own content: the file was edited after signing (signer, time or hash)");
    }
    String trustedAs = trustedName(publicKey, trustedKeysFolder);
    if (trustedAs != null) {
      return new Check(Status.TRUSTED, signer, trustedAs, fingerprint, "Signed by " + signer + " on "
          + json.get("signedAt").asText() + " with the trusted key '" + trustedAs + "' (" + fingerprint + ")");
    }
    return new Check(Status.UNTRUSTED, signer, "", fingerprint, "Signed by '" + signer + "' with key " + fingerprint
        + ", which is not among your trusted keys (" + trustedKeysFolder + "): anyone can make a key and use any"
        + " name; trust it with 'siamage bundle trust KEY.pub' once you know the key is theirs");
  }

  /**
   * Copies a public key into the trusted-keys folder as {@code name.pub}, after checking that it is
   * an Ed25519 public key; returns the new file.
   */
  public static Path trust(Path publicKeyFile, Path trustedKeysFolder, String name) throws IOException {
    PublicKey key = readPublicKey(publicKeyFile);
    if (!name.matches("[A-Za-z0-9_.-]{1,64}") || name.startsWith(".")) {
      throw new UserFacingException("--name '" + name + "': use 1–64 letters, digits, '.', '_' or '-'");
    }
    Path target = trustedKeysFolder.resolve(name + PUBLIC_KEY_SUFFIX);
    if (Files.exists(target)) {
      throw new UserFacingException(target + " already exists; choose another --name");
    }
    String already = trustedName(key, trustedKeysFolder);
    if (already != null) {
      throw new UserFacingException("This key (" + fingerprint(key) + ") is already trusted as '" + already + "'");
    }
    AtomicFiles.writeString(target, pem("PUBLIC KEY", key.getEncoded()));
    return target;
  }

  /**
   * A key's fingerprint: the first 16 bytes of the SHA-256 of its X.509 encoding, as 8 groups of
   * four hex digits ({@code "3f2a 91c0 …"}), enough to compare by eye or over the phone.
   */
  public static String fingerprint(PublicKey key) {
    String hex = Hashing.sha256(key.getEncoded()).substring(0, 32);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 4) {
      text.append(i == 0 ? "" : " ").append(hex, i, i + 4);
    }
    return text.toString();
  }

  /** The Ed25519 public key in a PEM file (X.509 {@code PUBLIC KEY}). */
  public static PublicKey readPublicKey(Path file) {
    byte[] der = readPem(file, "PUBLIC KEY");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new UserFacingException(file + " is not an Ed25519 public key (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  private static PrivateKey readPrivateKey(Path file) {
    byte[] der = readPem(file, "PRIVATE KEY");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new UserFacingException(file + " is not an Ed25519 private key (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  /** A key file's name without its suffix ({@code keys/lab.pub}, ".pub" → "lab"); the whole name without it. */
  public static String keyName(Path keyFile, String suffix) {
    String name = keyFile.getFileName().toString();
    return name.endsWith(suffix) && name.length() > suffix.length()
        ? name.substring(0, name.length() - suffix.length()) : name;
  }

  /** The public half of an Ed25519 private key: the public key file beside it, which must match. */
  private static PublicKey publicKeyOf(PrivateKey privateKey, Path privateKeyFile) {
    Path publicFile = privateKeyFile.resolveSibling(keyName(privateKeyFile, PRIVATE_KEY_SUFFIX) + PUBLIC_KEY_SUFFIX);
    if (!Files.isRegularFile(publicFile)) {
      throw new UserFacingException("No public key " + publicFile + " beside " + privateKeyFile
          + ": the signature carries the public key, so both halves must be there");
    }
    PublicKey publicKey = readPublicKey(publicFile);
    try {
      byte[] probe = "siamage key pair check".getBytes(StandardCharsets.US_ASCII);
      Signature signing = Signature.getInstance(ALGORITHM);
      signing.initSign(privateKey);
      signing.update(probe);
      Signature verifying = Signature.getInstance(ALGORITHM);
      verifying.initVerify(publicKey);
      verifying.update(probe);
      if (!verifying.verify(signing.sign())) {
        throw new UserFacingException(publicFile + " is not the public half of " + privateKeyFile);
      }
    } catch (GeneralSecurityException e) {
      throw new UserFacingException("Cannot use the key pair " + privateKeyFile + ": " + e.getMessage(), e);
    }
    return publicKey;
  }

  /** The name (file name without .pub) under which {@code key} is trusted, or null. */
  private static String trustedName(PublicKey key, Path trustedKeysFolder) throws IOException {
    if (trustedKeysFolder == null || !Files.isDirectory(trustedKeysFolder)) {
      return null;
    }
    List<Path> files;
    try (var listing = Files.list(trustedKeysFolder)) {
      files = listing.filter(file -> file.getFileName().toString().endsWith(PUBLIC_KEY_SUFFIX)).sorted().toList();
    }
    for (Path file : files) {
      PublicKey trusted;
      try {
        trusted = readPublicKey(file);
      } catch (UserFacingException e) {
        continue; // a stray file in the folder trusts nothing and blocks nothing
      }
      if (MessageDigest.isEqual(trusted.getEncoded(), key.getEncoded())) {
        return keyName(file, PUBLIC_KEY_SUFFIX);
      }
    }
    return null;
  }

  /** What the signature covers: the bundle's hash and size, the signer and the time, one per line. */
  private static byte[] signedMessage(String sha256, long size, String signer, String signedAt) {
    return (FORMAT_ID + "/" + FORMAT_VERSION + "\n" + sha256.toLowerCase(Locale.ROOT) + "\n" + size + "\n"
        + signer + "\n" + signedAt + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private record FileDigest(String sha256, long size) {}

  private static FileDigest digest(Path file) throws IOException {
    MessageDigest digest = Hashing.newSha256();
    long size = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
        size += read;
      }
    } catch (NoSuchFileException e) {
      throw new UserFacingException("Model bundle not found: " + file);
    }
    return new FileDigest(Hashing.hex(digest.digest()), size);
  }

  private static byte[] readPem(Path file, String type) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new UserFacingException("Key file not found: " + file);
    } catch (IOException e) {
      throw new UserFacingException("Cannot read key file " + file + ": " + e.getMessage(), e);
    }
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new UserFacingException(file + " holds no '" + begin + "' block"
          + (type.equals("PRIVATE KEY") ? " (is it the .pub file?)" : " (is it the private .key file?)"));
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to).trim());
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(file + ": the " + type + " block is not base64 (" + e.getMessage() + ")", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static Check invalid(Path sigFile, String problem) {
    return new Check(Status.INVALID, "", "", "", "The signature file " + sigFile.getFileName() + " " + problem);
  }

  private static String abbreviate(String sha256) {
    return sha256.length() > 16 ? sha256.substring(0, 16) + "…" : sha256;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no details";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
