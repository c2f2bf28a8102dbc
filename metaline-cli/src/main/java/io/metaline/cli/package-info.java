/** The {@code metaline} command line: picocli commands that parse options and call the modules' Java API. */
package io.metaline.cli;
