package org.gamekeeper.engine.incident;

import java.util.Locale;
import java.util.Set;

/**
 * Account names as one key: {@code CORP\Alice}, {@code alice@corp.example} and {@code corp\alice}
 * are {@code corp\alice}; SIDs stay SIDs (upper case). Built-in service identities and machine
 * accounts are not accounts a person or intruder is known by, so they never join alerts.
 */
final class Account {
    private static final Set<String> GENERIC_NAMES = Set.of("system", "local service", "network service", "anonymous logon",
            "localservice", "networkservice", "-", "", "n/a", "null", "iusr", "defaultapppool", "dwm-1", "dwm-2", "dwm-3",
            "umfd-0", "umfd-1", "umfd-2", "umfd-3", "font driver host", "window manager", "nt authority", "trustedinstaller");
    private static final Set<String> GENERIC_SIDS = Set.of("S-1-5-18", "S-1-5-19", "S-1-5-20", "S-1-0-0", "S-1-5-7", "S-1-5-17");

    private Account() {
    }

    /** The key of a name given with an optional domain, or null when it names no one in particular. */
    static String key(String domain, String user) {
        if (user == null) {
            return null;
        }
        String u = user.trim();
        String d = domain == null ? "" : domain.trim();
        int bs = u.indexOf('\\');
        if (bs >= 0) {
            d = u.substring(0, bs);
            u = u.substring(bs + 1);
        } else {
            int at = u.indexOf('@');
            if (at > 0) {
                String dom = u.substring(at + 1);
                int dot = dom.indexOf('.');
                d = dot > 0 ? dom.substring(0, dot) : dom;
                u = u.substring(0, at);
            }
        }
        u = u.toLowerCase(Locale.ROOT);
        d = d.toLowerCase(Locale.ROOT);
        if (GENERIC_NAMES.contains(u) || u.endsWith("$") || u.startsWith("dwm-") || u.startsWith("umfd-")
                || d.equals("nt authority") || d.equals("window manager") || d.equals("font driver host")
                || u.startsWith("s-1-")) {
            return null;
        }
        return d.isEmpty() || d.equals("-") ? u : d + '\\' + u;
    }

    /** A SID as a key, or null for the well-known service SIDs. */
    static String sid(String sid) {
        if (sid == null) {
            return null;
        }
        String s = sid.trim().toUpperCase(Locale.ROOT);
        if (!s.startsWith("S-1-") || GENERIC_SIDS.contains(s) || s.startsWith("S-1-5-90-") || s.startsWith("S-1-5-96-")) {
            return null;
        }
        return s;
    }

    /** A host name as a key: {@code DC1.corp.local} and {@code dc1} are {@code dc1}; null for none. */
    static String host(String computer) {
        if (computer == null) {
            return null;
        }
        String h = computer.trim();
        if (h.isEmpty() || h.equals("-") || h.startsWith("\\\\") && h.length() == 2) {
            return null;
        }
        if (h.startsWith("\\\\")) {
            h = h.substring(2);
        }
        if (Character.isDigit(h.charAt(0)) || h.indexOf(':') >= 0) {
            return null; // an address, not a name
        }
        int dot = h.indexOf('.');
        return (dot > 0 ? h.substring(0, dot) : h).toLowerCase(Locale.ROOT);
    }

    /** A logon id as a key (on its host), or null for none and the system sessions. */
    static String logonId(String logonId) {
        if (logonId == null) {
            return null;
        }
        String l = logonId.trim().toLowerCase(Locale.ROOT);
        if (l.isEmpty() || l.equals("0x0") || l.equals("0x3e7") || l.equals("0x3e4") || l.equals("0x3e5") || l.equals("-")
                || l.equals("0")) {
            return null;
        }
        return l;
    }
}
