package io.metaline.server.service;

import java.util.Map;

/** Checks of request values shared by the services; each failure is a BadInput naming the field. */
final class Validate {
    private Validate() {}

    /** A non-blank name of at most 200 characters without control characters. */
    static String name(String field, String value) {
        if (value == null || value.isBlank()) throw new ServiceException.BadInput(field, "is required");
        if (value.length() > 200) throw new ServiceException.BadInput(field, "is longer than 200 characters");
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) throw new ServiceException.BadInput(field, "contains a control character");
        }
        return value;
    }

    /** Every value present and finite. */
    static Map<String, Double> finite(String field, Map<String, Double> values) {
        if (values == null) return Map.of();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (e.getKey() == null) throw new ServiceException.BadInput(field, "a name is missing");
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw new ServiceException.BadInput(field + "." + e.getKey(), "must be a finite number, got " + e.getValue());
            }
        }
        return values;
    }
}
