package io.metaline.connect.mapping;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a line's data comes from.
 *
 * @param kind           {@code "opcua"} or {@code "mqtt"}
 * @param endpoint       OPC UA: the endpoint URL, e.g. {@code opc.tcp://127.0.0.1:4840/metaline}
 * @param namespaceUri   OPC UA: the namespace of the string node ids (default
 *                       {@value #DEFAULT_NAMESPACE})
 * @param host           MQTT: the broker's host
 * @param port           MQTT: the broker's port
 * @param format         MQTT: {@code "json"} or {@code "sparkplug"}
 * @param group          Sparkplug: the group id (default {@code "metaline"})
 * @param edgeNode       Sparkplug: the edge node id (default {@code "line-simulator"})
 * @param device         Sparkplug: the device id (default: the line id)
 * @param cycleTag       the cycle counter: OPC UA node (default {@code {line}/state/cycle}), MQTT JSON topic
 *                       (default {@code metaline/{line}/cycle}), Sparkplug metric (default {@code state/cycle})
 * @param commandTopic   MQTT: where setpoint commands go (default {@code metaline/{line}/setpoints/set})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceSpec(String kind, String endpoint, String namespaceUri, String host, Integer port, String format,
                         String group, String edgeNode, String device, String cycleTag, String commandTopic) {
    public static final String DEFAULT_NAMESPACE = "urn:metaline:line-simulator";

    public static SourceSpec opcua(String endpoint) {
        return new SourceSpec("opcua", endpoint, null, null, null, null, null, null, null, null, null);
    }

    public static SourceSpec mqtt(String host, int port, String format) {
        return new SourceSpec("mqtt", null, null, host, port, format, null, null, null, null, null);
    }

    @JsonIgnore
    public boolean isOpcUa() {
        return "opcua".equals(kind);
    }

    @JsonIgnore
    public boolean isMqtt() {
        return "mqtt".equals(kind);
    }

    @JsonIgnore
    public boolean isSparkplug() {
        return isMqtt() && "sparkplug".equals(format);
    }

    public String namespaceOrDefault() {
        return namespaceUri == null ? DEFAULT_NAMESPACE : namespaceUri;
    }

    public String groupOrDefault() {
        return group == null ? "metaline" : group;
    }

    public String edgeNodeOrDefault() {
        return edgeNode == null ? "line-simulator" : edgeNode;
    }

    public String deviceOrDefault(String line) {
        return device == null ? line : device;
    }

    /** The cycle counter's tag for {@code line}, by the conventions of the source unless given. */
    public String cycleTagOrDefault(String line) {
        if (cycleTag != null) return cycleTag;
        if (isOpcUa()) return line + "/state/cycle";
        if (isSparkplug()) return "state/cycle";
        return "metaline/" + line + "/cycle";
    }

    public String commandTopicOrDefault(String line) {
        return commandTopic == null ? "metaline/" + line + "/setpoints/set" : commandTopic;
    }

    /** Sparkplug B DDATA topic of the device. */
    public String sparkplugDataTopic(String line) {
        return "spBv1.0/" + groupOrDefault() + "/DDATA/" + edgeNodeOrDefault() + "/" + deviceOrDefault(line);
    }

    /** Sparkplug B DBIRTH topic of the device. */
    public String sparkplugBirthTopic(String line) {
        return "spBv1.0/" + groupOrDefault() + "/DBIRTH/" + edgeNodeOrDefault() + "/" + deviceOrDefault(line);
    }
}
