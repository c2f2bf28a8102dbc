/**
 * The simulated plant: {@link io.metaline.connect.plant.SimulatedPlant} runs one or more
 * {@link io.metaline.sim.line.LineSimulator}s and exposes them as a real line would, through an embedded OPC UA server
 * and an embedded MQTT broker (plain JSON and Sparkplug B), on loopback ports. It is the test fixture of the
 * connectors and the plant of the demo.
 *
 * <p>The node ids, topics and payload names are the shared conventions in {@link io.metaline.connect.plant.PlantAddresses}.
 */
package io.metaline.connect.plant;
