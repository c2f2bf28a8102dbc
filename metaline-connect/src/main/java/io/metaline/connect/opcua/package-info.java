/**
 * The OPC UA side of the connector (Eclipse Milo client): {@link io.metaline.connect.opcua.OpcUaLineConnection}
 * connects to a line's server, checks the mapped nodes (existence, data type, writability), subscribes to the cycle
 * counter, writes setpoints and reads consistent outcome sets, and rides out dropped connections.
 */
package io.metaline.connect.opcua;
