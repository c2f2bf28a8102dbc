package io.metaline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code metaline demo}: an end-to-end tour of MetaLine on simulated production tasks. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run an end-to-end demo on simulated production tasks.")
public final class DemoCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("metaline demo: not implemented yet");
    return 2;
  }
}
