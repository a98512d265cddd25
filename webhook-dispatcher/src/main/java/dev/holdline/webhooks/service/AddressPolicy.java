package dev.holdline.webhooks.service;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which addresses a webhook may be sent to. Refused: loopback, private, link-local, CGNAT, multicast, reserved,
 * documentation, benchmarking and cloud metadata ranges (169.254.169.254 in link-local, 100.100.100.200 in CGNAT,
 * fd00:ec2::254 in ULA, Azure's 168.63.129.16) of IPv4 and IPv6, and IPv6 forms that carry an IPv4
 * address (IPv4-mapped, IPv4-compatible, 6to4, NAT64) whose IPv4 address is refused. An operator's CIDRs
 * ({@code webhooks.allowed-cidrs}) are allowed before anything else. Also reads IPv4 the way
 * {@code inet_aton} does ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}), so a spelling cannot hide an
 * address.
 */
public final class AddressPolicy {

    /** An address range. */
    public record Cidr(byte[] network, int prefix) {

        public static Cidr parse(String text) {
            String trimmed = text.trim();
            int slash = trimmed.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("not a CIDR (address/prefix): " + text);
            }
            InetAddress address = literal(trimmed.substring(0, slash))
                    .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + text));
            int prefix;
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a prefix length: " + text);
            }
            byte[] bytes = address.getAddress();
            if (bytes.length == 4 && trimmed.indexOf(':') >= 0) { // Java reads ::ffff:a.b.c.d as IPv4: keep it IPv6
                bytes = new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, bytes[0], bytes[1],
                        bytes[2], bytes[3]};
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("prefix out of range: " + text);
            }
            return new Cidr(bytes, prefix);
        }

        public boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Cidr> BLOCKED_V4 = cidrs("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24",
            "192.88.99.0/24", "192.168.0.0/16", "168.63.129.16/32", "192.175.48.0/24", "198.18.0.0/15",
            "198.51.100.0/24",
            "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4");
    private static final List<Cidr> BLOCKED_V6 = cidrs("::/96", "::ffff:0:0:0/96", "64:ff9b:1::/48", "100::/64",
            "2001::/23", "2001:db8::/32", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8");
    private static final Cidr MAPPED = Cidr.parse("::ffff:0:0/96");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private final List<Cidr> allowed;

    public AddressPolicy(List<String> allowedCidrs) {
        this.allowed = allowedCidrs.stream().filter(c -> !c.isBlank()).map(AddressPolicy::strictCidr).toList();
    }

    /**
     * An operator's CIDR read as {@code ip route} would: a full dotted quad or IPv6 address, no host bits set
     * ({@code 10.1/16} or {@code 10.1.2.3/16} is refused rather than read as something else).
     */
    static Cidr strictCidr(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (address.indexOf(':') < 0 && !address.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
                + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}")) {
            throw new IllegalArgumentException("webhooks.allowed-cidrs: '" + text
                    + "' is not a dotted-quad or IPv6 CIDR such as 10.20.0.0/16");
        }
        Cidr cidr = Cidr.parse(trimmed);
        byte[] bytes = cidr.network();
        for (int bit = cidr.prefix(); bit < bytes.length * 8; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new IllegalArgumentException("webhooks.allowed-cidrs: '" + text
                        + "' has host bits set beyond /" + cidr.prefix());
            }
        }
        return cidr;
    }

    /** Why {@code address} may not be sent to, or empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Cidr cidr : allowed) {
            if (cidr.contains(bytes)) {
                return Optional.empty();
            }
        }
        if (address instanceof Inet4Address) {
            return refusalV4(bytes, address.getHostAddress());
        }
        byte[] embedded = embeddedV4(bytes);
        if (embedded != null) {
            for (Cidr cidr : allowed) {
                if (cidr.contains(embedded)) {
                    return Optional.empty();
                }
            }
            return refusalV4(embedded, address.getHostAddress());
        }
        for (Cidr cidr : BLOCKED_V6) {
            if (cidr.contains(bytes)) {
                return Optional.of(address.getHostAddress() + " is in the reserved or internal range "
                        + format(cidr));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> refusalV4(byte[] bytes, String shown) {
        for (Cidr cidr : BLOCKED_V4) {
            if (cidr.contains(bytes)) {
                return Optional.of(shown + " is in the reserved or internal range " + format(cidr));
            }
        }
        return Optional.empty();
    }

    /** The IPv4 address inside an IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 address; null for other forms. */
    private static byte[] embeddedV4(byte[] v6) {
        if (MAPPED.contains(v6) || NAT64.contains(v6)) {
            return new byte[] {v6[12], v6[13], v6[14], v6[15]};
        }
        if (SIX_TO_FOUR.contains(v6)) {
            return new byte[] {v6[2], v6[3], v6[4], v6[5]};
        }
        return null;
    }

    /**
     * The address a URL's host names without DNS: an IPv6 literal (bracketed or not) or IPv4 in any
     * {@code inet_aton} spelling; empty for a host name. An IllegalArgumentException for a host that looks
     * numeric but is no address (like {@code 1.2.3.999}).
     */
    public static Optional<InetAddress> literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            if (h.indexOf(':') >= 0) {
                if (!h.matches("[0-9A-Fa-f:.]+")) {
                    throw new IllegalArgumentException("not an IPv6 address: " + host);
                }
                return Optional.of(InetAddress.getByName(h));
            }
            String lastLabel = h.substring(h.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            boolean numericLast = !lastLabel.isEmpty() && (lastLabel.matches("[0-9]+") || lastLabel.matches("0x[0-9a-f]*"));
            if (!numericLast) {
                return Optional.empty();
            }
            return Optional.of(InetAddress.getByAddress(inetAton(h)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + host);
        }
    }

    /** IPv4 as {@code inet_aton} reads it: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x). */
    private static byte[] inetAton(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = part(parts[i], text);
        }
        long value = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            value |= values[i] << (8 * (3 - i));
        }
        long last = values[parts.length - 1];
        if (last >= 1L << (8 * (5 - parts.length))) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        value |= last;
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static long part(String part, String whole) {
        String p = part.toLowerCase(Locale.ROOT);
        try {
            if (p.startsWith("0x")) {
                return p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
            }
            if (p.length() > 1 && p.startsWith("0")) {
                return Long.parseLong(p.substring(1), 8);
            }
            if (p.length() > 12) {
                throw new NumberFormatException();
            }
            return Long.parseLong(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + whole);
        }
    }

    private static String format(Cidr cidr) {
        try {
            return InetAddress.getByAddress(cidr.network()).getHostAddress() + "/" + cidr.prefix();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Cidr> cidrs(String... texts) {
        List<Cidr> list = new ArrayList<>();
        for (String text : texts) {
            list.add(Cidr.parse(text));
        }
        return List.copyOf(list);
    }
}
