package io.metaline.connect.plant;

/**
 * Where a running {@link SimulatedPlant} listens.
 *
 * @param opcUaUrl the OPC UA endpoint, {@code opc.tcp://127.0.0.1:<port>/metaline} (anonymous, SecurityPolicy None)
 * @param mqttHost the MQTT broker's host, {@code 127.0.0.1}
 * @param mqttPort the MQTT broker's port (MQTT 3.1.1, no authentication)
 */
public record PlantEndpoints(String opcUaUrl, String mqttHost, int mqttPort) {

    /** The broker as a URI, {@code tcp://127.0.0.1:<port>}. */
    public String mqttUri() {
        return "tcp://" + mqttHost + ":" + mqttPort;
    }

    /** The OPC UA server's port. */
    public int opcUaPort() {
        return java.net.URI.create(opcUaUrl).getPort();
    }
}
