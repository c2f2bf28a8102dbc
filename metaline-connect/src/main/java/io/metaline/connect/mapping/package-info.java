/**
 * Line mapping files: which plant tag (OPC UA node, MQTT topic field, Sparkplug B metric) carries each parameter,
 * outcome and context variable of a study, with its data type and unit, and the validation of a mapping against the
 * study ({@link io.metaline.connect.mapping.MappingValidator}) and against the live source
 * ({@link io.metaline.connect.mapping.TagInspector}). Every problem found is reported at once, in one
 * {@link io.metaline.connect.mapping.MappingException}.
 */
package io.metaline.connect.mapping;
