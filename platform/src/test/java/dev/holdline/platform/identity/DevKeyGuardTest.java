package dev.holdline.platform.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevKeyGuardTest {

    private static String body(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    /** DER of a length-prefixed element. */
    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (content.length < 0x80) {
            out.write(content.length);
        } else {
            out.write(0x82);
            out.write(content.length >> 8);
            out.write(content.length & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** The same public key written every way a verification key could be configured. */
    private static Map<String, byte[]> encodings(String publicPem) throws Exception {
        byte[] x509 = Base64.getDecoder().decode(body(publicPem));
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(x509));
        String n = Base64.getUrlEncoder().withoutPadding().encodeToString(key.getModulus().toByteArray());
        String jwk = "{\"kty\":\"RSA\",\"use\":\"sig\",\"n\":\"" + n + "\",\"e\":\"AQAB\"}";
        ByteArrayOutputStream pkcs1 = new ByteArrayOutputStream();
        pkcs1.writeBytes(der(0x02, key.getModulus().toByteArray()));
        pkcs1.writeBytes(der(0x02, key.getPublicExponent().toByteArray()));
        byte[] rsaPublicKey = der(0x30, pkcs1.toByteArray());
        Map<String, byte[]> ways = new LinkedHashMap<>();
        ways.put("PEM", publicPem.getBytes(StandardCharsets.US_ASCII));
        ways.put("PEM with CRLF", publicPem.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
        ways.put("PEM on one line", body(publicPem).getBytes(StandardCharsets.US_ASCII));
        ways.put("DER", x509);
        ways.put("PKCS#1 PEM", ("-----BEGIN RSA PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsaPublicKey)
                + "\n-----END RSA PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII));
        ways.put("JWK", jwk.getBytes(StandardCharsets.UTF_8));
        ways.put("JWK set", ("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\"}," + jwk + "]}").getBytes(StandardCharsets.UTF_8));
        ways.put("base64url JWK", Base64.getUrlEncoder().withoutPadding()
                .encodeToString(jwk.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII));
        ways.put("JWK set after a broken key", ("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"%%%\",\"e\":\"AQAB\"},"
                + jwk + "]}").getBytes(StandardCharsets.UTF_8));
        return ways;
    }

    @Test
    void shouldRecognizeEveryDevelopmentKeyInEveryEncoding() throws Exception {
        for (String pair : new String[] { "jwt", "service-jwt" }) {
            String publicKey = Files.readString(Path.of("../dev-only/" + pair + "/publicKey.pem"));
            String privateKey = Files.readString(Path.of("../dev-only/" + pair + "/privateKey.pem"));
            assertTrue(DevKeyGuard.isDevKey(privateKey), pair + " private key");
            assertTrue(DevKeyGuard.isDevKey(privateKey.replace("\n", "")), pair + " private key on one line");
            for (Map.Entry<String, byte[]> way : encodings(publicKey).entrySet()) {
                assertTrue(DevKeyGuard.isDevKey(way.getValue()), pair + " public key as " + way.getKey());
            }
        }
    }

    @Test
    void shouldRecognizeTheDevelopmentKeyInACertificateAndInAJwkCertificateChain() throws Exception {
        String pem = Files.readString(Path.of("src/test/resources/dev-key-certificate.pem")); // openssl req -x509 -key
        assertTrue(DevKeyGuard.isDevKey(pem), "certificate PEM");
        String der = body(pem);
        assertTrue(DevKeyGuard.isDevKey(Base64.getDecoder().decode(der)), "certificate DER");
        assertTrue(DevKeyGuard.isDevKey("{\"keys\":[{\"kty\":\"RSA\",\"x5c\":[\"" + der + "\"]}]}"), "JWK x5c");
    }

    @Test
    void shouldLetAnyOtherKeyThroughInEveryEncoding() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        for (Map.Entry<String, byte[]> way : encodings(pem).entrySet()) {
            assertFalse(DevKeyGuard.isDevKey(way.getValue()), way.getKey());
        }
        assertFalse(DevKeyGuard.isDevKey("not a key"));
        assertFalse(DevKeyGuard.isDevKey(new BigInteger(4096, new java.util.Random(1)).toByteArray()));
    }
}
