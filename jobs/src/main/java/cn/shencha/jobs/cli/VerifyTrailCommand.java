package cn.shencha.jobs.cli;

import cn.shencha.jobs.review.AuditTrail;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code shencha verify-trail}: walks the hash-chained audit trail and names every edited or deleted row. */
final class VerifyTrailCommand {

    static final String HELP = """
            Usage: shencha verify-trail

            Checks the audit trail (every review decision and administrative action): each row's HMAC against its
            content with the trail key (shencha.trail.key-file, default DATA/keys/trail-hmac.keys; rows from before
            keying: plain SHA-256), each row's link to the row before, the numbering, the last row against the chain
            head, and every signed checkpoint (database and DATA/trail/checkpoints/): its signature by a trusted key
            and its row's hash. A row rewritten through SQL with every later hash recomputed is named: the first
            rewritten row. Prints one line per problem; exits 0 when the trail is intact, 1 when it is not.
            """;

    private final Path data;

    VerifyTrailCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = Options.parse("verify-trail", args, Set.of(), Set.of("help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        if (!o.positional().isEmpty()) {
            throw new UsageException("verify-trail: unexpected argument '" + o.positional().get(0) + "'");
        }
        try (ConfigurableApplicationContext context = SpringContexts.start(data, Map.of())) {
            AuditTrail.Verification v = context.getBean(AuditTrail.class).verify();
            for (AuditTrail.Problem p : v.problems()) {
                out.println("FAIL  " + p.what());
            }
            if (v.intact()) {
                out.println("OK    audit trail intact: " + v.rows() + " rows (" + v.keyedRows() + " HMAC-keyed), head " + v.headSeq()
                        + " " + v.headHash() + ", " + v.checkpoints() + " signed checkpoint(s) match");
                return 0;
            }
            out.println("The audit trail is NOT intact: " + v.problems().size() + " problem(s) in " + v.rows() + " rows.");
            return 1;
        }
    }
}
