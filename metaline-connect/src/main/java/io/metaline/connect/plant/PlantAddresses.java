package io.metaline.connect.plant;

/**
 * The names under which the simulated plant publishes a line: OPC UA node ids and MQTT topics. A connector that
 * talks to the simulated plant (or a real line mapped the same way) builds its tags with these.
 *
 * <p>OPC UA: namespace {@link #NAMESPACE_URI}, string node ids, all under the folder {@code Lines/{line}} below
 * Objects. MQTT: plain JSON under {@code metaline/{line}/...} and Sparkplug B under
 * {@code spBv1.0/metaline/.../line-simulator[/{line}]}.
 */
public final class PlantAddresses {
    /** The namespace URI of the plant's nodes. */
    public static final String NAMESPACE_URI = "urn:metaline:line-simulator";
    /** The path of the OPC UA endpoint: {@code opc.tcp://127.0.0.1:<port>/metaline}. */
    public static final String ENDPOINT_PATH = "/metaline";
    /** The node id of the folder that holds one folder per line. */
    public static final String LINES_FOLDER = "Lines";
    /** Browse name (namespace 0) and node-id suffix of a variable's engineering-units property (EUInformation). */
    public static final String ENGINEERING_UNITS = "EngineeringUnits";
    /** Browse name (namespace 0) and node-id suffix of a setpoint's range property (Range: the declared bounds). */
    public static final String EU_RANGE = "EURange";
    /**
     * The namespace URI of the plant's EUInformation: the unit is MetaLine's unit text (display name and description,
     * e.g. {@code °C}, {@code mm/s}, {@code 1} for dimensionless), without a UNECE unit id ({@code -1}).
     */
    public static final String UNITS_NAMESPACE_URI = "urn:metaline:units";
    /** Sparkplug B group id. */
    public static final String SPARKPLUG_GROUP = "metaline";
    /** Sparkplug B edge node id. */
    public static final String SPARKPLUG_EDGE_NODE = "line-simulator";
    /** Sparkplug B topic namespace. */
    public static final String SPARKPLUG_NAMESPACE = "spBv1.0";

    private PlantAddresses() {
    }

    /** {@code {line}/setpoints/{parameter}}: Double, writable. */
    public static String setpoint(String line, String parameter) {
        return line + "/setpoints/" + parameter;
    }

    /** {@code {variable}/EngineeringUnits}: EUInformation of a setpoint or outcome variable. */
    public static String engineeringUnits(String variableNodeId) {
        return variableNodeId + "/" + ENGINEERING_UNITS;
    }

    /** {@code {line}/setpoints/{parameter}/EURange}: Range (low, high) of a setpoint, its declared bounds. */
    public static String euRange(String setpointNodeId) {
        return setpointNodeId + "/" + EU_RANGE;
    }

    /** {@code {line}/outcomes/{outcome}}: Double, read-only, the last completed cycle's measurement. */
    public static String outcome(String line, String outcome) {
        return line + "/outcomes/" + outcome;
    }

    /** {@code {line}/context/{name}}: Double, read-only. */
    public static String context(String line, String name) {
        return line + "/context/" + name;
    }

    /** {@code {line}/state/product}: String, the product (task id) loaded now. */
    public static String product(String line) {
        return line + "/state/product";
    }

    /** {@code {line}/state/running}: Boolean, whether cycles run in real time. */
    public static String running(String line) {
        return line + "/state/running";
    }

    /** {@code {line}/state/cycle}: Int64, the last completed cycle, written after that cycle's outcomes. */
    public static String cycle(String line) {
        return line + "/state/cycle";
    }

    /** {@code {line}/state/setpointsCycle}: Int64, the first cycle that runs with the current setpoints. */
    public static String setpointsCycle(String line) {
        return line + "/state/setpointsCycle";
    }

    /** {@code metaline/{line}/cycle}: one JSON message per cycle. */
    public static String cycleTopic(String line) {
        return "metaline/" + line + "/cycle";
    }

    /** {@code metaline/{line}/state}: retained JSON {@code {"product","running"}}. */
    public static String stateTopic(String line) {
        return "metaline/" + line + "/state";
    }

    /** {@code metaline/{line}/setpoints/set}: setpoint commands {@code {"settings":{...},"requestId":"..."}}. */
    public static String setpointCommandTopic(String line) {
        return "metaline/" + line + "/setpoints/set";
    }

    /**
     * {@code metaline/{line}/setpoints/result}: the plant's answer to each setpoint command,
     * {@code {"requestId","accepted","setpointsCycle"|"error"}}.
     */
    public static String setpointResultTopic(String line) {
        return "metaline/" + line + "/setpoints/result";
    }

    /** A Sparkplug B edge-node topic, e.g. {@code spBv1.0/metaline/NBIRTH/line-simulator}. */
    public static String sparkplugNodeTopic(String messageType) {
        return SPARKPLUG_NAMESPACE + "/" + SPARKPLUG_GROUP + "/" + messageType + "/" + SPARKPLUG_EDGE_NODE;
    }

    /** A Sparkplug B device topic, e.g. {@code spBv1.0/metaline/DDATA/line-simulator/{line}}. */
    public static String sparkplugDeviceTopic(String messageType, String line) {
        return sparkplugNodeTopic(messageType) + "/" + line;
    }
}
