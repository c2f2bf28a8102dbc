/**
 * Persistence: {@link io.metaline.engine.io.TensorArchive}, a small checksummed binary format for named tensors
 * plus string metadata (parameters, optimiser state, and later meta-model artefacts), written atomically; and
 * {@link io.metaline.engine.io.OptimizerStates}, which stores optimiser state and training checkpoints in it.
 * Malformed input is reported as an {@link io.metaline.engine.io.ArchiveFormatException}.
 */
package io.metaline.engine.io;
