/**
 * The closed loop between a study and a line: {@link io.metaline.connect.loop.StudyGateway} (ask, approve,
 * tell; over HTTP to the MetaLine server or in-process over a {@link io.metaline.optimize.Study}),
 * {@link io.metaline.connect.loop.LineConnection} (write setpoints, wait for the cycle that ran them, read outcomes;
 * over OPC UA or MQTT), and {@link io.metaline.connect.loop.LineAgent}, which runs ask, approval, write, run and tell
 * for one line with an exactly-once {@link io.metaline.connect.loop.TrialJournal}.
 */
package io.metaline.connect.loop;
