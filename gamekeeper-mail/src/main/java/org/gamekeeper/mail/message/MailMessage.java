package org.gamekeeper.mail.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gamekeeper.engine.Problem;

/**
 * One parsed message.
 *
 * @param file        the evidence file as given
 * @param place       where in the file: "" for a single message, {@code offset N} in a mailbox
 * @param headers     the top-level header fields in order
 * @param bodies      text and HTML parts, in order
 * @param attachments other parts
 * @param problems    what was wrong with the message (it was still read as far as possible)
 */
public record MailMessage(String file, String place, List<Header> headers, List<Body> bodies,
                          List<Attachment> attachments, List<Problem> problems) {

    public MailMessage {
        headers = List.copyOf(headers);
        bodies = List.copyOf(bodies);
        attachments = List.copyOf(attachments);
        problems = List.copyOf(problems);
    }

    /** The first value of a header (case-insensitive name), or null. */
    public String header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** Every value of a header, in order. */
    public List<String> headers(String name) {
        List<String> out = new ArrayList<>(2);
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                out.add(h.value());
            }
        }
        return out;
    }

    /** True if any header name starts with the prefix (case-insensitive). */
    public boolean hasHeaderStartingWith(String prefix) {
        String p = prefix.toLowerCase(Locale.ROOT);
        for (Header h : headers) {
            if (h.name().toLowerCase(Locale.ROOT).startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** {@code file} or {@code file:place}, for messages. */
    public String location() {
        return place.isEmpty() ? file : file + ":" + place;
    }
}
