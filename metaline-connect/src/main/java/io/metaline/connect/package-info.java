/** Plant connectivity: OPC UA and MQTT / Sparkplug B connectors, line mapping files, CSV import, the simulated plant. */
package io.metaline.connect;
