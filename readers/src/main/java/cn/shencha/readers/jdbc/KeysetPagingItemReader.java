package cn.shencha.readers.jdbc;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads rows page by page in the order of a unique string key, each page starting after the last key read, so rows
 * that change state while the step runs (analyzed, indexed) neither repeat nor get skipped. The last key of the last
 * committed chunk is kept in the ExecutionContext: a restarted step resumes right after it.
 *
 * <p>The query must contain one {@code ?} for the key bound (after any of its own parameters), in a condition of the
 * form {@code key > ?}, and order by the key: for example
 * {@code SELECT s.id, s.text FROM snapshot s WHERE s.analyzed_at IS NULL AND s.id > ? ORDER BY s.id}.
 */
public class KeysetPagingItemReader<T> implements ItemStreamReader<T> {

    private final String name;
    private final JdbcTemplate jdbc;
    private final String sql;
    private final List<Object> parameters;
    private final RowMapper<T> mapper;
    private final Function<T, String> key;
    private final int pageSize;
    private final Deque<T> buffer = new ArrayDeque<>();
    private String lastKeyRead = "";
    private String lastKeyCommitted = "";
    private boolean exhausted;

    /**
     * @param name       a name unique within the step, for the ExecutionContext
     * @param parameters the query's own parameters, bound before the key
     */
    public KeysetPagingItemReader(String name, JdbcTemplate jdbc, String sql, List<Object> parameters, RowMapper<T> mapper,
                                  Function<T, String> key, int pageSize) {
        this.name = Objects.requireNonNull(name);
        this.jdbc = jdbc;
        this.sql = sql + " FETCH FIRST " + pageSize + " ROWS ONLY";
        this.parameters = List.copyOf(parameters);
        this.mapper = mapper;
        this.key = key;
        this.pageSize = pageSize;
    }

    @Override
    public void open(ExecutionContext context) throws ItemStreamException {
        buffer.clear();
        exhausted = false;
        lastKeyRead = context.containsKey(contextKey()) ? context.getString(contextKey()) : "";
        lastKeyCommitted = lastKeyRead;
    }

    @Override
    public T read() {
        if (buffer.isEmpty() && !exhausted) {
            List<Object> args = new ArrayList<>(parameters);
            args.add(lastKeyRead);
            List<T> page = jdbc.query(sql, mapper, args.toArray());
            buffer.addAll(page);
            exhausted = page.size() < pageSize;
        }
        T next = buffer.pollFirst();
        if (next != null) {
            lastKeyRead = key.apply(next);
        }
        return next;
    }

    @Override
    public void update(ExecutionContext context) throws ItemStreamException {
        // Called at each chunk commit: everything read so far has been written.
        lastKeyCommitted = lastKeyRead;
        context.putString(contextKey(), lastKeyCommitted);
    }

    private String contextKey() {
        return name + ".lastKey";
    }
}
