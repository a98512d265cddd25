package dev.holdline.webhooks.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    private final Destinations strict = new Destinations(false, List.of(), AddressPolicyTest::noDns);

    /** Every spelling below names an address no webhook may reach. */
    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1/", "http://127.1/", "http://2130706433/", "http://0177.0.0.1/", "http://0x7f.1/",
            "http://0x7f000001/", "http://017700000001/", "http://0/", "http://0.0.0.0/", "http://10.1.2.3/",
            "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/", "http://100.64.0.1/",
            "http://100.100.100.200/", "http://169.254.169.254/latest/meta-data/", "http://192.0.0.170/",
            "http://192.0.2.1/", "http://198.18.0.1/", "http://198.51.100.7/", "http://203.0.113.9/",
            "http://224.0.0.1/", "http://239.255.255.250/", "http://240.0.0.1/", "http://255.255.255.255/",
            "http://[::1]/", "http://[::]/", "http://[0:0:0:0:0:0:0:1]/", "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/", "http://[::ffff:a9fe:a9fe]/", "http://[::127.0.0.1]/",
            "http://[64:ff9b::7f00:1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[64:ff9b:1::1]/",
            "http://[2002:7f00:1::]/", "http://[2002:c0a8:101::1]/", "http://[fe80::1]/", "http://[fc00::1]/",
            "http://[fd00:ec2::254]/", "http://[fec0::1]/", "http://[ff02::1]/", "http://[2001:db8::1]/",
            "http://[2001::1]/", "http://[100::1]/", "http://[3fff::1]/", "http://[::ffff:0:7f00:1]/",
            "http://168.63.129.16/"})
    void shouldRefuseInternalAndReservedAddressesInEverySpelling(String url) {
        Destinations.Refused refused = assertThrows(Destinations.Refused.class, () -> strict.check(url));

        assertEquals("BLOCKED_ADDRESS", refused.kind(), url + ": " + refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://8.8.8.8/", "https://1.1.1.1:8443/hook?x=1", "http://[2606:4700:4700::1111]/",
            "http://[::ffff:8.8.8.8]/", "http://[64:ff9b::808:808]/", "http://[2002:808:808::1]/", "http://134744072/"})
    void shouldAllowPublicAddresses(String url) throws Exception {
        assertTrue(strict.check(url).address() != null);
    }

    @Test
    void shouldReadNumericSpellingsAsTheAddressTheyName() throws Exception {
        assertEquals("8.8.8.8", strict.check("http://134744072/").address().getHostAddress());
        assertEquals("127.0.0.1", AddressPolicy.literal("0177.0.0.1").orElseThrow().getHostAddress());
        assertEquals("127.0.0.1", AddressPolicy.literal("0x7f.1").orElseThrow().getHostAddress());
        assertEquals("10.0.0.1", AddressPolicy.literal("10.1").orElseThrow().getHostAddress());
        assertTrue(AddressPolicy.literal("hooks.example.com").isEmpty());
    }

    @Test
    void shouldRefuseANameThatResolvesToLoopbackUnlessAllowListed() throws Exception {
        Destinations.Resolver toLoopback = host -> new InetAddress[] {InetAddress.getByName("8.8.4.4"),
                InetAddress.getByName("127.0.0.2")};

        Destinations.Refused refused = assertThrows(Destinations.Refused.class,
                () -> new Destinations(false, List.of(), toLoopback).check("https://hooks.example.com/in"));
        assertEquals("BLOCKED_ADDRESS", refused.kind());
        assertEquals("8.8.4.4", new Destinations(false, List.of("127.0.0.0/8"), toLoopback)
                .check("https://hooks.example.com/in").address().getHostAddress());
    }

    @Test
    void shouldRefuseLocalhostThroughTheSystemResolver() {
        Destinations system = new Destinations(false, List.of(), InetAddress::getAllByName);

        assertEquals("BLOCKED_ADDRESS", assertThrows(Destinations.Refused.class,
                () -> system.check("http://localhost:8080/")).kind());
    }

    @Test
    void shouldCheckAgainAtEachCallSoARebindingNameIsCaught() throws Exception {
        int[] calls = {0};
        Destinations rebinding = new Destinations(false, List.of(), host -> new InetAddress[] {
                InetAddress.getByName(calls[0]++ == 0 ? "93.184.215.14" : "169.254.169.254")});

        assertEquals("93.184.215.14", rebinding.check("http://rebind.example/").address().getHostAddress());
        assertEquals("BLOCKED_ADDRESS", assertThrows(Destinations.Refused.class,
                () -> rebinding.check("http://rebind.example/")).kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://8.8.8.8/", "http://user:pass@8.8.8.8/", "http://8.8.8.8@evil.example/",
            "http://8.8.8.8/#frag", "not a url", "http:///nohost", "http://1.2.3.999/", "http://8.8.8.8:99999/"})
    void shouldRefuseMalformedUrlsAndCredentials(String url) {
        assertEquals("INVALID_URL", assertThrows(Destinations.Refused.class, () -> strict.check(url)).kind(), url);
    }

    @Test
    void shouldRequireHttpsWhenConfigured() throws Exception {
        Destinations prod = new Destinations(true, List.of(), AddressPolicyTest::noDns);

        assertEquals("INVALID_URL", assertThrows(Destinations.Refused.class,
                () -> prod.check("http://8.8.8.8/")).kind());
        assertTrue(prod.check("https://8.8.8.8/").https());
        assertEquals("INVALID_URL", assertThrows(Destinations.Refused.class,
                () -> prod.check("https://8.8.8.8/" + "a".repeat(2100))).kind());
    }

    private static InetAddress[] noDns(String host) throws UnknownHostException {
        throw new UnknownHostException(host);
    }

    @Test
    void shouldReadOperatorCidrsStrictly() {
        assertThrows(IllegalArgumentException.class, () -> new AddressPolicy(List.of("10.1/16")));
        assertThrows(IllegalArgumentException.class, () -> new AddressPolicy(List.of("10.1.2.3/16")));
        assertThrows(IllegalArgumentException.class, () -> new AddressPolicy(List.of("0x0a.0.0.0/8")));
        assertThrows(IllegalArgumentException.class, () -> new AddressPolicy(List.of("10.0.0.0")));
        AddressPolicy policy = new AddressPolicy(List.of("10.20.0.0/16", "fd00:1::/64"));
        assertTrue(policy.refusal(address("10.20.3.4")).isEmpty());
        assertTrue(policy.refusal(address("10.21.3.4")).isPresent());
        assertTrue(policy.refusal(address("fd00:1::7")).isEmpty());
        assertTrue(policy.refusal(address("fd00:2::7")).isPresent());
    }

    private static InetAddress address(String literal) {
        return AddressPolicy.literal(literal).orElseThrow();
    }
}
