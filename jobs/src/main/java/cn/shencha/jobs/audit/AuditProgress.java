package cn.shencha.jobs.audit;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.stereotype.Component;

import java.io.PrintStream;

/**
 * Progress lines for long runs, on standard error so that standard output stays machine-readable: at most one line
 * every two seconds per step while it runs, and one when it ends.
 */
@Component
public class AuditProgress implements ChunkListener<Object, Object>, StepExecutionListener {

    private static final long INTERVAL_MILLIS = 2000;

    private final PrintStream out = System.err;
    private volatile long lastPrinted;
    private volatile StepExecution current;

    @Override
    public void beforeStep(StepExecution stepExecution) {
        current = stepExecution;
        lastPrinted = System.currentTimeMillis();
    }

    @Override
    public void afterChunk(Chunk<Object> chunk) {
        StepExecution step = current;
        long now = System.currentTimeMillis();
        if (step != null && now - lastPrinted >= INTERVAL_MILLIS) {
            lastPrinted = now;
            out.printf("  %-8s %d items so far%n", step.getStepName(), step.getWriteCount() + chunk.size());
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        out.printf("  %-8s %s: %d read, %d written, %d skipped%n", step.getStepName(),
                step.getStatus().name().toLowerCase(), step.getReadCount(), step.getWriteCount(), step.getSkipCount());
        return step.getExitStatus();
    }
}
