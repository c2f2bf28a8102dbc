package io.metaline.connect.plant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks a free loopback port for servers that cannot bind to port 0 and report the port they got. */
final class FreePorts {
    private FreePorts() {
    }

    /** {@code port} itself if positive, else a port that was free on 127.0.0.1 a moment ago. */
    static int resolve(int port) {
        if (port > 0) return port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
