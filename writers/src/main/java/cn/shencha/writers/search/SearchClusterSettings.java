package cn.shencha.writers.search;

import java.nio.file.Path;

/**
 * How to reach the search cluster: an external Elasticsearch 9 cluster by URL (with an API key or user and password,
 * and a PKCS#12 trust store for its TLS certificate), or — when no URL is given — the local node.
 *
 * @param indexPrefix the prefix of every index and alias name ("shencha"); tests use their own
 */
public record SearchClusterSettings(String url, String apiKey, String username, String password, Path trustStore,
                                    String trustStorePassword, String indexPrefix, LocalSearchNode.Settings localNode) {

    public boolean external() {
        return url != null && !url.isBlank();
    }
}
