package io.metaline.connect.plant;

import io.metaline.sim.Outcome;
import io.metaline.sim.Parameter;
import io.metaline.sim.line.CycleListener;
import io.metaline.sim.line.CycleResult;
import io.metaline.sim.line.LineSimulator;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.UaStructuredType;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plant's OPC UA address space: one folder per line under {@code Objects/Lines}, with the variables of
 * {@link PlantAddresses}. Setpoints carry the standard properties EngineeringUnits (the unit as display name) and
 * EURange (the declared bounds), outcomes EngineeringUnits. Setpoint writes go through the line's validation (a value outside the declared bounds is
 * refused with {@code Bad_OutOfRange} and not applied); after every cycle the outcomes, context and state are written,
 * the cycle counter last.
 *
 * <p>Thread-safety: node values are written under one lock per namespace ({@link #publish}), so the last writer
 * always writes the line's latest state.
 */
final class PlantNamespace extends ManagedNamespaceWithLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(PlantNamespace.class);

    private final SubscriptionModel subscriptionModel;
    private final List<LineSimulator> lines;
    private final Map<String, UaVariableNode> nodes = new HashMap<>();
    private final Map<LineSimulator, CycleListener> listeners = new HashMap<>();

    PlantNamespace(OpcUaServer server, List<LineSimulator> lines) {
        super(server, PlantAddresses.NAMESPACE_URI);
        this.lines = List.copyOf(lines);
        this.subscriptionModel = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptionModel);
        getLifecycleManager().addStartupTask(this::createNodes);
        getLifecycleManager().addShutdownTask(this::detach);
    }

    private void createNodes() {
        UaFolderNode root = folder(PlantAddresses.LINES_FOLDER, PlantAddresses.LINES_FOLDER);
        root.addReference(new Reference(root.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
        for (LineSimulator sim : lines) {
            String line = sim.line();
            UaFolderNode lineFolder = folder(line, line);
            root.addOrganizes(lineFolder);
            UaFolderNode setpoints = folder(line + "/setpoints", "setpoints");
            UaFolderNode outcomes = folder(line + "/outcomes", "outcomes");
            UaFolderNode context = folder(line + "/context", "context");
            UaFolderNode state = folder(line + "/state", "state");
            for (UaFolderNode f : List.of(setpoints, outcomes, context, state)) lineFolder.addOrganizes(f);

            Map<String, Double> current = sim.setpoints();
            for (Parameter p : sim.family().parameters()) {
                UaVariableNode node = variable(setpoints, PlantAddresses.setpoint(line, p.name()), p.name(),
                        NodeIds.Double, true, new Variant(current.get(p.name())));
                node.getFilterChain().addLast(new SetpointWriteFilter(sim, p.name()));
                property(node, PlantAddresses.ENGINEERING_UNITS, NodeIds.EUInformation, units(p.unit()));
                property(node, PlantAddresses.EU_RANGE, NodeIds.Range, new Range(p.lower(), p.upper()));
            }
            for (Outcome o : sim.family().outcomes()) {
                UaVariableNode node = variable(outcomes, PlantAddresses.outcome(line, o.name()), o.name(),
                        NodeIds.Double, false, Variant.NULL_VALUE);
                property(node, PlantAddresses.ENGINEERING_UNITS, NodeIds.EUInformation, units(o.unit()));
            }
            Map<String, Double> ctx = sim.context();
            for (String c : sim.family().contextNames()) {
                variable(context, PlantAddresses.context(line, c), c, NodeIds.Double, false, new Variant(ctx.get(c)));
            }
            variable(state, PlantAddresses.product(line), "product", NodeIds.String, false,
                    new Variant(sim.product().id()));
            variable(state, PlantAddresses.running(line), "running", NodeIds.Boolean, false,
                    new Variant(sim.isRunning()));
            variable(state, PlantAddresses.cycle(line), "cycle", NodeIds.Int64, false, new Variant(sim.cycle()));
            variable(state, PlantAddresses.setpointsCycle(line), "setpointsCycle", NodeIds.Int64, false,
                    new Variant(sim.setpointsCycle()));

            CycleListener listener = new CycleListener() {
                @Override
                public void onCycle(CycleResult result) {
                    publishCycle(sim, result);
                }

                @Override
                public void onSetpointsChanged(String l, String product, Map<String, Double> values, long first) {
                    publishState(sim);
                }
            };
            listeners.put(sim, listener);
            sim.addListener(listener);
        }
    }

    private void detach() {
        listeners.forEach(LineSimulator::removeListener);
        listeners.clear();
    }

    private UaFolderNode folder(String id, String name) {
        UaFolderNode f = new UaFolderNode(getNodeContext(), newNodeId(id), newQualifiedName(name),
                LocalizedText.english(name));
        getNodeManager().addNode(f);
        return f;
    }

    private UaVariableNode variable(UaFolderNode parent, String id, String name, NodeId type, boolean writable,
                                    Variant initial) {
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(id))
                .setAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
                .setUserAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDataType(type)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .build();
        node.setValue(new DataValue(initial));
        getNodeManager().addNode(node);
        parent.addOrganizes(node);
        nodes.put(id, node);
        return node;
    }

    /** The unit as OPC UA engineering units: MetaLine's unit text as display name, no UNECE code. */
    private static EUInformation units(String unit) {
        return new EUInformation(PlantAddresses.UNITS_NAMESPACE_URI, -1, LocalizedText.english(unit),
                LocalizedText.english(unit));
    }

    /** A standard property (EngineeringUnits, EURange) of {@code parent}, node id {@code parentId/name}. */
    private void property(UaVariableNode parent, String name, NodeId type, UaStructuredType value) {
        UaVariableNode prop = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(parent.getNodeId().getIdentifier() + "/" + name))
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .setBrowseName(new QualifiedName(0, name))
                .setDisplayName(LocalizedText.english(name))
                .setDataType(type)
                .setTypeDefinition(NodeIds.PropertyType)
                .build();
        prop.setValue(new DataValue(Variant.ofExtensionObject(
                ExtensionObject.encode(getServer().getStaticEncodingContext(), value))));
        getNodeManager().addNode(prop);
        parent.addReference(new Reference(parent.getNodeId(), NodeIds.HasProperty, prop.getNodeId().expanded(), true));
    }

    /** Writes a cycle's outcomes, then the line's current context and state, the cycle counter last. */
    private synchronized void publishCycle(LineSimulator sim, CycleResult r) {
        String line = sim.line();
        r.outcomes().forEach((name, v) -> set(PlantAddresses.outcome(line, name), new Variant(v)));
        writeState(sim);
        set(PlantAddresses.cycle(line), new Variant(r.cycle()));
    }

    /** Writes the line's current context, setpoints and state (not the cycle counter). */
    synchronized void publishState(LineSimulator sim) {
        writeState(sim);
    }

    private void writeState(LineSimulator sim) {
        String line = sim.line();
        sim.context().forEach((name, v) -> set(PlantAddresses.context(line, name), new Variant(v)));
        sim.setpoints().forEach((name, v) -> set(PlantAddresses.setpoint(line, name), new Variant(v)));
        set(PlantAddresses.product(line), new Variant(sim.product().id()));
        set(PlantAddresses.running(line), new Variant(sim.isRunning()));
        set(PlantAddresses.setpointsCycle(line), new Variant(sim.setpointsCycle()));
    }

    private void set(String id, Variant value) {
        UaVariableNode node = nodes.get(id);
        if (node == null) {
            LOG.warn("no node {} (a value the address space does not declare)", id);
            return;
        }
        node.setValue(new DataValue(value));
    }

    @Override
    public void onDataItemsCreated(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsCreated(dataItems);
    }

    @Override
    public void onDataItemsModified(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsModified(dataItems);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsDeleted(dataItems);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
        subscriptionModel.onMonitoringModeChanged(monitoredItems);
    }

    /**
     * Passes a client's write of a setpoint to the line, which validates it; a refused value is answered with
     * {@code Bad_OutOfRange} (or {@code Bad_TypeMismatch} for a non-Double) and not stored.
     */
    private static final class SetpointWriteFilter implements AttributeFilter {
        private final LineSimulator sim;
        private final String parameter;

        SetpointWriteFilter(LineSimulator sim, String parameter) {
            this.sim = sim;
            this.parameter = parameter;
        }

        @Override
        public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value)
                throws UaException {
            if (attributeId == AttributeId.Value) {
                DataValue dv = (DataValue) value;
                Object v = dv.getValue() == null ? null : dv.getValue().getValue();
                if (!(v instanceof Double d)) {
                    throw new UaException(StatusCodes.Bad_TypeMismatch, "setpoint " + parameter
                            + " of line " + sim.line() + " takes a Double, got " + v);
                }
                try {
                    sim.setSetpoint(parameter, d);
                } catch (IllegalArgumentException e) {
                    LOG.info("refused OPC UA write: {}", e.getMessage());
                    throw new UaException(StatusCodes.Bad_OutOfRange, e.getMessage());
                }
                // The line's setpoint listener has already stored the value in this node.
                return;
            }
            ctx.writeAttribute(attributeId, value);
        }
    }
}
