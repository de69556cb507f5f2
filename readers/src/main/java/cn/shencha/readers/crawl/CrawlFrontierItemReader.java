package cn.shencha.readers.crawl;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads a run's pending frontier URLs in discovery order, including the URLs that the step's own writer adds while it
 * runs, until none is pending. The pending state lives in the database, so after a crash the reader simply starts
 * over from the first URL still pending; the ExecutionContext keeps the count read for progress reports.
 */
public class CrawlFrontierItemReader implements ItemStreamReader<FrontierEntry> {

    private static final String READ_COUNT = "frontier.read.count";
    private static final int BATCH = 100;

    private final CrawlFrontier frontier;
    private final long runId;
    private final Deque<FrontierEntry> buffer = new ArrayDeque<>();
    private long lastId;
    private long readCount;

    public CrawlFrontierItemReader(CrawlFrontier frontier, long runId) {
        this.frontier = frontier;
        this.runId = runId;
    }

    @Override
    public void open(ExecutionContext context) throws ItemStreamException {
        lastId = 0;
        buffer.clear();
        readCount = context.containsKey(READ_COUNT) ? context.getLong(READ_COUNT) : 0;
    }

    @Override
    public FrontierEntry read() {
        if (buffer.isEmpty()) {
            buffer.addAll(frontier.pending(runId, lastId, BATCH));
            if (buffer.isEmpty()) {
                return null;
            }
        }
        FrontierEntry next = buffer.removeFirst();
        lastId = next.id();
        readCount++;
        return next;
    }

    @Override
    public void update(ExecutionContext context) throws ItemStreamException {
        context.putLong(READ_COUNT, readCount);
    }
}
