package dev.holdline.platform.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DevKeyGuardTest {

    @Test
    void shouldRecognizeBothDevelopmentKeysWhateverTheirLineBreaks() throws Exception {
        String publicKey = Files.readString(Path.of("../dev-only/jwt/publicKey.pem"));
        String privateKey = Files.readString(Path.of("../dev-only/jwt/privateKey.pem"));
        assertTrue(DevKeyGuard.isDevKey(publicKey));
        assertTrue(DevKeyGuard.isDevKey(privateKey));
        assertTrue(DevKeyGuard.isDevKey(publicKey.replace("\n", "\r\n")));
    }

    @Test
    void shouldLetAnyOtherKeyThrough() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        assertFalse(DevKeyGuard.isDevKey(pem));
    }
}
