/**
 * The MQTT side of the connector (HiveMQ MQTT client, MQTT 3.1.1): {@link io.metaline.connect.mqtt.MqttLineConnection}
 * reads cycles from plain JSON topics or Sparkplug B DDATA (decoded with Eclipse Tahu), sends setpoint commands, and
 * publishes suggestions for operators' screens.
 */
package io.metaline.connect.mqtt;
