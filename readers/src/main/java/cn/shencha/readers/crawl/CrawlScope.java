package cn.shencha.readers.crawl;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a crawl may touch: http(s) URLs on the configured hosts under the configured path prefixes, resolving to
 * public addresses unless the site explicitly allows private ones. Every URL is checked before it is queued and again
 * after every redirect, so the crawler never touches an address it was not told to.
 */
public final class CrawlScope {

    /** Why a URL is out of bounds; {@link #IN_SCOPE} when it is not. */
    public enum Verdict {
        IN_SCOPE, SCHEME, SCOPE, PRIVATE_ADDRESS, UNRESOLVABLE
    }

    private final Set<String> hosts;
    private final List<String> pathPrefixes;
    private final boolean allowPrivate;

    /**
     * @param hosts        host names (optionally with :port) the crawl may fetch from, case-insensitive
     * @param pathPrefixes path prefixes the crawl stays under; empty means the whole host
     * @param allowPrivate whether loopback, private, link-local and unique-local addresses may be fetched
     */
    public CrawlScope(Set<String> hosts, List<String> pathPrefixes, boolean allowPrivate) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a crawl scope needs at least one host");
        }
        this.hosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.pathPrefixes = List.copyOf(pathPrefixes);
        this.allowPrivate = allowPrivate;
    }

    /** The scope of one start URL: its host (with port) and everything under it. */
    public static CrawlScope ofStartUrl(URI start, boolean allowPrivate) {
        return new CrawlScope(Set.of(hostKey(start)), List.of(), allowPrivate);
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /** Scheme, host and path rules only, without DNS: cheap enough for every discovered link. */
    public Verdict checkSyntax(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Verdict.SCHEME;
        }
        if (uri.getHost() == null || !hosts.contains(hostKey(uri))) {
            return Verdict.SCOPE;
        }
        if (!pathPrefixes.isEmpty()) {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (pathPrefixes.stream().noneMatch(path::startsWith) && !path.equals("/robots.txt")) {
                return Verdict.SCOPE;
            }
        }
        return Verdict.IN_SCOPE;
    }

    /** The full check, resolving the host: done right before every request and after every redirect. */
    public Verdict check(URI uri) {
        return resolve(uri).verdict();
    }

    /**
     * The outcome of the full check and, when in scope, the addresses checked: the fetcher connects to one of these,
     * never to a second lookup's answer, so a name cannot resolve to a public address for the check and a private one
     * for the connection.
     */
    public record Resolution(Verdict verdict, List<InetAddress> addresses) {
    }

    /** {@link #check(URI)} with the addresses it approved. */
    public Resolution resolve(URI uri) {
        Verdict syntax = checkSyntax(uri);
        if (syntax != Verdict.IN_SCOPE) {
            return new Resolution(syntax, List.of());
        }
        InetAddress[] addresses;
        try {
            String host = uri.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new Resolution(Verdict.UNRESOLVABLE, List.of());
        }
        for (InetAddress address : addresses) {
            if (!allowPrivate && isNonPublic(address)) {
                return new Resolution(Verdict.PRIVATE_ADDRESS, List.of());
            }
        }
        return new Resolution(Verdict.IN_SCOPE, List.of(addresses));
    }

    /**
     * Whether an address is not a public unicast one: loopback, unspecified, link-local, private, multicast, unique
     * local, carrier-grade NAT, benchmarking, IETF protocol assignments (192.0.0.0/24) and reserved (240.0.0.0/4,
     * broadcast included). An IPv6 address that carries an IPv4 one — IPv4-compatible {@code ::/96}, NAT64
     * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16} — is judged by the IPv4 address it leads to (the local-use NAT64
     * prefix {@code 64:ff9b:1::/48} is never public).
     */
    static boolean isNonPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return isNonPublicIpv4(b, 0);
        }
        if ((b[0] & 0xFE) == 0xFC) {
            return true; // IPv6 unique local fc00::/7
        }
        if (prefix(b, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) {
            return isNonPublicIpv4(b, 12); // IPv4-compatible ::a.b.c.d (deprecated, routed as the IPv4 address)
        }
        if (prefix(b, 12, 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0)) {
            return isNonPublicIpv4(b, 12); // NAT64 well-known prefix 64:ff9b::/96
        }
        if (prefix(b, 6, 0, 0x64, 0xff, 0x9b, 0, 1)) {
            return true; // local-use NAT64 64:ff9b:1::/48: whatever it translates to is the operator's own network
        }
        if (prefix(b, 2, 0x20, 0x02)) {
            return isNonPublicIpv4(b, 2); // 6to4 2002:AABB:CCDD::/48
        }
        return false;
    }

    private static boolean prefix(byte[] b, int length, int... expected) {
        for (int i = 0; i < length; i++) {
            if ((b[i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNonPublicIpv4(byte[] b, int at) {
        int first = b[at] & 0xFF;
        int second = b[at + 1] & 0xFF;
        int third = b[at + 2] & 0xFF;
        return first == 0 || first == 10 || first == 127 || first >= 224 // this network, private, loopback, multicast, reserved
                || (first == 169 && second == 254) // link-local
                || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168) // private
                || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
                || (first == 198 && (second == 18 || second == 19)) // benchmarking
                || (first == 192 && second == 0 && third == 0); // IETF protocol assignments
    }

    /** host[:port] as written in a scope, lower case, without default ports. */
    public static String hostKey(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("http".equalsIgnoreCase(uri.getScheme()) && port == 80)
                || ("https".equalsIgnoreCase(uri.getScheme()) && port == 443);
        return defaultPort ? host : host + ":" + port;
    }
}
