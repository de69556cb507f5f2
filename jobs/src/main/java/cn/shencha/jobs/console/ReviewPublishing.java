package cn.shencha.jobs.console;

import cn.shencha.jobs.search.ReviewIndexer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * While the console runs, publishes committed review decisions to Elasticsearch every few seconds
 * ({@code shencha.console.publish-interval}, default 10 s): see {@link ReviewIndexer}.
 */
@Component
@ConditionalOnWebApplication
public class ReviewPublishing implements SmartInitializingSingleton, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewPublishing.class);

    private final ReviewIndexer indexer;
    private final Duration interval;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

    ReviewPublishing(ReviewIndexer indexer, @Value("${shencha.console.publish-interval:10s}") Duration interval) {
        this.indexer = indexer;
        this.interval = interval;
    }

    @Override
    public void afterSingletonsInstantiated() {
        scheduler.setThreadNamePrefix("shencha-publish-");
        scheduler.initialize();
        scheduler.scheduleWithFixedDelay(this::publish, interval);
    }

    void publish() {
        try {
            while (indexer.publishPending(500).decisions() == 500) {
                // more waiting
            }
        } catch (RuntimeException e) {
            LOG.warn("Publishing review decisions to search failed: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdown();
    }
}
