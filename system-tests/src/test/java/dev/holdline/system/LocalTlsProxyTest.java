package dev.holdline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The local origin's HTTPS option (issue 29: a browser gives an origin six HTTP/1.1 connections for all its tabs,
 * one HTTP/2 connection carries them all): the nginx configuration scripts/proxy-conf renders with
 * {@code PROXY_TLS_PORT}, as scripts/local does for {@code HOLDLINE_TLS_PORT}, booted for real with a certificate
 * made by openssl, answers over HTTP/2 on that port and still over HTTP/1.1 on the plain one.
 */
@Tag("infra") // starts nginx: not in the quick lane
class LocalTlsProxyTest {

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** Accepts the test's own self-signed certificate; used for this loopback nginx only. */
    private static SSLContext trustingEverything() throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context;
    }

    private static int run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(new File(command[0]).getName() + ".out").toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        return process.exitValue();
    }

    @Test
    void shouldServeTheOneOriginOverHttp2WhenTlsIsAsked() throws Exception {
        int plain = freePort();
        int tls = freePort();
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "tls-proxy");
        Files.createDirectories(dir.resolve("tls"));
        assertEquals(0, run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", dir.resolve("tls/key.pem").toString(),
                "-out", dir.resolve("tls/cert.pem").toString()), "openssl could not make the certificate");
        ProcessBuilder render = new ProcessBuilder("../scripts/proxy-conf", Integer.toString(plain), dir.toString())
                .redirectOutput(dir.resolve("nginx.conf").toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        render.environment().put("PROXY_TLS_PORT", Integer.toString(tls));
        assertEquals(0, render.start().waitFor(), "scripts/proxy-conf failed");
        assertTrue(Files.readString(dir.resolve("nginx.conf")).contains("listen " + tls + " ssl http2;"));

        String binary = new File("/usr/sbin/nginx").canExecute() ? "/usr/sbin/nginx" : "nginx";
        Process nginx = new ProcessBuilder(binary, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                if (!nginx.isAlive()) {
                    throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("nginx.out")));
                }
                try (var socket = new java.net.Socket("127.0.0.1", tls)) {
                    return true;
                } catch (IOException notYet) {
                    return false;
                }
            });
            HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                    .sslContext(trustingEverything()).build();
            // a path no service answers: nginx itself answers, so no service needs to run
            HttpResponse<String> secure = http2.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + tls + "/no-such-path")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, secure.version(), "HTTPS answered over " + secure.version());
            assertEquals(404, secure.statusCode());
            assertTrue(secure.body().contains("\"not_found\""), secure.body());

            HttpResponse<String> cleartext = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + plain + "/no-such-path")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, cleartext.statusCode(), "the plain port still answers");
        } finally {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
