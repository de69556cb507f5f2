package cn.shencha.jobs.report;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.util.List;

/**
 * Reads the ids of the units to report on, one at a time, and keeps its position in the step's execution context,
 * so a restarted step goes on with the next unit instead of starting over.
 */
public class UnitItemReader implements ItemStreamReader<String> {

    static final String POSITION = "unitReports.position";

    private final List<String> unitIds;
    private int position;

    public UnitItemReader(List<String> unitIds) {
        this.unitIds = List.copyOf(unitIds);
    }

    @Override
    public void open(ExecutionContext context) {
        position = context.containsKey(POSITION) ? context.getInt(POSITION) : 0;
    }

    @Override
    public String read() {
        return position < unitIds.size() ? unitIds.get(position++) : null;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(POSITION, position);
    }
}
