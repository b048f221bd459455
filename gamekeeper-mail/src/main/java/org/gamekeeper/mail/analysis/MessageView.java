package org.gamekeeper.mail.analysis;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gamekeeper.mail.message.Body;
import org.gamekeeper.mail.message.HeaderText;
import org.gamekeeper.mail.message.HeaderText.Mailbox;
import org.gamekeeper.mail.message.MailMessage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * One message prepared for the detectors: sender and reply addresses with their registrable
 * domains, links, images, forms and scripts of the HTML, and the readable text. Built once
 * per message; detectors only read it.
 */
final class MessageView {

    /** HTML beyond this many characters is not parsed (the beginning carries the lure). */
    static final int HTML_LIMIT = 400_000;
    /** Text kept for lexicon checks. */
    static final int TEXT_LIMIT = 20_000;

    private static final Pattern CSS_URL = Pattern.compile("(?i)url\\(\\s*['\"]?(https?://[^)'\"\\s]{1,1000})");
    private static final Pattern HIDDEN_STYLE = Pattern.compile(
            "(?i)display\\s*:\\s*none|visibility\\s*:\\s*hidden|opacity\\s*:\\s*0(?:\\.0+)?\\s*(?:;|$)|max-height\\s*:\\s*0|font-size\\s*:\\s*0(?:px|pt|em)?\\s*(?:;|$)");
    private static final Pattern TINY_STYLE = Pattern.compile("(?i)(?:^|[;\\s])(?:width|height)\\s*:\\s*[01](?:px)?\\s*(?:;|$|!)");

    final MailMessage message;
    final Mailbox from;
    final int fromCount;
    final String fromHost;
    final String fromDomain;
    /** The sender uses a free-mail provider. */
    boolean freeMail;
    final Mailbox replyTo;
    final String replyDomain;
    final String returnPathDomain;
    final String subject;
    final List<String> recipients = new ArrayList<>();
    final List<Link> links = new ArrayList<>();
    /** Links found in PDF attachments (also in {@link #links}). */
    final List<Link> pdfLinks = new ArrayList<>();
    final List<Image> images = new ArrayList<>();
    final List<String> formActions = new ArrayList<>();
    boolean passwordField;
    /** A form with a password, card or login field. */
    boolean credentialForm;
    final List<String> scripts = new ArrayList<>();
    final StringBuilder text = new StringBuilder();
    int hiddenTextChars;
    boolean html;
    int htmlTextChars;
    /** The protected identity the display name claims, set by the analyser before the detectors run. */
    org.gamekeeper.mail.config.Identity claimed;

    MessageView(MailMessage m, Domains domains) {
        this.message = m;
        List<Mailbox> froms = HeaderText.mailboxes(m.header("From"));
        fromCount = m.headers("From").size() > 1 ? m.headers("From").size() : froms.size();
        from = froms.isEmpty() ? new Mailbox("", "") : froms.get(0);
        fromHost = Domains.normalise(from.domain());
        fromDomain = domains.registrable(fromHost);
        List<Mailbox> replies = HeaderText.mailboxes(m.header("Reply-To"));
        replyTo = replies.isEmpty() ? null : replies.get(0);
        replyDomain = replyTo == null ? "" : domains.registrable(Domains.normalise(replyTo.domain()));
        List<Mailbox> rp = HeaderText.mailboxes(m.header("Return-Path"));
        returnPathDomain = rp.isEmpty() ? "" : domains.registrable(Domains.normalise(rp.get(0).domain()));
        subject = HeaderText.decode(m.header("Subject")).strip();
        for (String h : List.of("To", "Cc")) {
            for (Mailbox mb : HeaderText.mailboxes(m.header(h))) {
                if (!mb.address().isEmpty()) {
                    recipients.add(mb.address());
                }
            }
        }
        for (org.gamekeeper.mail.message.Attachment a : m.attachments()) {
            byte[] c = a.content();
            if (pdf(c)) {
                for (String uri : pdfUris(c)) {
                    Link l = link(uri, "", true, domains);
                    pdfLinks.add(l);
                    links.add(l);
                }
            }
        }
        for (Body b : m.bodies()) {
            if (b.html()) {
                html = true;
                readHtml(b.text(), domains);
            } else {
                appendText(b.text());
                for (String url : urls(b.text().length() > HTML_LIMIT ? b.text().substring(0, HTML_LIMIT) : b.text())) {
                    links.add(link(url, "", false, domains));
                }
            }
        }
    }

    private void readHtml(String source, Domains domains) {
        String s = source.length() > HTML_LIMIT ? source.substring(0, HTML_LIMIT) : source;
        Document doc = Jsoup.parse(s);
        // one walk over the elements instead of one selector query per feature
        for (Element e : doc.getAllElements()) {
            String tag = e.normalName();
            String style = e.attr("style");
            boolean hiddenHere = hiddenStyle(style);
            if (hiddenHere) {
                hiddenTextChars += e.text().length();
            }
            switch (tag) {
                case "a" -> {
                    String href = e.attr("href").strip();
                    if (href.regionMatches(true, 0, "http", 0, 4) || href.regionMatches(true, 0, "www.", 0, 4)) {
                        links.add(link(href, e.text().strip(), true, domains));
                    }
                }
                case "img" -> {
                    String src = e.attr("src").strip();
                    if (src.regionMatches(true, 0, "http", 0, 4)) {
                        boolean tiny = tinyAttr(e.attr("width")) || tinyAttr(e.attr("height"))
                                || !style.isEmpty() && TINY_STYLE.matcher(style).find();
                        images.add(new Image(link(src, e.attr("alt"), false, domains), tiny, hiddenHere || hiddenUp(e), false));
                    }
                }
                case "style" -> {
                    Matcher m = CSS_URL.matcher(e.data());
                    while (m.find()) {
                        images.add(new Image(link(m.group(1), "", false, domains), false, false, true));
                    }
                }
                case "form" -> formActions.add(e.attr("action"));
                case "input" -> {
                    String type = e.attr("type").toLowerCase(Locale.ROOT);
                    String name = e.attr("name").toLowerCase(Locale.ROOT);
                    if (type.equals("password")) {
                        passwordField = true;
                        credentialForm = true;
                    } else if (name.contains("pass") || name.contains("pwd") || name.contains("login") || name.contains("card")
                            || name.contains("cvv") || name.contains("cvc") || name.contains("ssn") || name.contains("otp")
                            || name.contains("iban")) {
                        credentialForm = true;
                    }
                }
                case "script" -> {
                    if (scripts.size() < 20) {
                        String d = e.data();
                        scripts.add(d.length() > 100_000 ? d.substring(0, 100_000) : d);
                    }
                }
                default -> { }
            }
            String bg = e.attr("background");
            if (bg.regionMatches(true, 0, "http", 0, 4)) {
                images.add(new Image(link(bg, "", false, domains), false, hiddenHere || hiddenUp(e), true));
            }
            if (style.indexOf("url") >= 0 || style.indexOf("URL") >= 0) {
                Matcher m = CSS_URL.matcher(style);
                while (m.find()) {
                    images.add(new Image(link(m.group(1), "", false, domains), false, hiddenHere || hiddenUp(e), true));
                }
            }
        }
        String t = doc.body() == null ? doc.text() : doc.body().text();
        htmlTextChars += t.length();
        appendText(t);
    }

    /** The regex only where one of its words occurs: most style attributes hide nothing. */
    static boolean hiddenStyle(String style) {
        if (style.isEmpty()) {
            return false;
        }
        String s = style;
        if (!hasKeyword(s)) {
            boolean upper = false;
            for (int i = 0; i < s.length() && !upper; i++) {
                upper = Character.isUpperCase(s.charAt(i));
            }
            if (!upper) {
                return false;
            }
            s = style.toLowerCase(Locale.ROOT);
        }
        if (s.indexOf("none") < 0 && s.indexOf("hidden") < 0 && s.indexOf("opacity") < 0 && s.indexOf("max-height") < 0
                && s.indexOf("font-size") < 0) {
            return false;
        }
        return HIDDEN_STYLE.matcher(style).find();
    }

    private static boolean hasKeyword(String s) {
        return s.indexOf("none") >= 0 || s.indexOf("hidden") >= 0 || s.indexOf("opacity") >= 0 || s.indexOf("max-height") >= 0
                || s.indexOf("font-size") >= 0;
    }

    private static boolean hiddenUp(Element e) {
        Element cur = e;
        for (int i = 0; i < 4 && cur != null; i++) {
            if (hiddenStyle(cur.attr("style")) || cur.hasAttr("hidden")) {
                return true;
            }
            cur = cur.parent();
        }
        return false;
    }

    /** URLs in plain text (http, https, www.), found by scanning rather than by regex: texts are long. */
    static List<String> urls(String t) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (out.size() < 500) {
            int scheme = t.indexOf("://", from);
            int www = indexOfIgnoreCase(t, "www.", from);
            int start;
            if (scheme >= 4 && (www < 0 || scheme - 5 <= www)) {
                if (scheme >= 5 && t.regionMatches(true, scheme - 5, "https", 0, 5)) {
                    start = scheme - 5;
                } else if (t.regionMatches(true, scheme - 4, "http", 0, 4)) {
                    start = scheme - 4;
                } else {
                    from = scheme + 3;
                    continue;
                }
            } else if (www >= 0) {
                if (www > 0 && (Character.isLetterOrDigit(t.charAt(www - 1)) || t.charAt(www - 1) == '/')) {
                    from = www + 4;
                    continue;
                }
                start = www;
            } else {
                break;
            }
            int end = start;
            while (end < t.length() && end - start < 1000) {
                char c = t.charAt(end);
                if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == '\'' || c == '(' || c == ')' || c == '[' || c == ']'
                        || c == '{' || c == '}') {
                    break;
                }
                end++;
            }
            if (end - start > 8) {
                out.add(trimUrl(t.substring(start, end)));
            }
            from = Math.max(end, start + 4);
        }
        return out;
    }

    /** "%PDF-" within the first 1,024 bytes, where PDF readers look for it (junk may come first). */
    static boolean pdf(byte[] c) {
        int n = Math.min(c.length - 5, 1024);
        for (int i = 0; i < n; i++) {
            if (c[i] == '%' && c[i + 1] == 'P' && c[i + 2] == 'D' && c[i + 3] == 'F' && c[i + 4] == '-') {
                return true;
            }
        }
        return false;
    }

    /**
     * The targets of link annotations ({@code /URI (…)}) in the uncompressed part of a PDF,
     * with PDF string escapes (octal, backslash) decoded. Compressed object streams are not
     * expanded.
     */
    static List<String> pdfUris(byte[] pdf) {
        List<String> out = new ArrayList<>();
        byte[] key = {'/', 'U', 'R', 'I'};
        for (int i = 0; i + 5 < pdf.length && out.size() < 50; i++) {
            if (pdf[i] != '/' || pdf[i + 1] != 'U' || pdf[i + 2] != 'R' || pdf[i + 3] != 'I') {
                continue;
            }
            int j = i + key.length;
            while (j < pdf.length && (pdf[j] == ' ' || pdf[j] == '\r' || pdf[j] == '\n')) {
                j++;
            }
            if (j >= pdf.length || pdf[j] != '(') {
                continue;
            }
            StringBuilder sb = new StringBuilder();
            for (j++; j < pdf.length && pdf[j] != ')' && sb.length() < 2000; j++) {
                int c = pdf[j] & 0xff;
                if (c == '\\' && j + 1 < pdf.length) {
                    int d = pdf[j + 1];
                    if (d >= '0' && d <= '7') {
                        int v = 0;
                        int k = 0;
                        while (k < 3 && j + 1 < pdf.length && pdf[j + 1] >= '0' && pdf[j + 1] <= '7') {
                            v = v * 8 + (pdf[++j] - '0');
                            k++;
                        }
                        sb.append((char) v);
                        continue;
                    }
                    j++;
                    c = pdf[j] & 0xff;
                }
                sb.append((char) c);
            }
            String uri = sb.toString().strip();
            if (uri.regionMatches(true, 0, "http", 0, 4)) {
                out.add(uri);
            }
        }
        return out;
    }

    private static int indexOfIgnoreCase(String t, String needle, int from) {
        int a = t.indexOf(needle, from);
        int b = t.indexOf(needle.toUpperCase(Locale.ROOT), from);
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    private static boolean tinyAttr(String v) {
        String t = v.strip();
        if (t.endsWith("px")) {
            t = t.substring(0, t.length() - 2);
        }
        return t.equals("0") || t.equals("1");
    }

    private void appendText(String t) {
        int room = TEXT_LIMIT - text.length();
        if (room > 0) {
            text.append(t, 0, Math.min(room, t.length())).append('\n');
        }
    }

    private static String trimUrl(String u) {
        int end = u.length();
        while (end > 0 && ".,;:!?>".indexOf(u.charAt(end - 1)) >= 0) {
            end--;
        }
        return u.substring(0, end);
    }

    private static Link link(String url, String text, boolean anchor, Domains domains) {
        String u = url.length() > 2000 ? url.substring(0, 2000) : url;
        String host = Link.hostOf(u);
        return new Link(u, host, domains.registrable(host), text.length() > 300 ? text.substring(0, 300) : text, anchor);
    }

    private String lower;

    /** Lower-case text of sender name, subject and bodies, for lexicon checks. */
    String lowerText() {
        if (lower == null) {
            lower = (from.name() + "\n" + subject + "\n" + text).toLowerCase(Locale.ROOT);
        }
        return lower;
    }
}
