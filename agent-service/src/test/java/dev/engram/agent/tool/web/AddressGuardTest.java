package dev.engram.agent.tool.web;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which addresses fetch_webpage may reach. */
class AddressGuardTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static final AddressGuard DEFAULT = new AddressGuard(false, List.of());

    @Test
    void public_unicast_addresses_are_reachable() {
        for (String a : List.of("93.184.216.34", "8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.63.255.255", "100.128.0.1",
                "192.169.0.1", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e")) {
            assertEquals(Optional.empty(), DEFAULT.refusal(ip(a)), a);
        }
    }

    @Test
    void every_kind_of_non_public_address_is_refused_with_its_name() {
        Map<String, String> kinds = Map.ofEntries(
                Map.entry("0.0.0.0", "an unspecified address (0.0.0.0/8)"),
                Map.entry("127.0.0.1", "a loopback address"),
                Map.entry("127.255.0.9", "a loopback address"),
                Map.entry("10.0.0.1", "a private address (RFC 1918)"),
                Map.entry("172.16.0.1", "a private address (RFC 1918)"),
                Map.entry("172.31.255.254", "a private address (RFC 1918)"),
                Map.entry("192.168.1.1", "a private address (RFC 1918)"),
                Map.entry("100.64.0.1", "a shared address (carrier-grade NAT, 100.64.0.0/10)"),
                Map.entry("169.254.169.254", "the cloud metadata address"),
                Map.entry("169.254.1.1", "a link-local address"),
                Map.entry("224.0.0.1", "a multicast address"),
                Map.entry("239.255.255.250", "a multicast address"),
                Map.entry("255.255.255.255", "a reserved or broadcast address"),
                Map.entry("198.18.0.1", "a reserved address (protocol assignments, benchmarking or documentation)"),
                Map.entry("::", "an unspecified address (::)"),
                Map.entry("::1", "a loopback address"),
                Map.entry("fe80::1", "a link-local address"),
                Map.entry("fc00::1", "a unique local address (fc00::/7)"),
                Map.entry("fd00:ec2::254", "a unique local address (fc00::/7)"),
                Map.entry("ff02::1", "a multicast address"),
                Map.entry("2001:db8::1", "a documentation address (2001:db8::/32)"));
        kinds.forEach((a, kind) -> assertEquals(Optional.of(kind), DEFAULT.refusal(ip(a)), a));
    }

    @Test
    void ipv4_addresses_inside_ipv6_are_judged_by_the_ipv4_address() {
        assertEquals(Optional.of("a loopback address"), DEFAULT.refusal(ip("::ffff:127.0.0.1")));
        assertEquals(Optional.of("the cloud metadata address"), DEFAULT.refusal(ip("::ffff:169.254.169.254")));
        assertEquals(Optional.of("a private address (RFC 1918)"), DEFAULT.refusal(ip("64:ff9b::10.0.0.1")));
        assertEquals(Optional.of("a private address (RFC 1918)"), DEFAULT.refusal(ip("2002:c0a8:0101::1")), "6to4 of 192.168.1.1");
        assertEquals(Optional.of("a loopback address"), DEFAULT.refusal(ip("::127.0.0.1")), "IPv4-compatible");
        assertEquals(Optional.empty(), DEFAULT.refusal(ip("64:ff9b::8.8.8.8")));
    }

    @Test
    void allowed_networks_open_only_themselves() {
        AddressGuard guard = new AddressGuard(false, List.of("10.1.2.0/24", "127.0.0.1", "fd12::/16"));
        assertEquals(Optional.empty(), guard.refusal(ip("10.1.2.200")));
        assertEquals(Optional.of("a private address (RFC 1918)"), guard.refusal(ip("10.1.3.1")));
        assertEquals(Optional.empty(), guard.refusal(ip("127.0.0.1")));
        assertEquals(Optional.of("a loopback address"), guard.refusal(ip("127.0.0.2")));
        assertEquals(Optional.empty(), guard.refusal(ip("fd12:3::4")));
        assertEquals(Optional.of("the cloud metadata address"), guard.refusal(ip("169.254.169.254")));
    }

    @Test
    void allow_all_lifts_every_check() {
        AddressGuard guard = new AddressGuard(true, List.of());
        for (String a : List.of("127.0.0.1", "10.0.0.1", "169.254.169.254", "::1")) {
            assertEquals(Optional.empty(), guard.refusal(ip(a)), a);
        }
    }

    @Test
    void a_malformed_allowed_network_fails_at_start_naming_the_setting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AddressGuard(false, List.of("intranet.local")));
        assertTrue(e.getMessage().startsWith("engram.tools.web.allowed-networks: 'intranet.local'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AddressGuard(false, List.of("10.0.0.0/33")));
    }
}
