package io.metaline.connect.loop;

import java.util.Map;

/**
 * The line runs other setpoints than the ones written (a changeover, a restart or another writer changed them), so
 * the cycle awaited will not come. Carries what the line runs now.
 */
public class SetpointsLostException extends Exception {
    private final Map<String, Double> current;

    public SetpointsLostException(String message, Map<String, Double> current) {
        super(message);
        this.current = Map.copyOf(current);
    }

    public Map<String, Double> current() {
        return current;
    }
}
