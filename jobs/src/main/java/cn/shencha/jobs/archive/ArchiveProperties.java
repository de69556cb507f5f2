package cn.shencha.jobs.archive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code shencha.archive}: archival packages.
 *
 * @param schedule        when {@code serve} runs {@code archiveJob} for the month just ended (Spring cron)
 * @param directory       where packages are written (default {@code DATA/archives})
 * @param retentionPeriod the 保管期限 written into each page's metadata
 * @param retention       how long source data is kept once a verified package holds it, per record class
 */
@ConfigurationProperties("shencha.archive")
public record ArchiveProperties(@DefaultValue("0 0 3 1 * *") String schedule, Path directory,
                                @DefaultValue("永久") String retentionPeriod, @DefaultValue Retention retention) {

    /**
     * @param warc         WARC files, counted from their last write
     * @param snapshotText the extracted text of snapshots, counted from their capture
     */
    public record Retention(@DefaultValue("365d") Duration warc, @DefaultValue("365d") Duration snapshotText) {
    }
}
