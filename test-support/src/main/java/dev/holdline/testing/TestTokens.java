package dev.holdline.testing;

import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens as {@code scripts/dev-token} makes them: RS256 with the dev key, {@code sub} = user,
 * {@code groups} = roles. Needs {@code smallrye.jwt.sign.key.location} in the test profile.
 */
public final class TestTokens {

    /** The audience every Holdline service requires ({@code holdline.identity.audience}). */
    public static final String AUDIENCE = "holdline";

    public static String bearer(String user, String... roles) {
        return "Bearer " + Jwt.issuer("holdline").audience(AUDIENCE).subject(user).upn(user).groups(Set.of(roles))
                .expiresIn(3600).sign();
    }

    /** The issuer of service tokens ({@code holdline.identity.service-issuer}). */
    public static final String SERVICE_ISSUER = "holdline-services";
    /** The dev key services sign their service tokens with ({@code holdline.identity.service-sign-key-location}). */
    public static final Path SERVICE_KEY = Path.of("../dev-only/service-jwt/privateKey.pem");
    /** The dev key users' tokens are signed with ({@code scripts/dev-token}). */
    public static final Path USERS_KEY = Path.of("../dev-only/jwt/privateKey.pem");

    /** The same token signed with a PEM private key file, for tests that run outside a Quarkus application. */
    public static String bearer(Path privateKeyPem, String user, String... roles) {
        return "Bearer " + Jwt.issuer("holdline").audience(AUDIENCE).subject(user).upn(user).groups(Set.of(roles))
                .expiresIn(3600).sign(privateKey(privateKeyPem));
    }

    /** A service token as {@code caller} signs it for {@code service}'s internal API ({@code ServiceTokens}). */
    public static String service(String caller, String service) {
        return "Bearer " + Jwt.issuer(SERVICE_ISSUER).audience(service).subject(caller).groups("service")
                .expiresIn(600).sign(privateKey(SERVICE_KEY));
    }

    /**
     * What {@code service}'s public API must refuse with 401: every token of {@link #refused} (for mallory, against
     * the dev users' key) and a valid service token meant for that very service (service tokens are for internal
     * APIs only).
     */
    public static Map<String, String> refusedOnPublicApi(String service) {
        Map<String, String> tokens = new LinkedHashMap<>(refused("mallory", Path.of("../dev-only/jwt/publicKey.pem")));
        tokens.put("a service token", service("thumbnail-worker", service));
        return tokens;
    }

    /**
     * Service tokens {@code service}'s internal API must refuse with 401: signed with the users' key or another,
     * meant for another service, expired, or with the users' issuer on the service key.
     */
    public static Map<String, String> refusedServiceTokens(String caller, String service) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("signed with the users' key", "Bearer " + Jwt.issuer(SERVICE_ISSUER).audience(service)
                .subject(caller).groups("service").expiresIn(600).sign(privateKey(USERS_KEY)));
        tokens.put("for another service", "Bearer " + Jwt.issuer(SERVICE_ISSUER).audience("poll-gateway")
                .subject(caller).groups("service").expiresIn(600).sign(privateKey(SERVICE_KEY)));
        tokens.put("expired", "Bearer " + Jwt.issuer(SERVICE_ISSUER).audience(service).subject(caller)
                .groups("service").issuedAt(now - 7200).expiresAt(now - 3600).sign(privateKey(SERVICE_KEY)));
        tokens.put("users' issuer on the service key", "Bearer " + Jwt.issuer("holdline").audience(AUDIENCE)
                .subject(caller).groups("service").expiresIn(600).sign(privateKey(SERVICE_KEY)));
        return tokens;
    }

    private static PrivateKey privateKey(Path pem) {
        try {
            String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the private key " + pem, e);
        }
    }

    /**
     * Bearer headers every service must refuse with 401, by what is wrong with them: expired, not yet valid,
     * another issuer, {@code alg: none}, HS256 "signed" with the public key (the classic key confusion), a
     * payload changed after signing (here: to an admin), another RSA key, not a JWT at all. Needs the same test
     * profile as {@link #bearer(String, String...)}; {@code publicKeyPem} is the key the services trust.
     */
    public static Map<String, String> refused(String user, Path publicKeyPem) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("expired", "Bearer " + Jwt.issuer("holdline").audience(AUDIENCE).subject(user).upn(user)
                .issuedAt(now - 7200).expiresAt(now - 3600).sign());
        tokens.put("not yet valid", "Bearer " + Jwt.issuer("holdline").audience(AUDIENCE).subject(user).upn(user)
                .claim("nbf", now + 3600).expiresAt(now + 7200).sign());
        tokens.put("another audience", "Bearer " + Jwt.issuer("holdline").audience("another-app").subject(user)
                .upn(user).expiresIn(3600).sign());
        tokens.put("no audience", "Bearer " + Jwt.issuer("holdline").subject(user).upn(user).expiresIn(3600).sign());
        tokens.put("another issuer", "Bearer " + Jwt.issuer("someone-else").audience(AUDIENCE).subject(user).upn(user)
                .expiresIn(3600).sign());
        String payload = base64Url(("{\"iss\":\"holdline\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + user + "\",\"upn\":\"" + user
                + "\",\"groups\":[\"admin\"],\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        tokens.put("alg none", "Bearer " + base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + payload + ".");
        try {
            String hsHeader = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Files.readAllBytes(publicKeyPem), "HmacSHA256"));
            String signed = hsHeader + "." + payload;
            tokens.put("HS256 with the public key", "Bearer " + signed + "."
                    + base64Url(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII))));
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            tokens.put("another RSA key", "Bearer " + Jwt.issuer("holdline").audience(AUDIENCE).subject(user).upn(user)
                    .expiresIn(3600).sign(generator.generateKeyPair().getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String[] genuine = bearer(user).substring(7).split("\\.");
        tokens.put("payload changed after signing", "Bearer " + genuine[0] + "." + payload + "." + genuine[2]);
        tokens.put("not a JWT", "Bearer not-a-jwt");
        return tokens;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private TestTokens() {
    }
}
