package org.gamekeeper.engine.mapping;

import org.gamekeeper.sigma.SigmaEvent;

/**
 * PowerShell module logging (event 4103) read back as the commands it records. Its {@code Payload}
 * lists, for each command of a pipeline, {@code CommandInvocation(Name): "Name"} and one
 * {@code ParameterBinding(Name): name="P"; value="V"} per bound parameter; this writes them as
 * PowerShell would have been typed, one command a line: {@code Name -P V}, switch and boolean values
 * as {@code $true}/{@code $false}, values as recorded (not quoted: a bound script block or URL keeps
 * its text). Error records and anything unrecognised are left out; a payload with no command record
 * is returned as it is. Where only module logging is on (many estates, and most of OTRF's datasets),
 * the built-in pack's script-block rules then see {@code Set-MpPreference -DisableRealtimeMonitoring
 * $true} or {@code Invoke-WebRequest -Uri http://…} as they would in a script block.
 */
public final class ModulePayload {
    private static final String INVOCATION = "CommandInvocation(";
    private static final String BINDING = "ParameterBinding(";

    private ModulePayload() {
    }

    /** The commands {@code payload} records, or {@code payload} itself (null for null) when it records none. */
    public static String script(String payload) {
        if (payload == null || payload.indexOf(INVOCATION) < 0 && payload.indexOf(BINDING) < 0) {
            return payload;
        }
        StringBuilder out = new StringBuilder(payload.length());
        String current = null;
        int n = payload.length();
        int start = 0;
        while (start < n) {
            int end = nextRecord(payload, start);
            String rec = payload.substring(start, end);
            start = end;
            if (rec.startsWith(INVOCATION)) {
                int close = rec.indexOf("):");
                if (close < 0) {
                    continue;
                }
                current = rec.substring(INVOCATION.length(), close);
                startCommand(out, current);
            } else if (rec.startsWith(BINDING)) {
                int close = rec.indexOf("):");
                int name = rec.indexOf("name=\"", Math.max(close, 0));
                int value = name < 0 ? -1 : rec.indexOf("\"; value=\"", name + 6);
                if (close < 0 || name < 0 || value < 0) {
                    continue;
                }
                String command = rec.substring(BINDING.length(), close);
                if (!command.equals(current)) {
                    current = command;
                    startCommand(out, command);
                }
                String v = rec.substring(value + 10, lastQuote(rec, value + 10));
                out.append(" -").append(rec, name + 6, value).append(' ');
                out.append(v.equals("True") ? "$true" : v.equals("False") ? "$false" : v);
            }
        }
        return out.length() == 0 ? payload : out.toString();
    }

    /**
     * The host application of a classic Windows PowerShell event (400, 600, 800): its own
     * {@code HostApplication} field where an export has one, else the {@code HostApplication=}
     * line of the event's unnamed data, up to the next {@code Name=} line (a command given as a
     * script block keeps its line breaks); null when there is none.
     */
    public static String hostApplication(SigmaEvent event) {
        String own = event.field("HostApplication");
        if (own != null) {
            return own;
        }
        for (String d : event.fieldValues("Data")) {
            int at = d == null ? -1 : d.indexOf("HostApplication=");
            if (at < 0) {
                continue;
            }
            int from = at + "HostApplication=".length();
            int end = d.length();
            for (int i = d.indexOf('\n', from); i >= 0; i = d.indexOf('\n', i + 1)) {
                int j = i + 1;
                while (j < d.length() && d.charAt(j) == '\t') {
                    j++;
                }
                int k = j;
                while (k < d.length() && Character.isLetter(d.charAt(k))) {
                    k++;
                }
                if (j > i + 1 && k > j && k < d.length() && d.charAt(k) == '=') {
                    end = i;
                    break;
                }
            }
            while (end > from && (d.charAt(end - 1) == '\r' || d.charAt(end - 1) == '\n')) {
                end--;
            }
            return d.substring(from, end);
        }
        return null;
    }

    /** Starts a command's line: a new line unless it is the first. */
    private static void startCommand(StringBuilder out, String name) {
        if (out.length() > 0) {
            out.append('\n');
        }
        out.append(name);
    }

    /** Where the record after the one starting at {@code from} starts: a line starting a known record, or the end. */
    private static int nextRecord(String p, int from) {
        int i = from;
        while (true) {
            int nl = p.indexOf('\n', i);
            if (nl < 0) {
                return p.length();
            }
            int next = nl + 1;
            if (p.startsWith(INVOCATION, next) || p.startsWith(BINDING, next) || p.startsWith("TerminatingError(", next)
                    || p.startsWith("NonTerminatingError(", next)) {
                return next;
            }
            i = next;
        }
    }

    /** The last double quote of a record at or after {@code from} (its value's closing quote), or the record's trimmed end. */
    private static int lastQuote(String rec, int from) {
        int q = rec.lastIndexOf('"');
        if (q >= from) {
            return q;
        }
        int end = rec.length();
        while (end > from && (rec.charAt(end - 1) == '\n' || rec.charAt(end - 1) == '\r')) {
            end--;
        }
        return end;
    }
}
