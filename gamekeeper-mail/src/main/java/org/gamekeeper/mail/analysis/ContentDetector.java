package org.gamekeeper.mail.analysis;

import java.util.List;
import java.util.Locale;

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
        lexicon(Lexicon.ADVANCE_FEE, lower, "content.advance_fee",
                "the text follows the advance-fee and romance-scam script (funds, donations, confidential proposals)", out);
        lexicon(Lexicon.SPAM_TOPIC, lower, "content.spam_topic",
                "the text sells what mass-mailed scams sell (pills, weight loss, dating, gambling, quick riches)", out);
        List<String> greeting = Lexicon.GENERIC_GREETING.find(lower, 1);
        if (!greeting.isEmpty()) {
            out.add("content.generic_greeting", "the message greets the reader generically, as mass mail does, while "
                    + "claiming a relationship", greeting.get(0));
        }
        String token = randomToken(v.subject);
        if (token == null) {
            token = randomToken(v.from.name());
        }
        if (token != null) {
            out.add("evasion.random_token", "a random code in the subject or sender name makes each copy unique to defeat "
                    + "filters that match repeated messages", token);
        }
        String obfuscated = obfuscated(v.subject);
        if (obfuscated != null) {
            out.add("evasion.obfuscated_subject", "the subject breaks up its words with symbols or underscores to slip "
                    + "past word filters", obfuscated);
        }
        if (decorated(v.from.name())) {
            out.add("sender.decorated_name", "the sender's name is decorated with symbols or long numbers, as no person "
                    + "or organisation writes its name", v.from.name());
        }
        if (ADDRESS.matcher(v.subject).find()) {
            out.add("content.address_in_subject", "the subject addresses the reader by a mail address (mass-mailing "
                    + "personalisation)", v.subject);
        }
        if (v.freeMail && (out.has("content.credential_lure") || out.has("content.money_lure"))) {
            out.add("impersonation.freemail_notice", "an account, payment or prize notice sent from a free-mail address",
                    v.from.address());
        }
        if ((out.has("beacon.tiny_image") || out.has("beacon.hidden_image") || out.has("beacon.tracking_service"))
                && Lexicon.UNSUBSCRIBE.find(v.lowerText() + " " + linkText(v), 1).isEmpty()) {
            out.add("sender.tracking_without_unsubscribe", "the message tracks its reader like bulk mail but offers no way "
                    + "to unsubscribe, as legitimate bulk senders must", "");
        }
        if (v.hiddenTextChars >= 200) {
            out.add("evasion.hidden_text", "the HTML hides " + v.hiddenTextChars
                    + " characters of text from the reader (written for spam filters, not people)", String.valueOf(v.hiddenTextChars));
        }
        int invisible = (invisible(v.subject) + invisible(v.from.name())) * 5 + invisible(v.text);
        if (invisible >= 5) {
            out.add("evasion.invisible_characters", "zero-width or invisible characters break up words to evade filters",
                    invisible + " invisible characters");
        }
        if (v.html && v.htmlTextChars < 60 && !v.images.isEmpty() && !v.links.isEmpty()) {
            out.add("evasion.image_only", "the message is a picture and a link with almost no text (text in images evades filters)",
                    v.images.get(0).link().url());
        }
    }

    /** "_You_have_won_" (underscores for spaces) or "C!al!s" (symbols inside a word). */
    static String obfuscated(String subject) {
        int underscoresBetweenWords = 0;
        for (int i = 1; i + 1 < subject.length(); i++) {
            char c = subject.charAt(i);
            if (c == '_' && Character.isLetterOrDigit(subject.charAt(i - 1)) && Character.isLetterOrDigit(subject.charAt(i + 1))) {
                underscoresBetweenWords++;
            }
        }
        if (underscoresBetweenWords >= 3 && subject.indexOf(' ') < 0 || underscoresBetweenWords >= 4) {
            return subject;
        }
        for (String w : subject.split("\\s+")) {
            int letters = 0;
            int symbols = 0;
            for (int i = 0; i < w.length(); i++) {
                char c = w.charAt(i);
                if (Character.isLetter(c)) {
                    letters++;
                } else if ((c == '!' || c == '|' || c == '$') && i > 0 && i + 1 < w.length()
                        && Character.isLetter(w.charAt(i - 1)) && Character.isLetter(w.charAt(i + 1))) {
                    symbols++;
                }
            }
            if (symbols >= 1 && letters >= 3 && w.indexOf('@') < 0) {
                return w;
            }
        }
        return null;
    }

    /** '#', '_', '*', '$' or '|' in a display name, or six digits in a row. */
    static boolean decorated(String name) {
        int digits = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '#' || c == '*' || c == '$' || (c == '_' && i > 0) || c == '|' && name.indexOf('|', i + 1) > 0) {
                return true;
            }
            digits = Character.isDigit(c) ? digits + 1 : 0;
            if (digits >= 6) {
                return true;
            }
        }
        return false;
    }

    private static String linkText(MessageView v) {
        StringBuilder sb = new StringBuilder();
        for (Link l : v.links) {
            if (sb.length() > 20_000) {
                break;
            }
            sb.append(l.url().toLowerCase(Locale.ROOT)).append(' ');
        }
        return sb.toString();
    }

    private static void lexicon(Lexicon lexicon, String lower, String id, String text, Findings out) {
        List<String> hits = lexicon.find(lower, 3);
        if (!hits.isEmpty()) {
            out.add(id, text, String.join(", ", hits), hits.size() >= 3 ? 1.0 : hits.size() == 2 ? 0.7 : 0.5);
        }
    }

    private static final com.google.re2j.Pattern ADDRESS = com.google.re2j.Pattern.compile(
            "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*");

    /**
     * A word of 8+ letters and digits that mixes upper case, lower case and digits with
     * several case changes (a hash-buster such as "hSCXPVFj7yxfmvG"), or 10+ mixed letters
     * and digits; words of one case ("PROTOCOL123") or plain numbers do not count.
     */
    static String randomToken(String s) {
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean word = i < s.length() && Character.isLetterOrDigit(s.charAt(i)) && s.charAt(i) < 128;
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                if (i - start >= 8 && random(s, start, i)) {
                    return s.substring(start, i);
                }
                start = -1;
            }
        }
        return null;
    }

    private static boolean random(String s, int from, int to) {
        int upper = 0;
        int lower = 0;
        int digits = 0;
        int switches = 0;
        int last = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int cls = Character.isUpperCase(c) ? 0 : Character.isLowerCase(c) ? 1 : 2;
            if (cls == 0) {
                upper++;
            } else if (cls == 1) {
                lower++;
            } else {
                digits++;
            }
            if (last >= 0 && cls != last) {
                switches++;
            }
            last = cls;
        }
        boolean mixedCase = upper >= 3 && lower >= 3 && switches >= 5;
        boolean letterDigits = (upper + lower) >= 3 && digits >= 3 && switches >= 4 && to - from >= 10;
        return mixedCase && (digits >= 1 || switches >= 6) || letterDigits;
    }

    private static int invisible(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\u034F' || c == '\u00AD'
                    || (c == '\uFEFF' && i > 0) || c == '\u180E' || c == '\u2061' || c == '\u2062' || c == '\u2063') {
                n++;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                // tag characters and variation selectors supplement: invisible, used to break up brand names
                if (cp >= 0xE0000 && cp <= 0xE01EF) {
                    n++;
                }
            }
        }
        return n;
    }
}
