/** The benchmarks behind {@code metaline bench}: each runs a protocol of BENCHMARKS.md and reports its figures. */
package io.metaline.cli.bench;
