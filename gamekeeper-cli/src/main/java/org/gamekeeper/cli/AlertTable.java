package org.gamekeeper.cli;

import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.Alert;

/**
 * Alerts as a terminal reads them: time, level, host, rule, then the details that explain the
 * alert as {@code name=value}, one row per alert, coloured by level, cut to the terminal's width.
 * Aggregated alerts show their count after the rule.
 */
final class AlertTable {
    private final TerminalTable table;

    AlertTable(int width, boolean colour) {
        table = new TerminalTable(List.of(new TerminalTable.Column("time", 19), new TerminalTable.Column("level", 8),
                new TerminalTable.Column("host", 16), new TerminalTable.Column("rule", 34), new TerminalTable.Column("details", 20)), width, colour);
    }

    String header() {
        return table.header();
    }

    String row(Alert a) {
        String time = a.timestamp() == null ? "" : a.timestamp().toString().replace('T', ' ');
        if (time.length() > 19) {
            time = time.substring(0, 19);
        }
        String rule = a.ruleTitle() == null ? a.ruleId() : a.ruleTitle();
        if (a.count() > 1) {
            rule = "(" + a.count() + "×) " + rule;
        }
        StringBuilder details = new StringBuilder();
        for (Map.Entry<String, String> d : a.details().entrySet()) {
            if (d.getValue() == null || d.getValue().isBlank()) {
                continue;
            }
            details.append(details.length() == 0 ? "" : "  ").append(d.getKey()).append('=').append(d.getValue().strip());
            if (details.length() > 500) {
                break;
            }
        }
        String level = a.level() == null ? "" : a.level().id();
        return table.row(List.of(time, level, a.computer() == null ? "" : a.computer(), rule, details.toString()), level);
    }
}
