package org.gamekeeper.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.attack.ActorOverlap;
import org.gamekeeper.engine.attack.AttackCatalog;
import org.gamekeeper.engine.attack.Tactic;
import org.gamekeeper.engine.attack.Technique;
import org.gamekeeper.engine.incident.AlertEvidence;
import org.gamekeeper.engine.incident.Incident;
import org.gamekeeper.engine.incident.Intrusion;
import org.gamekeeper.engine.incident.Member;
import org.gamekeeper.sigma.rule.Level;

/**
 * The report: one self-contained HTML file (styles and script inline, charts drawn as SVG here,
 * a Content-Security-Policy that forbids every network fetch) that a non-specialist can read
 * from the top: what happened, where, since when; then the detail. Large cases stay fast: charts
 * and tables are aggregated, long lists are capped with the count left out stated, and the full
 * alert list is paged in the browser from compact embedded data.
 */
public final class HtmlReport {
    /** Alerts listed under one incident in the page; the rest are in incidents.jsonl. */
    static final int MEMBERS_SHOWN = 50;
    /** Incidents of one intrusion listed, and opened in detail, at most. */
    static final int INCIDENTS_LISTED = 200;
    static final int INCIDENTS_DETAILED = 25;
    /** Intrusions drawn in full; the rest are listed in one table. */
    static final int INTRUSIONS_DRAWN = 40;
    /** Rows of the paged alert table embedded at most. */
    static final int ALERT_ROWS_MAX = 200_000;
    private static final List<String> LEVELS = List.of("informational", "low", "medium", "high", "critical");
    private static final String[] LEVEL_COLOURS = {"#8a94a0", "#3b82c4", "#e0a020", "#e05a10", "#b91c1c"};
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final AttackCatalog attack;

    public HtmlReport(AttackCatalog attack) {
        this.attack = attack;
    }

    public void write(Case c, Writer out) throws IOException {
        StringBuilder b = new StringBuilder(1 << 16);
        List<Intrusion> intrusions = new ArrayList<>(c.grouping().intrusions());
        intrusions.sort(Comparator.comparingInt((Intrusion i) -> -level(i.severity())).thenComparingLong(i -> -i.alertCount())
                .thenComparing(Intrusion::id));
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                        + "script-src 'unsafe-inline'; img-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Gamekeeper report</title>\n<style>").append(resource("report.css")).append("</style></head><body>\n");
        b.append("<header><h1>Gamekeeper report</h1><p class=\"sub\">");
        if (c.grouping().asOf() != null) {
            b.append("Evidence up to ").append(esc(MINUTE.format(c.grouping().asOf()))).append(" UTC · ");
        }
        b.append(c.alerts().size()).append(" alerts · ").append(c.grouping().incidents().size()).append(" incidents · ")
                .append(intrusions.size()).append(" intrusions</p>");
        b.append("<nav><a href=\"#summary\">Summary</a><a href=\"#intrusions\">Intrusions</a><a href=\"#over-time\">Over time</a>")
                .append("<a href=\"#attack\">ATT&amp;CK</a><a href=\"#top\">Top</a><a href=\"#coverage\">Coverage</a>")
                .append("<a href=\"#phishing\">Phishing</a><a href=\"#suppressed\">Suppressed</a><a href=\"#alerts\">All alerts</a>")
                .append("<a href=\"#provenance\">Provenance</a></nav></header>\n<main>\n");
        summary(b, c, intrusions);
        intrusions(b, c, intrusions);
        overTime(b, c);
        heatMap(b, c);
        tops(b, c);
        coverage(b, c);
        phishing(b, c);
        suppressed(b, c);
        alertTable(b, c);
        provenance(b, c);
        b.append("</main>\n<footer>Made by Gamekeeper. ATT&amp;CK ").append(esc(attack.version()))
                .append(": \u00a9 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.")
                .append("</footer>\n<script>").append(resource("report.js")).append("</script>\n</body></html>\n");
        out.write(b.toString());
        out.flush();
    }

    private void summary(StringBuilder b, Case c, List<Intrusion> intrusions) {
        long[] byLevel = new long[LEVELS.size()];
        Set<String> hosts = new TreeSet<>();
        for (AlertEvidence a : c.alerts()) {
            byLevel[level(a.alert().level())]++;
            if (a.alert().computer() != null && !a.alert().computer().isEmpty()) {
                hosts.add(a.alert().computer().toLowerCase(Locale.ROOT));
            }
        }
        b.append("<section id=\"summary\"><h2>Summary</h2>\n<div class=\"cards\">");
        card(b, Integer.toString(intrusions.size()), intrusions.size() == 1 ? "intrusion" : "intrusions");
        card(b, Integer.toString(c.grouping().incidents().size()), "incidents");
        card(b, Long.toString(byLevel[4] + byLevel[3]), "high or critical alerts");
        card(b, Integer.toString(c.alerts().size()), "alerts in all");
        card(b, Integer.toString(hosts.size()), hosts.size() == 1 ? "host" : "hosts");
        b.append("</div>\n");
        if (intrusions.isEmpty()) {
            b.append("<p class=\"lead\">No alerts: nothing in this evidence matched the rules that ran.</p>");
        } else {
            Intrusion top = intrusions.get(0);
            b.append("<p class=\"lead\"><strong>Most serious: </strong>").append(esc(top.summary())).append("</p>\n");
            if (top.firstEvidence() != null) {
                b.append("<p class=\"facts\">first evidence: <b>").append(esc(top.firstEvidence().toString()))
                        .append("</b> · dwell time: <b>").append(Incident.dwellDays(top.firstEvidence(), c.grouping().asOf()))
                        .append(" days</b> (to ").append(esc(MINUTE.format(c.grouping().asOf()))).append(" UTC)</p>\n");
            }
        }
        b.append("<p class=\"levels\">");
        for (int i = LEVELS.size() - 1; i >= 0; i--) {
            b.append("<span class=\"lvl\" style=\"background:").append(LEVEL_COLOURS[i]).append("\">").append(LEVELS.get(i))
                    .append(' ').append(byLevel[i]).append("</span> ");
        }
        b.append("</p></section>\n");
    }

    private static void card(StringBuilder b, String value, String label) {
        b.append("<div class=\"card\"><div class=\"num\">").append(esc(value)).append("</div><div>").append(esc(label))
                .append("</div></div>");
    }

    private void intrusions(StringBuilder b, Case c, List<Intrusion> intrusions) {
        b.append("<section id=\"intrusions\"><h2>Intrusions and incidents</h2>\n<p class=\"note\">An <b>incident</b> is alerts on one host "
                + "that belong together (same account, logon session, process tree, or close in time); an <b>intrusion</b> links incidents "
                + "that share an account or a lateral movement between hosts. Each alert's reason for belonging is shown.</p>\n");
        int drawn = 0;
        for (Intrusion i : intrusions) {
            if (drawn++ == INTRUSIONS_DRAWN) {
                break;
            }
            b.append("<article class=\"intrusion sev-").append(esc(i.severity())).append("\" id=\"").append(esc(i.id())).append("\">");
            b.append("<h3><span class=\"lvl\" style=\"background:").append(LEVEL_COLOURS[level(i.severity())]).append("\">")
                    .append(esc(i.severity())).append("</span> ").append(esc(i.id())).append(" — ")
                    .append(esc(String.join(", ", i.hosts().stream().limit(8).toList()))).append("</h3>\n");
            b.append("<p>").append(esc(i.summary())).append("</p>\n");
            if (!i.tactics().isEmpty()) {
                b.append("<ol class=\"chain\">");
                for (Tactic t : i.tactics()) {
                    b.append("<li>").append(esc(t.name())).append("</li>");
                }
                b.append("</ol>\n");
            }
            timeline(b, i);
            if (!i.actorOverlap().isEmpty()) {
                b.append("<details><summary>Known groups with overlapping techniques (context, not attribution)</summary><p class=\"note\">")
                        .append(esc(ActorOverlap.CAVEAT)).append("</p><table><tr><th>group</th><th>also known as</th><th>overlap</th>"
                                + "<th>shared techniques</th></tr>");
                for (ActorOverlap.Match m : i.actorOverlap()) {
                    b.append("<tr><td>").append(esc(m.group().name())).append(" (").append(esc(m.group().id())).append(")</td><td>")
                            .append(esc(String.join(", ", m.group().aliases()))).append("</td><td>")
                            .append(Math.round(m.score() * 100)).append(" %</td><td>").append(esc(String.join(", ", m.shared())))
                            .append("</td></tr>");
                }
                b.append("</table></details>\n");
            }
            b.append("<table class=\"incidents\"><tr><th>incident</th><th>host</th><th>first evidence</th><th>last evidence</th>"
                    + "<th>severity</th><th>alerts</th><th>tactics</th></tr>");
            for (Incident inc : i.incidents().subList(0, Math.min(INCIDENTS_LISTED, i.incidents().size()))) {
                b.append("<tr class=\"incident\"><td><a href=\"#").append(esc(inc.id())).append("\">").append(esc(inc.id()))
                        .append("</a></td><td>").append(esc(String.join(", ", inc.hosts()))).append("</td><td>")
                        .append(esc(time(inc.firstEvidence()))).append("</td><td>").append(esc(time(inc.lastEvidence())))
                        .append("</td><td>").append(esc(inc.severity())).append("</td><td>").append(inc.members().size())
                        .append("</td><td>").append(esc(String.join(" → ", inc.tactics().stream().map(Tactic::name).toList())))
                        .append("</td></tr>");
            }
            b.append("</table>\n");
            if (i.incidents().size() > INCIDENTS_LISTED) {
                b.append("<p class=\"note\">").append(i.incidents().size() - INCIDENTS_LISTED)
                        .append(" more incidents of this intrusion are in incidents.jsonl.</p>");
            }
            List<Incident> detailed = new ArrayList<>(i.incidents());
            detailed.sort(Comparator.comparingInt((Incident x) -> -level(x.severity())).thenComparingInt(x -> -x.members().size())
                    .thenComparing(Incident::id));
            if (detailed.size() > INCIDENTS_DETAILED) {
                b.append("<p class=\"note\">The ").append(INCIDENTS_DETAILED).append(" most serious incidents in detail:</p>");
            }
            for (Incident inc : detailed.subList(0, Math.min(INCIDENTS_DETAILED, detailed.size()))) {
                b.append("<details class=\"incident-detail\" id=\"").append(esc(inc.id())).append("\"><summary>").append(esc(inc.id()))
                        .append(": ").append(esc(inc.summary())).append("</summary>\n<p><b>Key events:</b> ")
                        .append(esc(String.join(", ", inc.keyEvents()))).append("</p>");
                if (!inc.techniques().isEmpty()) {
                    b.append("<p><b>Techniques:</b> ");
                    for (Technique t : inc.techniques()) {
                        b.append(esc(t.id())).append(' ').append(esc(t.name())).append("; ");
                    }
                    b.append("</p>");
                }
                b.append("<table><tr><th>time</th><th>level</th><th>rule</th><th>evidence</th><th>why it belongs</th></tr>");
                int shown = 0;
                for (Member m : inc.members()) {
                    if (shown++ == MEMBERS_SHOWN) {
                        break;
                    }
                    Alert a = m.alert();
                    b.append("<tr><td>").append(esc(time(a.timestamp()))).append("</td><td>").append(esc(levelName(a.level()))).append("</td><td>")
                            .append(esc(a.ruleTitle())).append("</td><td class=\"ref\">").append(esc(m.ref())).append("</td><td>")
                            .append(esc(m.reason().text())).append("</td></tr>");
                }
                b.append("</table>");
                if (inc.members().size() > MEMBERS_SHOWN) {
                    b.append("<p class=\"note\">").append(inc.members().size() - MEMBERS_SHOWN)
                            .append(" more alerts of this incident are in incidents.jsonl and the alert list below.</p>");
                }
                b.append("</details>\n");
            }
            b.append("</article>\n");
        }
        if (intrusions.size() > INTRUSIONS_DRAWN) {
            b.append("<h3>").append(intrusions.size() - INTRUSIONS_DRAWN).append(" further intrusions</h3><table><tr><th>intrusion</th>"
                    + "<th>severity</th><th>alerts</th><th>summary</th></tr>");
            for (Intrusion i : intrusions.subList(INTRUSIONS_DRAWN, intrusions.size())) {
                b.append("<tr><td>").append(esc(i.id())).append("</td><td>").append(esc(i.severity())).append("</td><td>")
                        .append(i.alertCount()).append("</td><td>").append(esc(i.summary())).append("</td></tr>");
            }
            b.append("</table>");
        }
        b.append("</section>\n");
    }

    /** One lane per host; each bucket of time is a bar coloured by its highest level. */
    private static void timeline(StringBuilder b, Intrusion i) {
        if (i.firstEvidence() == null) {
            return;
        }
        List<String> lanes = new ArrayList<>(i.hosts().stream().limit(10).toList());
        if (lanes.isEmpty() || i.incidents().stream().anyMatch(x -> x.hosts().isEmpty())) {
            lanes.add("(mail)");
        }
        int buckets = 120;
        long t0 = i.firstEvidence().toEpochMilli();
        long span = Math.max(60_000, i.lastEvidence().toEpochMilli() - t0);
        int[][] count = new int[lanes.size()][buckets];
        int[][] top = new int[lanes.size()][buckets];
        for (Incident inc : i.incidents()) {
            int lane = lanes.indexOf(inc.hosts().isEmpty() ? "(mail)" : inc.hosts().get(0));
            if (lane < 0) {
                continue;
            }
            for (Member m : inc.members()) {
                if (m.alert().timestamp() == null) {
                    continue;
                }
                int k = (int) Math.min(buckets - 1, (m.alert().timestamp().toEpochMilli() - t0) * buckets / span);
                count[lane][k]++;
                top[lane][k] = Math.max(top[lane][k], level(m.alert().level()) + 1);
            }
        }
        int left = 110;
        int w = 780;
        int laneH = 22;
        int h = lanes.size() * laneH + 24;
        b.append("<svg class=\"chart timeline\" role=\"img\" aria-label=\"timeline of ").append(esc(i.id()))
                .append("\" viewBox=\"0 0 ").append(left + w + 10).append(' ').append(h).append("\" width=\"").append(left + w + 10)
                .append("\" height=\"").append(h).append("\">");
        for (int l = 0; l < lanes.size(); l++) {
            int y = l * laneH;
            b.append("<text x=\"0\" y=\"").append(y + 15).append("\" class=\"lbl\">").append(esc(abbrev(lanes.get(l), 16))).append("</text>");
            b.append("<line x1=\"").append(left).append("\" x2=\"").append(left + w).append("\" y1=\"").append(y + 11).append("\" y2=\"")
                    .append(y + 11).append("\" class=\"axis\"/>");
            for (int k = 0; k < buckets; k++) {
                if (count[l][k] > 0) {
                    int bh = Math.min(laneH - 4, 6 + (int) (3 * Math.log(count[l][k])));
                    b.append("<rect x=\"").append(left + k * w / buckets).append("\" y=\"").append(y + 11 - bh / 2).append("\" width=\"")
                            .append(Math.max(3, w / buckets - 1)).append("\" height=\"").append(bh).append("\" fill=\"")
                            .append(LEVEL_COLOURS[top[l][k] - 1]).append("\"><title>").append(esc(lanes.get(l))).append(": ")
                            .append(count[l][k]).append(" alerts around ")
                            .append(esc(MINUTE.format(Instant.ofEpochMilli(t0 + span * k / buckets)))).append("</title></rect>");
                }
            }
        }
        int y = lanes.size() * laneH + 16;
        b.append("<text x=\"").append(left).append("\" y=\"").append(y).append("\" class=\"lbl\">")
                .append(esc(MINUTE.format(i.firstEvidence()))).append("</text><text x=\"").append(left + w).append("\" y=\"").append(y)
                .append("\" class=\"lbl\" text-anchor=\"end\">").append(esc(MINUTE.format(i.lastEvidence()))).append("</text></svg>\n");
    }

    private static void overTime(StringBuilder b, Case c) {
        b.append("<section id=\"over-time\"><h2>Alerts over time, per host</h2>\n");
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        Map<String, Integer> perHost = new HashMap<>();
        for (AlertEvidence a : c.alerts()) {
            if (a.alert().timestamp() != null) {
                long t = a.alert().timestamp().toEpochMilli();
                lo = Math.min(lo, t);
                hi = Math.max(hi, t);
                perHost.merge(host(a.alert()), 1, Integer::sum);
            }
        }
        if (lo == Long.MAX_VALUE) {
            b.append("<p>No timed alerts.</p></section>\n");
            return;
        }
        List<String> hosts = top(perHost, 12);
        int buckets = 90;
        long span = Math.max(60_000, hi - lo);
        Map<String, int[]> counts = new HashMap<>();
        for (String h : hosts) {
            counts.put(h, new int[buckets]);
        }
        for (AlertEvidence a : c.alerts()) {
            int[] cs = a.alert().timestamp() == null ? null : counts.get(host(a.alert()));
            if (cs != null) {
                cs[(int) Math.min(buckets - 1, (a.alert().timestamp().toEpochMilli() - lo) * buckets / span)]++;
            }
        }
        b.append("<p class=\"note\">").append(esc(MINUTE.format(Instant.ofEpochMilli(lo)))).append(" to ")
                .append(esc(MINUTE.format(Instant.ofEpochMilli(hi)))).append(" UTC in ").append(buckets).append(" steps of ")
                .append(esc(duration(Duration.ofMillis(span / buckets)))).append("; the ").append(hosts.size())
                .append(" hosts with most alerts.</p><div class=\"multiples\">\n");
        for (String h : hosts) {
            int[] cs = counts.get(h);
            int max = 1;
            for (int v : cs) {
                max = Math.max(max, v);
            }
            int w = 360;
            int ht = 60;
            b.append("<figure><figcaption>").append(esc(h)).append(" · ").append(perHost.get(h)).append(" alerts</figcaption>")
                    .append("<svg class=\"chart bars\" role=\"img\" aria-label=\"alerts over time on ").append(esc(h))
                    .append("\" viewBox=\"0 0 ").append(w).append(' ').append(ht).append("\" width=\"").append(w).append("\" height=\"")
                    .append(ht).append("\"><line x1=\"0\" x2=\"").append(w).append("\" y1=\"").append(ht - 1).append("\" y2=\"")
                    .append(ht - 1).append("\" class=\"axis\"/>");
            for (int k = 0; k < buckets; k++) {
                if (cs[k] > 0) {
                    int bh = Math.max(2, cs[k] * (ht - 4) / max);
                    b.append("<rect x=\"").append(k * w / buckets).append("\" y=\"").append(ht - 1 - bh).append("\" width=\"")
                            .append(Math.max(2, w / buckets - 1)).append("\" height=\"").append(bh).append("\" fill=\"#3b6ea8\"><title>")
                            .append(cs[k]).append(" alerts from ").append(esc(MINUTE.format(Instant.ofEpochMilli(lo + span * k / buckets))))
                            .append("</title></rect>");
                }
            }
            b.append("</svg></figure>\n");
        }
        b.append("</div></section>\n");
    }

    private void heatMap(StringBuilder b, Case c) {
        Map<String, Integer> perTechnique = new HashMap<>();
        Map<String, Integer> topLevel = new HashMap<>();
        Map<String, Set<String>> rules = new HashMap<>();
        for (AlertEvidence a : c.alerts()) {
            for (String id : a.alert().attack()) {
                attack.technique(id).ifPresent(t -> {
                    perTechnique.merge(t.id(), 1, Integer::sum);
                    topLevel.merge(t.id(), level(a.alert().level()), Math::max);
                    Set<String> rs = rules.computeIfAbsent(t.id(), k -> new TreeSet<>());
                    if (rs.size() < 5) {
                        rs.add(a.alert().ruleTitle());
                    }
                });
            }
        }
        b.append("<section id=\"attack\"><h2>ATT&amp;CK matrix: techniques seen</h2>\n<p class=\"note\">Each column is a tactic (the "
                + "attacker's goal), in the order an intrusion usually unfolds; each cell a technique seen, darker for more alerts. "
                + "Hover a cell for the rules behind it.</p>\n");
        int max = 1;
        for (int v : perTechnique.values()) {
            max = Math.max(max, v);
        }
        List<Tactic> tactics = attack.tactics();
        List<List<Technique>> columns = new ArrayList<>();
        int rows = 0;
        for (Tactic t : tactics) {
            List<Technique> col = new ArrayList<>();
            for (String id : perTechnique.keySet()) {
                Technique tech = attack.technique(id).orElseThrow();
                if (tech.tactics().contains(t)) {
                    col.add(tech);
                }
            }
            col.sort(Comparator.comparingInt((Technique x) -> -perTechnique.get(x.id())).thenComparing(Technique::id));
            columns.add(col);
            rows = Math.max(rows, col.size());
        }
        b.append("<div class=\"heatwrap\"><table class=\"heatmap\"><tr>");
        for (int k = 0; k < tactics.size(); k++) {
            b.append("<th>").append(esc(tactics.get(k).name())).append("<br><small>").append(columns.get(k).size()).append(" seen</small></th>");
        }
        b.append("</tr>");
        for (int r = 0; r < rows; r++) {
            b.append("<tr>");
            for (List<Technique> col : columns) {
                if (r < col.size()) {
                    Technique t = col.get(r);
                    int n = perTechnique.get(t.id());
                    double x = Math.log(1 + n) / Math.log(1 + max);
                    int light = (int) Math.round(92 - 52 * x);
                    b.append("<td class=\"hm-cell\" style=\"background:hsl(8,75%,").append(light).append("%);color:")
                            .append(light < 60 ? "#fff" : "#222").append("\" title=\"").append(esc(t.id() + " " + t.name() + ": " + n
                                    + " alerts, up to " + LEVELS.get(topLevel.get(t.id())) + "; rules: "
                                    + String.join("; ", rules.get(t.id())))).append("\"><b>").append(esc(t.id())).append("</b> ")
                            .append(esc(abbrev(t.name(), 48))).append(" <span class=\"n\">").append(n).append("</span></td>");
                } else {
                    b.append("<td></td>");
                }
            }
            b.append("</tr>");
        }
        b.append("</table></div>");
        if (perTechnique.isEmpty()) {
            b.append("<p>No alert carries an ATT&amp;CK technique.</p>");
        }
        b.append("</section>\n");
    }

    private static void tops(StringBuilder b, Case c) {
        Map<String, Integer> rules = new HashMap<>();
        Map<String, String> ruleLevel = new HashMap<>();
        Map<String, Integer> hosts = new HashMap<>();
        Map<String, Integer> accounts = new HashMap<>();
        for (AlertEvidence a : c.alerts()) {
            rules.merge(a.alert().ruleTitle(), 1, Integer::sum);
            ruleLevel.putIfAbsent(a.alert().ruleTitle(), levelName(a.alert().level()));
            hosts.merge(host(a.alert()), 1, Integer::sum);
        }
        for (Incident inc : c.grouping().incidents()) {
            for (String ac : inc.accounts()) {
                accounts.merge(ac, inc.members().size(), Integer::sum);
            }
        }
        b.append("<section id=\"top\"><h2>Top rules, hosts and accounts</h2><div class=\"tops\">");
        topTable(b, "Rules", rules, 20, ruleLevel);
        topTable(b, "Hosts", hosts, 20, null);
        topTable(b, "Accounts (alerts in their incidents)", accounts, 20, null);
        b.append("</div></section>\n");
    }

    private static void topTable(StringBuilder b, String title, Map<String, Integer> counts, int n, Map<String, String> levels) {
        b.append("<table class=\"top\"><tr><th>").append(esc(title)).append("</th><th>alerts</th></tr>");
        for (String k : top(counts, n)) {
            b.append("<tr><td>");
            if (levels != null) {
                b.append("<span class=\"dot\" style=\"background:").append(LEVEL_COLOURS[level(levels.get(k))]).append("\"></span>");
            }
            b.append(esc(k)).append("</td><td>").append(counts.get(k)).append("</td></tr>");
        }
        if (counts.size() > n) {
            b.append("<tr><td colspan=\"2\" class=\"note\">and ").append(counts.size() - n).append(" more</td></tr>");
        }
        b.append("</table>");
    }

    private static void coverage(StringBuilder b, Case c) {
        b.append("<section id=\"coverage\"><h2>Coverage gaps</h2>\n");
        List<CoverageSource.Gap> gaps = c.coverage().gaps();
        if (gaps.isEmpty()) {
            b.append("<p>Coverage was not measured for this case (run <code>gamekeeper coverage</code> on the same evidence). "
                    + "Without it, no alert does not mean no intruder: it may mean the logs that would show one are missing.</p>");
        } else {
            b.append("<table><tr><th>host</th><th>missing</th><th>what it costs</th><th>techniques left unseen</th></tr>");
            for (CoverageSource.Gap g : gaps) {
                b.append("<tr><td>").append(esc(g.host())).append("</td><td>").append(esc(g.channel()))
                        .append(g.eventId() == null ? "" : " " + g.eventId()).append("</td><td>").append(esc(g.why())).append("</td><td>")
                        .append(esc(String.join(", ", g.blindTechniques()))).append("</td></tr>");
            }
            b.append("</table>");
        }
        b.append("</section>\n");
    }

    private static void phishing(StringBuilder b, Case c) {
        b.append("<section id=\"phishing\"><h2>Phishing findings</h2>\n");
        List<Alert> mail = c.alerts().stream().map(AlertEvidence::alert).filter(a -> a.kind() == Alert.Kind.MAIL).toList();
        if (mail.isEmpty()) {
            b.append("<p>No mail was analysed, or none was flagged.</p>");
        } else {
            b.append("<table><tr><th>date</th><th>level</th><th>from</th><th>to</th><th>subject</th><th>why</th></tr>");
            for (Alert a : mail) {
                Map<String, String> d = a.details();
                b.append("<tr><td>").append(esc(time(a.timestamp()))).append("</td><td>").append(esc(levelName(a.level()))).append("</td><td>")
                        .append(esc(d.getOrDefault("sender", ""))).append("</td><td>").append(esc(d.getOrDefault("recipients", "")))
                        .append("</td><td>").append(esc(d.getOrDefault("subject", ""))).append("</td><td>").append(esc(a.ruleTitle()))
                        .append("</td></tr>");
            }
            b.append("</table>");
        }
        b.append("</section>\n");
    }

    private static void suppressed(StringBuilder b, Case c) {
        b.append("<section id=\"suppressed\"><h2>Suppressed alerts</h2>\n");
        if (c.suppressed().isEmpty()) {
            b.append("<p>No tuning entry suppressed any alert.</p>");
        } else {
            b.append("<table><tr><th>tuning entry</th><th>reason</th><th>alerts suppressed</th></tr>");
            for (Case.Suppression s : c.suppressed()) {
                b.append("<tr><td>").append(esc(s.entry())).append("</td><td>").append(esc(s.reason())).append("</td><td>")
                        .append(s.count()).append("</td></tr>");
            }
            b.append("</table>");
        }
        b.append("</section>\n");
    }

    private static void alertTable(StringBuilder b, Case c) {
        b.append("<section id=\"alerts\"><h2>All alerts</h2>\n<p class=\"controls\"><label>Level at least <select id=\"alert-level\">");
        for (int i = 0; i < LEVELS.size(); i++) {
            b.append("<option value=\"").append(i).append("\">").append(LEVELS.get(i)).append("</option>");
        }
        b.append("</select></label> <label>Host or rule contains <input id=\"alert-filter\" type=\"search\"></label> "
                + "<button id=\"alert-prev\" type=\"button\">Previous</button> <span id=\"alert-page\"></span> "
                + "<button id=\"alert-next\" type=\"button\">Next</button></p>\n<table id=\"alert-table\"><thead><tr><th>time (UTC)</th>"
                + "<th>level</th><th>rule</th><th>host</th><th>evidence</th></tr></thead><tbody></tbody></table>\n");
        List<Alert> sorted = new ArrayList<>(c.alerts().stream().map(AlertEvidence::alert).toList());
        sorted.sort(Comparator.comparing(Alert::timestamp, Comparator.nullsLast(Comparator.naturalOrder())));
        if (sorted.size() > ALERT_ROWS_MAX) {
            b.append("<p class=\"note\">The first ").append(ALERT_ROWS_MAX).append(" of ").append(sorted.size())
                    .append(" alerts are listed; all are in the alert timeline and the case database.</p>");
            sorted = sorted.subList(0, ALERT_ROWS_MAX);
        }
        // Compact columns (about 25 bytes an alert instead of 60 as rows of strings): the page parses
        // them quickly and holds numbers, not 200,000 strings. Times are milliseconds, each the
        // difference from the row before (null for none: those sort last); a reference file#record
        // is a file index and the record number (-1 when the reference is the whole file entry).
        Map<String, Integer> ruleIdx = new LinkedHashMap<>();
        Map<String, Integer> hostIdx = new LinkedHashMap<>();
        Map<String, Integer> fileIdx = new LinkedHashMap<>();
        int n = sorted.size();
        StringBuilder levels = new StringBuilder(n);
        StringWriter json = new StringWriter(n * 28);
        try (JsonGenerator g = new JsonFactory().createGenerator(json)) {
            g.writeStartObject();
            long base = n == 0 || sorted.get(0).timestamp() == null ? 0 : sorted.get(0).timestamp().toEpochMilli();
            g.writeNumberField("base", base);
            g.writeArrayFieldStart("time");
            long prev = base;
            for (Alert a : sorted) {
                if (a.timestamp() == null) {
                    g.writeNull();
                } else {
                    long t = a.timestamp().toEpochMilli();
                    g.writeNumber(t - prev);
                    prev = t;
                }
                levels.append((char) ('0' + level(a.level())));
            }
            g.writeEndArray();
            g.writeStringField("level", levels.toString());
            g.writeArrayFieldStart("rule");
            for (Alert a : sorted) {
                g.writeNumber(ruleIdx.computeIfAbsent(String.valueOf(a.ruleTitle()), k -> ruleIdx.size()));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("host");
            for (Alert a : sorted) {
                g.writeNumber(hostIdx.computeIfAbsent(host(a), k -> hostIdx.size()));
            }
            g.writeEndArray();
            long[] records = new long[n];
            g.writeArrayFieldStart("file");
            for (int i = 0; i < n; i++) {
                Alert a = sorted.get(i);
                String ref = a.eventRefs().isEmpty() ? String.valueOf(a.file()) : a.eventRefs().get(0);
                long record = recordOf(ref);
                records[i] = record;
                String file = record < 0 ? ref : ref.substring(0, ref.lastIndexOf('#'));
                g.writeNumber(fileIdx.computeIfAbsent(file, k -> fileIdx.size()));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("record");
            for (long r : records) {
                g.writeNumber(r);
            }
            g.writeEndArray();
            for (Map.Entry<String, Map<String, Integer>> names : List.of(Map.entry("rules", ruleIdx), Map.entry("hosts", hostIdx),
                    Map.entry("files", fileIdx))) {
                g.writeArrayFieldStart(names.getKey());
                for (String x : names.getValue().keySet()) {
                    g.writeString(x);
                }
                g.writeEndArray();
            }
            g.writeArrayFieldStart("levels");
            for (String l : LEVELS) {
                g.writeString(l);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // JSON inside a script element: "<" escaped so no text can close the element
        b.append("<script type=\"application/json\" id=\"alert-data\">").append(json.toString().replace("<", "\\u003c"))
                .append("</script></section>\n");
    }

    /**
     * The record number of a {@code file#record} reference, or -1 when it has none that writes
     * back exactly (digits without a leading zero, below 2^53 so the page's numbers hold it).
     */
    static long recordOf(String ref) {
        int hash = ref.lastIndexOf('#');
        int digits = ref.length() - hash - 1;
        if (hash < 0 || digits < 1 || digits > 15 || digits > 1 && ref.charAt(hash + 1) == '0') {
            return -1;
        }
        long r = 0;
        for (int i = hash + 1; i < ref.length(); i++) {
            char ch = ref.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            r = r * 10 + (ch - '0');
        }
        return r;
    }

    private static void provenance(StringBuilder b, Case c) {
        b.append("<section id=\"provenance\"><h2>Provenance</h2>\n<table>");
        for (Map.Entry<String, String> e : c.provenance().entrySet()) {
            b.append("<tr><th>").append(esc(e.getKey())).append("</th><td class=\"ref\">").append(esc(e.getValue())).append("</td></tr>");
        }
        b.append("</table></section>\n");
    }

    private static List<String> top(Map<String, Integer> counts, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(n).map(Map.Entry::getKey).toList();
    }

    private static String host(Alert a) {
        return a.computer() == null || a.computer().isEmpty() ? "(" + (a.kind() == null ? "none" : a.kind().id()) + ")"
                : a.computer().toLowerCase(Locale.ROOT);
    }

    static int level(Level l) {
        return l == null ? 0 : l.ordinal();
    }

    static String levelName(Level l) {
        return l == null ? "informational" : l.id();
    }

    static int level(String l) {
        int i = l == null ? -1 : LEVELS.indexOf(l.toLowerCase(Locale.ROOT));
        return Math.max(0, i);
    }

    private static String time(Instant t) {
        return t == null ? "" : MINUTE.format(t);
    }

    private static String duration(Duration d) {
        if (d.toDays() >= 1) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toHours() >= 1) {
            return d.toHours() + " h";
        }
        return Math.max(1, d.toMinutes()) + " min";
    }

    private static String abbrev(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** HTML text and attribute escaping. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            String r = switch (ch) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null || (ch < 0x20 && ch != '\n' && ch != '\t')) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(r != null ? r : "\uFFFD");
            } else if (b != null) {
                b.append(ch);
            }
        }
        return b == null ? s : b.toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
