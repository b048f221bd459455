package org.gamekeeper.engine.ioc;

import java.util.Locale;

/**
 * Undoes the usual defanging of advisories: {@code hxxp://}, {@code [.]}, {@code (.)}, {@code {.}},
 * {@code [dot]}, {@code [:]}, {@code [@]} and {@code [at]}, {@code [/]}, and trims surrounding
 * quotes and white space.
 */
public final class Defang {
    private Defang() {
    }

    public static String refang(String text) {
        String s = text.strip();
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0)) {
            s = s.substring(1, s.length() - 1).strip();
        }
        s = s.replace("[.]", ".").replace("(.)", ".").replace("{.}", ".").replace("[dot]", ".").replace("(dot)", ".")
                .replace("[:]", ":").replace("[://]", "://").replace("[/]", "/").replace("[@]", "@").replace("[at]", "@").replace("(at)", "@");
        String lower = s.toLowerCase(Locale.ROOT);
        for (String[] scheme : new String[][] {{"hxxps", "https"}, {"hxxp", "http"}, {"fxp", "ftp"}, {"hXXps", "https"}}) {
            if (lower.startsWith(scheme[0] + ":")) {
                s = scheme[1] + s.substring(scheme[0].length());
                break;
            }
        }
        return s;
    }
}
