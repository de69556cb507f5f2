package cn.shencha.jobs.cli;

import cn.shencha.jobs.review.UserAccounts;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code shencha user unlock NAME}: the way back in for a locked-out administrator (or anyone), from the server's shell. */
final class UserCommand {

    static final String HELP = """
            Usage: shencha user unlock NAME

            Unlocks a console account: clears the account's lock and every source address's failed-login count
            against it (see shencha.console.max-failed-logins), recorded in the audit trail as ACCOUNT_UNLOCKED by
            "cli". Runs beside a running console or serve (it reaches the database through them).
            """;

    private final Path data;

    UserCommand(Path data) {
        this.data = data;
    }

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse("user", args, Set.of(), Set.of("help"));
        if (o.flag("help") || o.positional().isEmpty()) {
            out.print(HELP);
            return o.flag("help") ? 0 : 2;
        }
        String action = o.positional().get(0);
        if (!action.equals("unlock")) {
            throw new UsageException("user: unknown action '" + action + "' (unlock)");
        }
        if (o.positional().size() != 2) {
            throw new UsageException("user: unlock needs one user name");
        }
        String name = o.positional().get(1).strip();
        try (ConfigurableApplicationContext context = SpringContexts.start(data, Map.of())) {
            if (!context.getBean(UserAccounts.class).unlock("cli", name)) {
                throw new CommandFailure("user: no such user '" + name + "'");
            }
            out.println("Unlocked " + name + ": the account and every source address may log in again");
            return 0;
        }
    }
}
