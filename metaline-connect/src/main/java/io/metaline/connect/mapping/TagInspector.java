package io.metaline.connect.mapping;

import java.util.Optional;

/**
 * Looks tags up in a live source, so a mapping can be checked before the first setpoint is written.
 * Implementations: the OPC UA client (browse and read attributes) and the MQTT client (birth certificate or first
 * message).
 */
public interface TagInspector {
    /** What the source says about {@code tag}, or empty when the source has no such tag. */
    Optional<TagInfo> inspect(TagMapping tag) throws Exception;
}
