package dev.engram.agent.tool.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses fetch_webpage may connect to: public unicast addresses only, unless configured otherwise. A model
 * chooses the URL, so without this the server would read its own network for it (admin consoles, databases, the
 * cloud metadata endpoint at 169.254.169.254).
 */
final class AddressGuard {

    private final boolean allowAll;
    private final List<Network> allowed;

    AddressGuard(boolean allowAll, List<String> allowedNetworks) {
        this.allowAll = allowAll;
        this.allowed = new ArrayList<>();
        for (String n : allowedNetworks) {
            allowed.add(Network.parse(n));
        }
    }

    static AddressGuard of(WebToolsConfig config) {
        return new AddressGuard(config.allowPrivateAddresses(), config.allowedNetworks().orElse(List.of()));
    }

    /** Why the address is refused ("a loopback address"), or empty when it may be reached. */
    Optional<String> refusal(InetAddress address) {
        if (allowAll) {
            return Optional.empty();
        }
        Optional<String> kind = nonPublic(address);
        if (kind.isPresent() && allowed.stream().anyMatch(n -> n.contains(address))) {
            return Optional.empty();
        }
        return kind;
    }

    /** What kind of non-public address this is, or empty for a public unicast one. */
    static Optional<String> nonPublic(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4(b);
        }
        if (address instanceof Inet6Address) {
            return ipv6(b);
        }
        return Optional.of("an address of an unknown family");
    }

    private static Optional<String> ipv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if (a0 == 0) {
            return Optional.of("an unspecified address (0.0.0.0/8)");
        }
        if (a0 == 127) {
            return Optional.of("a loopback address");
        }
        if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168) {
            return Optional.of("a private address (RFC 1918)");
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return Optional.of("a shared address (carrier-grade NAT, 100.64.0.0/10)");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of(a2 == 169 && a3 == 254 ? "the cloud metadata address" : "a link-local address");
        }
        if (a0 >= 224 && a0 <= 239) {
            return Optional.of("a multicast address");
        }
        if (a0 >= 240) {
            return Optional.of("a reserved or broadcast address");
        }
        if (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2) || a0 == 198 && (a1 & 0xfe) == 18
                || a0 == 198 && a1 == 51 && a2 == 100 || a0 == 203 && a1 == 0 && a2 == 113) {
            return Optional.of("a reserved address (protocol assignments, benchmarking or documentation)");
        }
        return Optional.empty();
    }

    private static Optional<String> ipv6(byte[] b) {
        boolean zeroFirst10 = true;
        for (int i = 0; i < 10; i++) {
            zeroFirst10 &= b[i] == 0;
        }
        if (zeroFirst10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return ipv4(new byte[] {b[12], b[13], b[14], b[15]}); // IPv4-mapped
        }
        if (zeroFirst10 && b[10] == 0 && b[11] == 0) {
            boolean zeroFirst15 = b[12] == 0 && b[13] == 0 && b[14] == 0;
            if (zeroFirst15 && b[15] == 0) {
                return Optional.of("an unspecified address (::)");
            }
            if (zeroFirst15 && b[15] == 1) {
                return Optional.of("a loopback address");
            }
            return ipv4(new byte[] {b[12], b[13], b[14], b[15]}); // IPv4-compatible (deprecated)
        }
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            return ipv4(new byte[] {b[12], b[13], b[14], b[15]}); // NAT64 64:ff9b::/96 reaches the embedded IPv4 address
        }
        if (b0 == 0x20 && b1 == 0x02) {
            return ipv4(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4 2002::/16 embeds an IPv4 address
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return Optional.of("a link-local address");
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
            return Optional.of("a site-local address");
        }
        if ((b0 & 0xfe) == 0xfc) {
            return Optional.of("a unique local address (fc00::/7)");
        }
        if (b0 == 0xff) {
            return Optional.of("a multicast address");
        }
        if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return Optional.of("a documentation address (2001:db8::/32)");
        }
        if (b0 == 0x01 && b1 == 0x00 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) {
            return Optional.of("a discard-only address (100::/64)");
        }
        return Optional.empty();
    }

    /** A configured network: an address and a prefix length. */
    private record Network(byte[] prefix, int bits) {

        static Network parse(String text) {
            String t = text.trim();
            int slash = t.indexOf('/');
            String host = slash < 0 ? t : t.substring(0, slash);
            if (!host.matches("[0-9a-fA-F:.\\[\\]]+")) {
                throw new IllegalArgumentException("engram.tools.web.allowed-networks: '" + text + "' is not an address or CIDR");
            }
            byte[] address;
            try {
                address = InetAddress.getByName(host.replace("[", "").replace("]", "")).getAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("engram.tools.web.allowed-networks: '" + text + "' is not an address or CIDR", e);
            }
            int bits = slash < 0 ? address.length * 8 : Integer.parseInt(t.substring(slash + 1));
            if (bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("engram.tools.web.allowed-networks: bad prefix length in '" + text + "'");
            }
            return new Network(address, bits);
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != prefix.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((a[i / 8] & mask) != (prefix[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
