package io.metaline.connect.mapping;

/**
 * What a live source says about a tag.
 *
 * @param type     the data type of its value
 * @param unit     the unit the source declares, or null when it declares none (nothing to compare)
 * @param writable whether a client may write it (only setpoints need to be)
 */
public record TagInfo(TagType type, String unit, boolean writable) {}
