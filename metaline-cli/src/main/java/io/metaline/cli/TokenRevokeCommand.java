package io.metaline.cli;

import io.metaline.server.service.MetaLineServices;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code metaline token revoke ID}: the token stops working at once. */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        description = "Revoke an API token by id; calls with it answer 401 from then on.")
public final class TokenRevokeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The token's id (see `metaline token list`).")
    String id;

    @Mixin ServerOptions server;

    @Override
    public Integer call() throws Exception {
        return UserErrors.run(spec, () -> {
            try (MetaLineServices services = MetaLineServices.open(server.config())) {
                if (!services.tokens().revoke(id)) throw new IllegalArgumentException("no token '" + id + "'");
            }
            spec.commandLine().getOut().println("Revoked token " + id);
            spec.commandLine().getOut().flush();
            return 0;
        });
    }
}
