package cn.shencha.writers.search;

/**
 * The search indices. Each is an alias ({@code shencha-pages}) over a concrete index ({@code shencha-pages-v1}) created
 * from an index template with an explicit mapping, so a new mapping can be built beside the old one and the alias
 * moved without downtime ({@link SearchReindexer}).
 */
public enum SearchIndex {
    /** Every snapshot (version) of every page and attachment. */
    PAGES("pages", 1, "/search/pages.json"),
    /** Findings with their evidence and explanation. */
    FINDINGS("findings", 1, "/search/findings.json"),
    /** Review decisions at every level and the secrecy bureau's. */
    DECISIONS("decisions", 1, "/search/decisions.json"),
    /** Entries of the leaders' approval ledger (领导审批台帐). */
    LEDGER("ledger", 1, "/search/ledger.json");

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

    /** The first concrete index of the current mapping version, e.g. {@code shencha-pages-v1}. */
    public String versionedName(String prefix) {
        return alias(prefix) + "-v" + version;
    }

    /** The mapping version the code writes. */
    public int version() {
        return version;
    }

    String mappingResource() {
        return mappingResource;
    }
}
