package org.gamekeeper.sigma.rule;

import java.util.Objects;

/** The events a rule applies to; any part may be null. */
public record LogSource(String product, String category, String service, String definition) {

    /**
     * True when every part this log source names is also the other's (a filter's log source
     * covers the rules it may apply to). Compared case-insensitively.
     */
    public boolean covers(LogSource other) {
        return same(product, other.product) && same(category, other.category) && same(service, other.service);
    }

    private static boolean same(String mine, String theirs) {
        return mine == null || theirs != null && mine.equalsIgnoreCase(theirs);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        append(sb, "product", product);
        append(sb, "category", category);
        append(sb, "service", service);
        return sb.toString();
    }

    private static void append(StringBuilder sb, String key, String value) {
        if (value != null) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(key).append('=').append(value);
        }
    }

    public boolean isEmpty() {
        return Objects.isNull(product) && Objects.isNull(category) && Objects.isNull(service);
    }
}
