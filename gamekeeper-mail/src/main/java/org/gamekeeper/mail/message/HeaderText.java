package org.gamekeeper.mail.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/** Decoding of header text: RFC 2047 encoded words and address lists. */
public final class HeaderText {

    private HeaderText() {
    }

    /** Decodes RFC 2047 encoded words; malformed ones stay as written. */
    public static String decode(String raw) {
        if (raw == null) {
            return "";
        }
        if (raw.indexOf("=?") < 0) {
            return raw;
        }
        try {
            return DecoderUtil.decodeEncodedWords(raw, DecodeMonitor.SILENT);
        } catch (RuntimeException e) {
            return raw;
        }
    }

    /**
     * Splits an address header into mailboxes, leniently: {@code "Name" <a@b>}, {@code a@b (Name)},
     * bare addresses, groups. Commas inside quotes or angle brackets do not split.
     */
    public static List<Mailbox> mailboxes(String raw) {
        List<Mailbox> out = new ArrayList<>(2);
        if (raw == null || raw.isBlank()) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '"' && (i == 0 || raw.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>' && angle > 0) {
                angle--;
            } else if (!quoted && angle == 0 && (c == ',' || c == ';')) {
                // a piece without an address is part of an unquoted display name ("Team, Support <a@b>"),
                // as mail clients show it
                String piece = cur.toString();
                if (piece.indexOf('@') >= 0 || piece.indexOf('<') >= 0 || piece.isBlank()) {
                    add(out, piece);
                    cur.setLength(0);
                    continue;
                }
            }
            cur.append(c);
        }
        add(out, cur.toString());
        return out;
    }

    private static void add(List<Mailbox> out, String part) {
        String s = part.strip();
        if (s.isEmpty()) {
            return;
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && s.indexOf('<') > colon && s.indexOf('"') < 0) {
            s = s.substring(colon + 1).strip(); // group "name: addr"
        }
        int lt = s.lastIndexOf('<');
        int gt = s.lastIndexOf('>');
        String name;
        String addr;
        if (lt >= 0 && gt > lt) {
            addr = s.substring(lt + 1, gt).strip();
            name = s.substring(0, lt).strip();
        } else {
            int paren = s.indexOf('(');
            if (paren > 0 && s.endsWith(")")) {
                addr = s.substring(0, paren).strip();
                name = s.substring(paren + 1, s.length() - 1).strip();
            } else {
                addr = s;
                name = "";
            }
        }
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1).replace("\\\"", "\"");
        }
        if (addr.startsWith("mailto:")) {
            addr = addr.substring(7);
        }
        // a group's trailing ';' or stray quotes are not part of the address
        addr = addr.replace("\"", "").strip();
        if (name.isEmpty() && addr.indexOf('@') < 0 && addr.indexOf(' ') >= 0) {
            name = addr;
            addr = "";
        }
        out.add(new Mailbox(decode(name).strip(), addr));
    }

    /**
     * One mailbox of an address header.
     *
     * @param name    display name, decoded ("" if none)
     * @param address the address as written ("" if none)
     */
    public record Mailbox(String name, String address) {

        /** The domain after the last '@', lower case, without a trailing dot; "" if none. */
        public String domain() {
            int at = address.lastIndexOf('@');
            if (at < 0) {
                return "";
            }
            String d = address.substring(at + 1).strip().toLowerCase(Locale.ROOT);
            while (d.endsWith(".") || d.endsWith(">")) {
                d = d.substring(0, d.length() - 1);
            }
            return d;
        }

        /** The local part before the last '@', lower case. */
        public String local() {
            int at = address.lastIndexOf('@');
            return (at < 0 ? address : address.substring(0, at)).toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return name.isEmpty() ? address : name + " <" + address + ">";
        }
    }
}
