package cn.shencha.writers.search;

/**
 * The search indices. Each is an alias ({@code shencha-pages}) over a versioned index ({@code shencha-pages-v1}) created
 * from an explicit mapping, so a new mapping can be built beside the old one and the alias moved without downtime.
 */
public enum SearchIndex {
    PAGES("pages", 1, "/search/pages.json"),
    FINDINGS("findings", 1, "/search/findings.json");

    private final String name;
    private final int version;
    private final String mappingResource;

    SearchIndex(String name, int version, String mappingResource) {
        this.name = name;
        this.version = version;
        this.mappingResource = mappingResource;
    }

    /** The alias searches and writes go through, e.g. {@code shencha-pages}. */
    public String alias(String prefix) {
        return prefix + "-" + name;
    }

    /** The concrete index of the current mapping version, e.g. {@code shencha-pages-v1}. */
    public String versionedName(String prefix) {
        return alias(prefix) + "-v" + version;
    }

    String mappingResource() {
        return mappingResource;
    }
}
