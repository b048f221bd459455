package org.gamekeeper.engine.search;

import java.util.List;
import java.util.Locale;
import org.gamekeeper.engine.ValueSink;
import org.gamekeeper.evtx.read.EventRecord;

/**
 * A fast "can this EVTX record hold one of the keywords?" over the record's stored UTF-16 text,
 * without a String per value (as the hunt's keyword scanners do): ASCII case folded, a keyword
 * not in ASCII turns the filter off. A yes is checked again by the compiled Sigma rule; a no is
 * final, since every keyword must occur in some value for the rule to match.
 */
final class KeywordPrefilter {
    private final char[][] keywords;
    private final String[] texts;
    /** Whether a value that is not a string (number, GUID, time, SID) could hold a keyword. */
    private final boolean nonText;

    private KeywordPrefilter(char[][] keywords) {
        this.keywords = keywords;
        texts = new String[keywords.length];
        boolean any = false;
        for (int i = 0; i < keywords.length; i++) {
            texts[i] = new String(keywords[i]);
            any |= texts[i].chars().allMatch(c -> ValueSink.NON_TEXT_CHARS.indexOf(c) >= 0);
        }
        nonText = any;
    }

    /** The filter for these keywords, or null when one of them is not plain ASCII (or there are none). */
    static KeywordPrefilter of(List<String> words) {
        if (words.isEmpty()) {
            return null;
        }
        char[][] k = new char[words.size()][];
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i).toLowerCase(Locale.ROOT);
            if (w.isEmpty() || !w.chars().allMatch(c -> c < 0x80)) {
                return null;
            }
            k[i] = w.toCharArray();
        }
        return new KeywordPrefilter(k);
    }

    boolean mayMatch(EventRecord r) {
        Sink s = new Sink();
        r.forEachText(s);
        return s.found;
    }

    private final class Sink implements EventRecord.TextSink {
        boolean found;

        @Override
        public boolean nonText() {
            return nonText;
        }

        @Override
        public void utf16(byte[] data, int off, int chars) {
            if (found) {
                return;
            }
            for (char[] k : keywords) {
                int last = chars - k.length;
                char first = k[0];
                for (int i = 0; i <= last; i++) {
                    if (fold(data, off + 2 * i) != first) {
                        continue;
                    }
                    int j = 1;
                    while (j < k.length && fold(data, off + 2 * (i + j)) == k[j]) {
                        j++;
                    }
                    if (j == k.length) {
                        found = true;
                        return;
                    }
                }
            }
        }

        @Override
        public void text(String value) {
            if (found) {
                return;
            }
            for (String k : texts) {
                int last = value.length() - k.length();
                for (int i = 0; i <= last; i++) {
                    if (value.regionMatches(true, i, k, 0, k.length())) {
                        found = true;
                        return;
                    }
                }
            }
        }
    }

    /** The UTF-16LE code unit at {@code at}, ASCII upper case folded; other characters never equal an ASCII keyword character. */
    private static char fold(byte[] d, int at) {
        int c = (d[at] & 0xff) | (d[at + 1] & 0xff) << 8;
        return (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
}
