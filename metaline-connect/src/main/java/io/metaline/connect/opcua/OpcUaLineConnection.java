package io.metaline.connect.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.metaline.connect.loop.CycleReading;
import io.metaline.connect.loop.LineConnection;
import io.metaline.connect.loop.LineConnectionException;
import io.metaline.connect.loop.SetpointRejectedException;
import io.metaline.connect.loop.SetpointWrite;
import io.metaline.connect.loop.Setpoints;
import io.metaline.connect.loop.SetpointsLostException;
import io.metaline.connect.mapping.LineMapping;
import io.metaline.connect.mapping.MappingException;
import io.metaline.connect.mapping.MappingValidator;
import io.metaline.connect.mapping.SourceSpec;
import io.metaline.connect.mapping.TagInfo;
import io.metaline.connect.mapping.TagInspector;
import io.metaline.connect.mapping.TagMapping;
import io.metaline.connect.mapping.TagType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A line over OPC UA (Eclipse Milo 1.1 client), anonymous with SecurityPolicy None, string node ids in the mapping's
 * namespace.
 *
 * <p>{@link #open()} connects, then checks every mapped node and the state nodes ({@code cycle},
 * {@code setpointsCycle}: Int64) exist with the declared data type, that a node's standard EngineeringUnits property
 * (when it has one) names the declared unit, and that setpoints are writable; all mismatches
 * come back in one {@link MappingException}. It subscribes to the cycle counter to wake waiting callers; reads do not
 * depend on the subscription, so a subscription lost in a reconnect only slows them to the poll interval.
 *
 * <p>Consistency: a run is read in one Read request: the cycle counter first and last, the outcomes, context,
 * setpoints and {@code setpointsCycle} between, with source timestamps. It is accepted only when both counter values
 * agree, no outcome is newer than the counter (the server writes a cycle's outcomes before its counter, so a newer
 * outcome belongs to a cycle still being written), the line still runs the written setpoints, and the counter has
 * reached both {@code setpointsCycle} and the first cycle after the write.
 *
 * <p>Dropped connections: Milo re-establishes the channel and session by itself; a call made meanwhile throws a
 * {@link LineConnectionException} which the agent retries. Thread-safety: calls may come from any thread but are
 * meant for one agent; the subscription callback only signals.
 */
public final class OpcUaLineConnection implements LineConnection, TagInspector {
    private static final Logger LOG = LoggerFactory.getLogger(OpcUaLineConnection.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final LineMapping mapping;
    private final SourceSpec source;
    private final String cycleNode;
    private final String setpointsCycleNode;
    private final String productNode;
    private final Object signal = new Object();
    private OpcUaClient client;
    private OpcUaSubscription subscription;
    private UShort ns;
    private volatile long lastSeenCycle = -1;

    /**
     * @param mapping an OPC UA mapping, already checked against the study ({@link MappingValidator#requireValid})
     */
    public OpcUaLineConnection(LineMapping mapping) {
        if (mapping.source() == null || !mapping.source().isOpcUa()) {
            throw new IllegalArgumentException("line " + mapping.line() + ": not an OPC UA mapping (source.kind must be \"opcua\")");
        }
        List<String> shape = MappingValidator.shapeProblems(mapping);
        if (!shape.isEmpty()) throw new MappingException("line mapping of line '" + mapping.line() + "'", shape);
        this.mapping = mapping;
        this.source = mapping.source();
        this.cycleNode = source.cycleTagOrDefault(mapping.line());
        String stateFolder = cycleNode.contains("/") ? cycleNode.substring(0, cycleNode.lastIndexOf('/')) : mapping.line() + "/state";
        this.setpointsCycleNode = stateFolder + "/setpointsCycle";
        this.productNode = stateFolder + "/product";
    }

    @Override
    public String line() {
        return mapping.line();
    }

    @Override
    public synchronized void open() throws Exception {
        if (client != null) return;
        OpcUaClient c;
        try {
            String url = source.endpoint();
            String host = EndpointUtil.getHost(url);
            int port = EndpointUtil.getPort(url);
            c = OpcUaClient.create(url,
                    endpoints -> endpoints.stream()
                            .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri()))
                            .findFirst()
                            // The server may announce another host name; the configured address is the one that works.
                            .map(e -> EndpointUtil.updateUrl(e, host, port)),
                    transport -> { },
                    config -> config.setApplicationName(LocalizedText.english("MetaLine connector"))
                            .setApplicationUri("urn:metaline:connector")
                            .setRequestTimeout(uint(5000))
                            .setKeepAliveInterval(uint(1000)));
            c.connect();
        } catch (UaException e) {
            throw new LineConnectionException("cannot connect to " + source.endpoint() + ": " + e.getMessage(), e);
        }
        UShort index = c.readNamespaceTable().getIndex(source.namespaceOrDefault());
        if (index == null) {
            disconnectQuietly(c);
            throw new MappingException("line mapping of line '" + line() + "' does not match the live source",
                    List.of("source.namespaceUri: the server at " + source.endpoint() + " has no namespace '" + source.namespaceOrDefault() + "'"));
        }
        this.client = c;
        this.ns = index;
        List<String> problems = new ArrayList<>(MappingValidator.liveProblems(mapping, this));
        for (String state : List.of(cycleNode, setpointsCycleNode)) {
            Optional<TagInfo> info = inspect(TagMapping.opcua(state, "int64", null));
            if (info.isEmpty()) problems.add("source.cycleTag: the server has no node '" + state + "' (expected an Int64 counter)");
            else if (info.get().type() != TagType.INT64) problems.add("source.cycleTag: node '" + state + "' is " + info.get().type() + ", expected int64");
        }
        if (!problems.isEmpty()) {
            close();
            throw new MappingException("line mapping of line '" + line() + "' does not match the live source", problems);
        }
        subscribe();
        LOG.info("line {}: connected to {} (namespace index {})", line(), source.endpoint(), ns);
    }

    private void subscribe() {
        try {
            OpcUaSubscription s = new OpcUaSubscription(client, 50.0);
            s.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
                @Override
                public void onTransferFailed(OpcUaSubscription subscription, StatusCode status) {
                    // A new session could not take the subscription over: make a new one (reads do not wait for it).
                    LOG.info("line {}: cycle-counter subscription lost ({}); subscribing again", line(), status);
                    Thread t = new Thread(OpcUaLineConnection.this::resubscribe, "opcua-resubscribe-" + line());
                    t.setDaemon(true);
                    t.start();
                }
            });
            s.create();
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(node(cycleNode));
            item.setSamplingInterval(20);
            item.setDataValueListener((i, v) -> {
                if (v.value() != null && v.value().value() instanceof Number n) lastSeenCycle = n.longValue();
                synchronized (signal) {
                    signal.notifyAll();
                }
            });
            s.addMonitoredItem(item);
            s.synchronizeMonitoredItems();
            subscription = s;
        } catch (Exception e) {
            // Reads do not depend on it: without the subscription the connection polls.
            LOG.warn("line {}: no subscription to the cycle counter ({}); polling instead", line(), e.toString());
        }
    }

    private synchronized void resubscribe() {
        if (client == null) return;
        if (subscription != null) {
            try {
                client.removeSubscription(subscription);
            } catch (RuntimeException e) {
                LOG.debug("line {}: removing the lost subscription: {}", line(), e.toString());
            }
            subscription = null;
        }
        subscribe();
    }

    /** Closes the client's session (as a server restart would); the client opens a new one on the next call. For tests. */
    void closeSession() throws Exception {
        client().getSessionFsm().closeSession().get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** The last cycle counter value the subscription delivered, -1 before the first. */
    public long lastSeenCycle() {
        return lastSeenCycle;
    }

    private NodeId node(String id) {
        return new NodeId(ns, id);
    }

    private OpcUaClient client() throws LineConnectionException {
        OpcUaClient c = client;
        if (c == null) throw new LineConnectionException("line " + line() + ": not connected (call open())", null);
        return c;
    }

    // ------------------------------------------------------------------ TagInspector

    @Override
    public Optional<TagInfo> inspect(TagMapping tag) throws Exception {
        NodeId id = node(tag.node());
        List<ReadValueId> reads = List.of(
                new ReadValueId(id, AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE),
                new ReadValueId(id, AttributeId.UserAccessLevel.uid(), null, QualifiedName.NULL_VALUE));
        DataValue[] r = client().read(0, TimestampsToReturn.Neither, reads).getResults();
        StatusCode status = r[0].statusCode();
        if (status != null && status.getValue() == StatusCodes.Bad_NodeIdUnknown) return Optional.empty();
        if (status != null && status.isBad()) throw new UaException(status, "reading the data type of " + tag.describe() + ": " + status);
        TagType type = r[0].value().value() instanceof NodeId t ? type(t) : null;
        boolean writable = r[1].value().value() instanceof UByte level && (level.intValue() & 0x02) != 0;
        return Optional.of(new TagInfo(type, engineeringUnits(id), writable));
    }

    /** The display name of the node's standard EngineeringUnits property, or null when it has none. */
    private String engineeringUnits(NodeId id) throws UaException, LineConnectionException {
        BrowseResult b = client().browse(new BrowseDescription(id, BrowseDirection.Forward, NodeIds.HasProperty, false,
                uint(0), uint(BrowseResultMask.All.getValue())));
        if (b.getReferences() == null) return null;
        for (ReferenceDescription ref : b.getReferences()) {
            if (!"EngineeringUnits".equals(ref.getBrowseName().name())) continue;
            Optional<NodeId> prop = ref.getNodeId().toNodeId(client().getNamespaceTable());
            if (prop.isEmpty()) return null;
            Object v = client().readValue(0, TimestampsToReturn.Neither, prop.get()).value().value();
            if (v instanceof ExtensionObject xo) v = xo.decode(client().getStaticEncodingContext());
            if (v instanceof EUInformation eu && eu.getDisplayName() != null) return eu.getDisplayName().text();
            return null;
        }
        return null;
    }

    private static TagType type(NodeId dataType) {
        if (dataType.equals(NodeIds.Double)) return TagType.DOUBLE;
        if (dataType.equals(NodeIds.Float)) return TagType.FLOAT;
        if (dataType.equals(NodeIds.Int32)) return TagType.INT32;
        if (dataType.equals(NodeIds.Int64)) return TagType.INT64;
        if (dataType.equals(NodeIds.Boolean)) return TagType.BOOLEAN;
        if (dataType.equals(NodeIds.String)) return TagType.STRING;
        return null;
    }

    // ------------------------------------------------------------------ reads and writes

    @Override
    public Map<String, Double> readContext() throws LineConnectionException {
        return readNumbers(mapping.context());
    }

    @Override
    public Map<String, Double> readSetpoints() throws LineConnectionException {
        return readNumbers(mapping.parameters());
    }

    private Map<String, Double> readNumbers(Map<String, TagMapping> tags) throws LineConnectionException {
        if (tags.isEmpty()) return Map.of();
        List<String> names = new ArrayList<>(tags.keySet());
        List<NodeId> ids = names.stream().map(n -> node(tags.get(n).node())).toList();
        List<DataValue> values = readValues(ids);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) out.put(names.get(i), number(values.get(i), tags.get(names.get(i))));
        return out;
    }

    private List<DataValue> readValues(List<NodeId> ids) throws LineConnectionException {
        try {
            return client().readValues(0, TimestampsToReturn.Source, ids);
        } catch (UaException e) {
            throw lost("reading from", e);
        }
    }

    /**
     * The exception for a failed call; when the session itself is gone (closed, or unknown to a restarted server),
     * Milo does not open a new one by itself, so a new session is opened here for the agent's retry.
     */
    private LineConnectionException lost(String what, UaException e) {
        long code = e.getStatusCode() == null ? 0 : e.getStatusCode().value();
        if (code == StatusCodes.Bad_SessionClosed || code == StatusCodes.Bad_SessionIdInvalid
                || code == StatusCodes.Bad_SessionNotActivated) {
            OpcUaClient c = client;
            if (c != null) {
                try {
                    c.getSessionFsm().openSession().get(5, java.util.concurrent.TimeUnit.SECONDS);
                    LOG.info("line {}: opened a new OPC UA session after {}", line(), e.getStatusCode());
                    resubscribe();
                } catch (Exception again) {
                    LOG.warn("line {}: could not open a new session yet: {}", line(), again.toString());
                }
            }
        }
        return new LineConnectionException(what + " " + source.endpoint() + " failed: " + e.getMessage(), e);
    }

    private static Double number(DataValue v, TagMapping tag) {
        if (v.statusCode() != null && v.statusCode().isBad()) return null;
        Object o = v.value() == null ? null : v.value().value();
        return o instanceof Number n ? n.doubleValue() : null;
    }

    private long counter(DataValue v, String what) throws LineConnectionException {
        Object o = v.value() == null ? null : v.value().value();
        if (!(o instanceof Number n)) throw new LineConnectionException("line " + line() + ": " + what + " could not be read (" + v.statusCode() + ")", null);
        return n.longValue();
    }

    @Override
    public SetpointWrite write(Map<String, Double> settings) throws Exception {
        long before = counter(readValues(List.of(node(cycleNode))).get(0), "the cycle counter");
        List<String> names = new ArrayList<>(settings.keySet());
        List<NodeId> ids = new ArrayList<>();
        List<DataValue> values = new ArrayList<>();
        for (String n : names) {
            TagMapping t = mapping.parameters().get(n);
            if (t == null) throw new IllegalArgumentException("line " + line() + ": parameter '" + n + "' is not mapped");
            ids.add(node(t.node()));
            values.add(DataValue.valueOnly(new Variant(value(settings.get(n), t.tagType()))));
        }
        List<StatusCode> results;
        try {
            results = client().writeValues(ids, values);
        } catch (UaException e) {
            throw lost("writing setpoints to", e);
        }
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).isBad()) refused.add(names.get(i) + " = " + settings.get(names.get(i)) + ": " + results.get(i));
        }
        if (!refused.isEmpty()) throw new SetpointRejectedException("line " + line() + " refused setpoints: " + refused);
        return new SetpointWrite(settings, before);
    }

    private static Object value(double v, TagType type) {
        if (type == null) return v;
        return switch (type) {
            case FLOAT -> (float) v;
            case INT32 -> (int) Math.rint(v);
            case INT64 -> (long) Math.rint(v);
            default -> v;
        };
    }

    @Override
    public Optional<CycleReading> awaitRun(SetpointWrite written, Duration wait) throws Exception {
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<CycleReading> r = readRun(written);
            if (r.isPresent()) return r;
            long left = end - System.nanoTime();
            if (left <= 0) return Optional.empty();
            synchronized (signal) {
                signal.wait(Math.max(1, Math.min(POLL.toMillis(), left / 1_000_000)));
            }
        }
    }

    /** One consistent snapshot, when the awaited cycle has completed. */
    private Optional<CycleReading> readRun(SetpointWrite written) throws Exception {
        List<String> outcomes = new ArrayList<>(mapping.outcomes().keySet());
        List<String> context = new ArrayList<>(mapping.context().keySet());
        List<String> params = new ArrayList<>(mapping.parameters().keySet());
        List<NodeId> ids = new ArrayList<>();
        ids.add(node(cycleNode));
        ids.add(node(setpointsCycleNode));
        ids.add(node(productNode));
        for (String o : outcomes) ids.add(node(mapping.outcomes().get(o).node()));
        for (String c : context) ids.add(node(mapping.context().get(c).node()));
        for (String p : params) ids.add(node(mapping.parameters().get(p).node()));
        ids.add(node(cycleNode));
        List<DataValue> v = readValues(ids);
        long cycle = counter(v.get(0), "the cycle counter");
        long cycleAgain = counter(v.get(v.size() - 1), "the cycle counter");
        long setpointsCycle = counter(v.get(1), "setpointsCycle");
        Object product = v.get(2).value() == null ? null : v.get(2).value().value();
        int at = 3;
        Map<String, Double> out = new LinkedHashMap<>();
        boolean newerOutcome = false;
        Instant cycleTime = v.get(0).sourceTime() == null ? null : v.get(0).sourceTime().getJavaInstant();
        for (String o : outcomes) {
            DataValue dv = v.get(at++);
            out.put(o, number(dv, mapping.outcomes().get(o)));
            if (cycleTime != null && dv.sourceTime() != null && dv.sourceTime().getJavaInstant().isAfter(cycleTime)) newerOutcome = true;
        }
        Map<String, Double> ctx = new LinkedHashMap<>();
        for (String c : context) ctx.put(c, number(v.get(at++), mapping.context().get(c)));
        Map<String, Double> sp = new LinkedHashMap<>();
        for (String p : params) sp.put(p, number(v.get(at++), mapping.parameters().get(p)));
        if (!Setpoints.match(written.settings(), sp)) {
            throw new SetpointsLostException("line " + line() + " runs " + sp + ", not the written " + written.settings(), sp);
        }
        long target = Math.max(setpointsCycle, written.cycleBefore() + 1);
        if (cycle != cycleAgain || newerOutcome || cycle < target) return Optional.empty();
        return Optional.of(new CycleReading(cycle, product == null ? "" : product.toString(), sp, out, ctx,
                cycleTime == null ? Instant.now() : cycleTime));
    }

    @Override
    public synchronized void close() {
        OpcUaClient c = client;
        client = null;
        if (c == null) return;
        if (subscription != null) {
            try {
                subscription.delete();
            } catch (Exception e) {
                LOG.debug("line {}: deleting the subscription: {}", line(), e.toString());
            }
            subscription = null;
        }
        disconnectQuietly(c);
    }

    private void disconnectQuietly(OpcUaClient c) {
        try {
            c.disconnect();
        } catch (Exception e) {
            LOG.debug("line {}: disconnect: {}", line(), e.toString());
        }
    }
}
