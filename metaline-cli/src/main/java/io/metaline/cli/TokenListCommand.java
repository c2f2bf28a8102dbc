package io.metaline.cli;

import io.metaline.server.service.MetaLineServices;
import io.metaline.server.service.TokenInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metaline token list}: the tokens (never their secrets). */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List API tokens: id, site, role, label, when created and revoked (never secrets).")
public final class TokenListCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--site", paramLabel = "SITE", description = "Only this site's tokens (default: every site).")
    String site;

    @Mixin ServerOptions server;

    @Override
    public Integer call() throws Exception {
        return UserErrors.run(spec, () -> {
            try (MetaLineServices services = MetaLineServices.open(server.config())) {
                List<TokenInfo> tokens = services.tokens().list(site == null || site.isBlank() ? null : site.trim());
                PrintWriter out = spec.commandLine().getOut();
                String format = "%-22s %-14s %-9s %-24s %-20s %s%n";
                out.printf(Locale.ROOT, format, "ID", "SITE", "ROLE", "LABEL", "CREATED", "REVOKED");
                for (TokenInfo t : tokens) {
                    out.printf(Locale.ROOT, format, t.id(), t.site(), t.role().name().toLowerCase(Locale.ROOT), t.label() == null ? "" : t.label(),
                            t.created().toString().substring(0, 19), t.revoked() == null ? "-" : t.revoked().toString().substring(0, 19));
                }
                if (tokens.isEmpty()) out.println("(no tokens)");
                out.flush();
            }
            return 0;
        });
    }
}
