package org.gamekeeper.mail.analysis;

import java.util.List;

/**
 * Lures in the words of the message: credential requests, urgency, money and prizes; text
 * hidden from the reader (written for filters); invisible characters that break up words; and
 * HTML that is nothing but a picture and a link. Each needs two distinct phrases for its full
 * weight, since one word is ordinary in legitimate mail.
 */
final class ContentDetector implements Detector {

    @Override
    public void inspect(MessageView v, Findings out) {
        String lower = v.lowerText();
        lexicon(Lexicon.CREDENTIAL, lower, "content.credential_lure",
                "the text asks the reader to sign in, verify or update account or payment details", out);
        lexicon(Lexicon.URGENCY, lower, "content.urgency", "the text presses for urgent action", out);
        lexicon(Lexicon.MONEY, lower, "content.money_lure", "the text dangles money, prizes or rewards", out);
        if (v.hiddenTextChars >= 200) {
            out.add("content.hidden_text", "the HTML hides " + v.hiddenTextChars
                    + " characters of text from the reader (written for spam filters, not people)", String.valueOf(v.hiddenTextChars));
        }
        int invisible = invisible(v.subject) * 5 + invisible(v.text);
        if (invisible >= 5) {
            out.add("content.invisible_characters", "zero-width or invisible characters break up words to evade filters",
                    invisible + " invisible characters");
        }
        if (v.html && v.htmlTextChars < 60 && !v.images.isEmpty() && !v.links.isEmpty()) {
            out.add("content.image_only", "the message is a picture and a link with almost no text (text in images evades filters)",
                    v.images.get(0).link().url());
        }
    }

    private static void lexicon(Lexicon lexicon, String lower, String id, String text, Findings out) {
        List<String> hits = lexicon.find(lower, 3);
        if (!hits.isEmpty()) {
            out.add(id, text, String.join(", ", hits), hits.size() >= 2 ? 1.0 : 0.5);
        }
    }

    private static int invisible(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\u034F' || c == '\u00AD'
                    || (c == '\uFEFF' && i > 0) || c == '\u180E' || c == '\u2061' || c == '\u2062' || c == '\u2063') {
                n++;
            }
        }
        return n;
    }
}
