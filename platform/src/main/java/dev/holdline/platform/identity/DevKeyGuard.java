package dev.holdline.platform.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.platform.Digests;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start a service whose token verification key, service token key or signing key is one of the
 * development keys in {@code dev-only/}, unless {@code holdline.identity.dev-keys-allowed} is set. A key is
 * recognised by its RSA modulus, whatever it is written as: PEM (X.509, PKCS#8 or PKCS#1, any line breaks),
 * bare base64, DER bytes, an X.509 certificate, a JWK or a JWK set (also base64url-encoded, and with
 * certificates in {@code x5c}).
 */
@jakarta.inject.Singleton
public class DevKeyGuard {

    /** SHA-256 of the lowercase hex RSA modulus of the key pairs in {@code dev-only/jwt} and {@code dev-only/service-jwt}. */
    static final Set<String> DEV_MODULI = Set.of(
            "22826c71b7f03e8b0581c3f9964fc73f64d27e0d03c5cfc5220a8456a12cc603",
            "7d10c4117549707021e60283e19949091d0630e3a0f91043258f594c255aedc4");
    private static final ObjectMapper JSON = new ObjectMapper();

    void onStart(@Observes StartupEvent event, Config config, IdentityConfig identity) {
        if (identity.devKeysAllowed()) {
            return;
        }
        check(config, "mp.jwt.verify.publickey", "mp.jwt.verify.publickey.location");
        check(config, null, "smallrye.jwt.verify.key.location"); // overrides the mp.* location when set
        check(config, "smallrye.jwt.sign.key", "smallrye.jwt.sign.key.location");
        check(config, null, "holdline.identity.service-verify-key-location");
        check(config, null, "holdline.identity.service-sign-key-location");
    }

    private static void check(Config config, String inlineKey, String locationKey) {
        Optional<String> inline = inlineKey == null ? Optional.empty() : config.getOptionalValue(inlineKey, String.class);
        Optional<String> location = config.getOptionalValue(locationKey, String.class);
        byte[] key = inline.map(k -> k.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> location.map(KeyFiles::bytes).orElse(null));
        if (key != null && isDevKey(key)) {
            throw new IllegalStateException("Refusing to start: " + location.map(l -> locationKey + "=" + l)
                    .orElse(inlineKey) + " is a development key from dev-only/. Configure your identity"
                    + " provider's key, or set HOLDLINE_IDENTITY_DEV_KEYS_ALLOWED=true for a local run.");
        }
    }

    static boolean isDevKey(String text) {
        return isDevKey(text.getBytes(StandardCharsets.UTF_8));
    }

    static boolean isDevKey(byte[] key) {
        return moduli(key).stream().anyMatch(n -> DEV_MODULI.contains(Digests.sha256Hex(n.toString(16))));
    }

    /** Every RSA modulus the key material holds (none if it is no RSA key this class can read). */
    static List<BigInteger> moduli(byte[] key) {
        List<BigInteger> found = new ArrayList<>();
        String text = new String(key, StandardCharsets.UTF_8).trim();
        if (text.startsWith("{")) {
            jwkModuli(text, found);
            return found;
        }
        byte[] der = key;
        String body = text.replaceAll("-----[A-Z0-9 ]+-----", "").replaceAll("\\s", "");
        if (!body.isEmpty() && body.matches("[A-Za-z0-9+/=_-]+")) {
            try {
                der = body.contains("-") || body.contains("_") ? Base64.getUrlDecoder().decode(body)
                        : Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                return found;
            }
            String decoded = new String(der, StandardCharsets.UTF_8).trim();
            if (decoded.startsWith("{")) { // a base64url-encoded JWK, as smallrye-jwt also takes
                jwkModuli(decoded, found);
                return found;
            }
        }
        byte[] material = der;
        derModulus(material).or(() -> certificateModulus(material)).ifPresent(found::add);
        return found;
    }

    private static void jwkModuli(String json, List<BigInteger> found) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            return; // not a JWK: nothing found
        }
        for (JsonNode jwk : root.has("keys") ? root.get("keys") : List.of(root)) {
            try { // one broken key in a set must not hide the others (the verifier skips it and uses them)
                if (jwk.hasNonNull("n")) {
                    found.add(new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n").asText())));
                }
                for (JsonNode certificate : jwk.path("x5c")) {
                    certificateModulus(Base64.getDecoder().decode(certificate.asText())).ifPresent(found::add);
                }
            } catch (IllegalArgumentException e) {
                // this key is unreadable; the next may not be
            }
        }
    }

    /** The RSA modulus in an X.509 certificate (DER), if it is one. */
    private static Optional<BigInteger> certificateModulus(byte[] der) {
        try {
            var certificate = java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(der));
            return certificate.getPublicKey() instanceof RSAKey rsa ? Optional.of(rsa.getModulus()) : Optional.empty();
        } catch (java.security.cert.CertificateException e) {
            return Optional.empty();
        }
    }

    /** The modulus of an X.509 public key, a PKCS#8 private key, or a PKCS#1 public or private key. */
    private static Optional<BigInteger> derModulus(byte[] der) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            try {
                return Optional.of(((RSAKey) rsa.generatePublic(new X509EncodedKeySpec(der))).getModulus());
            } catch (java.security.spec.InvalidKeySpecException | ClassCastException notX509) {
                try {
                    return Optional.of(((RSAKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der))).getModulus());
                } catch (java.security.spec.InvalidKeySpecException | ClassCastException notPkcs8) {
                    return pkcs1Modulus(der);
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#1: SEQUENCE { n, e } (public) or SEQUENCE { version 0, n, ... } (private). */
    private static Optional<BigInteger> pkcs1Modulus(byte[] der) {
        try {
            int[] at = { 0 };
            if (der.length < 2 || der[at[0]++] != 0x30) {
                return Optional.empty();
            }
            length(der, at);
            BigInteger first = integer(der, at);
            return Optional.of(first.signum() == 0 ? integer(der, at) : first).filter(n -> n.bitLength() >= 512);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private static BigInteger integer(byte[] der, int[] at) {
        if (der[at[0]++] != 0x02) {
            throw new IllegalArgumentException("not an INTEGER");
        }
        int length = length(der, at);
        byte[] value = java.util.Arrays.copyOfRange(der, at[0], at[0] + length);
        at[0] += length;
        return new BigInteger(1, value);
    }

    private static int length(byte[] der, int[] at) {
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int bytes = first & 0x7f;
        if (bytes > 3) {
            throw new IllegalArgumentException("length");
        }
        int length = 0;
        for (int i = 0; i < bytes; i++) {
            length = (length << 8) | (der[at[0]++] & 0xff);
        }
        return length;
    }
}
