package cn.shencha.readers.extract;

import crawlercommons.domains.EffectiveTldFinder;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a link leaves the site a document was published on: another registrable domain (public-suffix aware, so
 * {@code www.yunchuan.gov.cn} and {@code zwfw.yunchuan.gov.cn} are one site, {@code www.km.gov.cn} another).
 */
public final class LinkLocality {

    private LinkLocality() {
    }

    /** Whether {@code link} points outside the site of {@code location}; true when either has no readable host. */
    public static boolean isExternal(String location, String link) {
        String a = site(location);
        String b = site(link);
        return a == null || b == null || !a.equals(b);
    }

    /** The registrable domain of a URL's host (the host itself for IP addresses and unknown suffixes), or null. */
    static String site(String url) {
        if (url == null) {
            return null;
        }
        String host;
        try {
            host = URI.create(url.strip()).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (host == null || host.isEmpty()) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") || host.matches("[0-9.]+")) {
            return host;
        }
        String assigned = EffectiveTldFinder.getAssignedDomain(host, true, false);
        return assigned == null || assigned.isEmpty() ? host : assigned;
    }
}
