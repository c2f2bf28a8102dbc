package io.metaline.cli;

import io.metaline.server.service.IssuedToken;
import io.metaline.server.service.MetaLineServices;
import io.metaline.server.service.Role;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metaline token create}: issues a token and prints its secret, once. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Issue an API token; its secret is printed once, on stdout.",
            "Only a hash of the secret is stored: keep it, or revoke the token and issue another.",
            "Use it as `Authorization: Bearer <secret>`."})
public final class TokenCreateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--role", required = true, paramLabel = "ROLE", order = 1, description = "viewer, operator or admin.")
    String role;

    @Option(names = "--site", required = true, paramLabel = "SITE", order = 2, description = "The site (plant) the token is scoped to.")
    String site;

    @Option(names = "--label", defaultValue = "", paramLabel = "TEXT", order = 3, description = "What the token is for (e.g. \"line 3 connector\").")
    String label;

    @Mixin ServerOptions server;

    @Override
    public Integer call() throws Exception {
        return UserErrors.run(spec, () -> {
            Role r = parseRole(role);
            if (site == null || site.isBlank()) throw new IllegalArgumentException("--site must not be blank");
            try (MetaLineServices services = MetaLineServices.open(server.config())) {
                IssuedToken t = services.tokens().issue(r, site.trim(), label);
                spec.commandLine().getErr().println("Issued " + role.toLowerCase(Locale.ROOT) + " token " + t.info().id() + " for site "
                        + t.info().site() + ". Its secret, shown only now:");
                spec.commandLine().getErr().flush();
                spec.commandLine().getOut().println(t.secret());
                spec.commandLine().getOut().flush();
            }
            return 0;
        });
    }

    static Role parseRole(String text) {
        for (Role r : Role.values()) if (r.name().equalsIgnoreCase(text == null ? "" : text.trim())) return r;
        throw new IllegalArgumentException("--role: expected viewer, operator or admin, got '" + text + "'");
    }
}
