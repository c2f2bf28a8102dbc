package io.metaline.connect.plant;

import io.metaline.sim.line.LineSimulator;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The embedded OPC UA server of the simulated plant: one anonymous endpoint without security on
 * {@code opc.tcp://127.0.0.1:<port>/metaline}, bound to loopback only, serving a {@link PlantNamespace}.
 */
final class PlantOpcUaServer implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    private static final long TIMEOUT_SECONDS = 20;

    private final OpcUaServer server;
    private final PlantNamespace namespace;
    private final String endpointUrl;
    private boolean closed;

    private PlantOpcUaServer(OpcUaServer server, PlantNamespace namespace, String endpointUrl) {
        this.server = server;
        this.namespace = namespace;
        this.endpointUrl = endpointUrl;
    }

    /** Starts a server for {@code lines} on {@code port} (must be a concrete, free port). */
    static PlantOpcUaServer start(List<LineSimulator> lines, int port) throws Exception {
        EndpointConfig endpoint = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress(HOST)
                .setBindPort(port)
                .setHostname(HOST)
                .setPath(PlantAddresses.ENDPOINT_PATH)
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None)
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .build();
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri("urn:metaline:plant-simulator")
                .setApplicationName(LocalizedText.english("MetaLine simulated plant"))
                .setProductUri("urn:metaline")
                .setBuildInfo(new BuildInfo("urn:metaline", "MetaLine", "MetaLine simulated plant",
                        OpcUaServer.SDK_VERSION, "", DateTime.now()))
                .setEndpoints(Set.of(endpoint))
                // No certificates: SecurityPolicy None only; rejected client certificates are kept in memory.
                .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine()))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .build();
        OpcUaServer server = new OpcUaServer(config,
                profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
        PlantNamespace namespace = new PlantNamespace(server, lines);
        namespace.startup();
        try {
            server.startup().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            namespace.shutdown();
            server.shutdown().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            throw e;
        }
        return new PlantOpcUaServer(server, namespace, endpoint.getEndpointUrl());
    }

    /** {@code opc.tcp://127.0.0.1:<port>/metaline}. */
    String endpointUrl() {
        return endpointUrl;
    }

    /** Re-publishes a line's state (after a start or stop, which the line does not announce). */
    void publishState(LineSimulator line) {
        namespace.publishState(line);
    }

    /** Stops the namespace and the server. Idempotent. */
    @Override
    public void close() throws Exception {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        namespace.shutdown();
        server.shutdown().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
