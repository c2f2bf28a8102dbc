/** Benchmark task families with known structure (sine regression), for tests, benchmarks and the demo. */
package io.metaline.meta.tasks;
