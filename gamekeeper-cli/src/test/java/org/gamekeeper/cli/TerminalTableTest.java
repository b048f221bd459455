package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.gamekeeper.engine.Alerts;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.ioc.IocLibrary;
import org.gamekeeper.engine.ioc.Indicator;
import org.gamekeeper.engine.ioc.IndicatorType;
import org.gamekeeper.engine.source.JsonSource;
import org.junit.jupiter.api.Test;

class TerminalTableTest {

    @Test
    void rowsFitTheWidthAndCutWithAnEllipsis() {
        TerminalTable t = new TerminalTable(List.of(new TerminalTable.Column("a", 5), new TerminalTable.Column("b", 10)), 30, false);
        assertEquals("a      b", t.header());
        String row = t.row(List.of("abcdefgh", "x".repeat(100)), null);
        assertEquals(30, row.length(), row);
        assertTrue(row.startsWith("abcd…  xxx"), row);
        assertTrue(row.endsWith("x…"), row);
    }

    @Test
    void controlCharactersNeverReachTheTerminal() {
        assertEquals("a b c", TerminalTable.fit("a\nb\033c", 10));
        assertEquals("", TerminalTable.fit("abc", 0));
    }

    @Test
    void aNarrowTerminalShrinksTheWidestFixedColumns() {
        TerminalTable t = new TerminalTable(List.of(new TerminalTable.Column("a", 30), new TerminalTable.Column("b", 30),
                new TerminalTable.Column("c", 10)), 60, false);
        int[] w = t.widths();
        assertTrue(w[0] + w[1] + w[2] + 4 <= 60, java.util.Arrays.toString(w));
    }

    @Test
    void alertsAreColouredByLevelUnlessColourIsOff() {
        Alert alert = ioc("WS1", "a.evil.example", "2022-01-02T03:04:05Z");
        String coloured = new AlertTable(120, true).row(alert);
        assertTrue(coloured.startsWith("\033[31m2022-01-02 03:04:05  high"), coloured);
        String plain = new AlertTable(120, false).row(alert);
        assertTrue(plain.startsWith("2022-01-02 03:04:05  high      WS1"), plain);
        assertTrue(plain.contains("value=a.evil.example"), plain);
        assertTrue(plain.length() <= 120, plain);
        var many = Alerts.aggregate(alert, 12, Instant.parse("2022-01-01T00:00:00Z"), Instant.parse("2022-01-09T00:00:00Z"), List.of());
        assertTrue(new AlertTable(120, false).row(many).contains("(12×) IOC domain"), new AlertTable(120, false).row(many));
    }

    /** An IOC alert for a DNS query, built as the engine builds them. */
    static Alert ioc(String host, String query, String time) {
        List<Event> events = new java.util.ArrayList<>();
        new JsonSource().read("t.jsonl", new java.io.ByteArrayInputStream(("{\"EventID\":22,\"Computer\":\"" + host + "\",\"QueryName\":\"" + query
                + "\",\"TimeCreated\":\"" + time + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8)), events::add, p -> { });
        IocLibrary lib = IocLibrary.of(List.of(new Indicator(IndicatorType.DOMAIN, "evil.example", "evil.example", "C2", "l.csv:1")));
        return Alerts.ioc(lib.match(events.get(0)).get(0), events.get(0));
    }
}
