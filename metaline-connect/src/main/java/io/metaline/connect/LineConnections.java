package io.metaline.connect;

import io.metaline.connect.loop.LineConnection;
import io.metaline.connect.mapping.LineMapping;
import io.metaline.connect.mapping.MappingValidator;
import io.metaline.connect.mqtt.MqttLineConnection;
import io.metaline.connect.opcua.OpcUaLineConnection;
import io.metaline.optimize.StudySpec;
import java.time.Duration;

/** Picks the connection a mapping's source needs, after checking the mapping against the study. */
public final class LineConnections {
    private LineConnections() {}

    /**
     * An unopened connection for the mapping's source (OPC UA, MQTT JSON or Sparkplug B).
     *
     * @throws io.metaline.connect.mapping.MappingException listing every problem of the mapping against the study
     */
    public static LineConnection forMapping(LineMapping mapping, StudySpec study) {
        MappingValidator.requireValid(mapping, study);
        if (mapping.source().isOpcUa()) return new OpcUaLineConnection(mapping);
        return new MqttLineConnection(mapping, Duration.ofSeconds(30));
    }
}
