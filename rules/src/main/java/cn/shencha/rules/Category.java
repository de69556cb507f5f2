package cn.shencha.rules;

/**
 * What a finding is about. The codes are a public interface: run-summary.json, the analyze and eval commands,
 * the search index and the ledgers all carry them verbatim.
 */
public enum Category {
    /** Ch. 4 §7.1: economic data of the state, province, city or district that has not been released. */
    ECON_UNRELEASED("未发布经济数据", true),
    /** Ch. 4 §7.2: formulations of major historical events that differ from the authoritative ones. */
    HISTORY_WORDING("历史提法不规范", true),
    /** Ch. 4 §7.3: judicial, enforcement, petition or reconsideration cases not yet concluded. */
    PENDING_CASE("未办结案件", true),
    /** Ch. 4 §7.4: documents marked classified, internal, or not for disclosure. */
    RESTRICTED_DOC("涉密或限制公开文件", true),
    /** Ch. 7 §5: system parameters (accounts, passwords, IP addresses, system paths) are internal work secrets. */
    INTERNAL_SECRET("内部工作秘密", true),
    /** Ch. 8 §3.3: personal information of citizens. */
    PERSONAL_INFO("个人信息", true),
    /** Ch. 8 §3.2: no commercial advertisements or links to them. */
    COMMERCIAL_AD("商业广告", false),
    /** Ch. 6: illegal content injected into the site, typically hidden spam links (暗链). */
    HIDDEN_LINK("暗链及非法植入内容", false),
    /** Ch. 6 §2: the page body changed behind the editors' backs. Raised by the crawler, not by text analysis. */
    TAMPERED("网页被篡改", false),
    /** Ch. 8 §三(二) 政治关 / ch. 3 §五 杜绝政治错误: a leader's name or title wrong, leaders out of rank order, an institution
     *  misnamed, a fixed political formulation altered. The census vetoes a site for one on a published page. */
    SERIOUS_WORDING("严重表述错误", false),
    /** Ch. 8 §三(二) 文字关: a wrongly written character (错别字). */
    TYPO("错别字", false);

    private final String chineseName;
    private final boolean secrecy;

    Category(String chineseName, boolean secrecy) {
        this.chineseName = chineseName;
        this.secrecy = secrecy;
    }

    /** The name secrecy staff read in the console, ledgers and reports. */
    public String chineseName() {
        return chineseName;
    }

    /** Whether the category is a secrecy matter (ch. 4 §7, ch. 7 §5, personal information) that can require the secrecy bureau. */
    public boolean isSecrecy() {
        return secrecy;
    }
}
