package io.metaline.connect.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AgentListener} that reports the line's state to the MetaLine server after every told run
 * ({@code PUT /api/v1/lines/{line}}: product, state "running", cycle, setpoints, last outcomes), for the dashboard's
 * lines page. A failed report is logged and skipped: the next run reports again.
 */
public final class ServerLineReporter implements AgentListener {
    private static final Logger LOG = LoggerFactory.getLogger(ServerLineReporter.class);
    private final HttpStudyGateway server;

    public ServerLineReporter(HttpStudyGateway server) {
        this.server = server;
    }

    @Override
    public void told(AgentProgress p) {
        try {
            server.reportLine(p.line(), p.product().isEmpty() ? "unknown" : p.product(), "running", Math.max(0, p.cycle()), p.settings(), p.outcomes());
        } catch (GatewayException e) {
            LOG.warn("line {}: could not report the line state: {}", p.line(), e.getMessage());
        }
    }
}
