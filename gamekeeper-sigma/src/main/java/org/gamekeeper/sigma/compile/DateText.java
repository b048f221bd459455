package org.gamekeeper.sigma.compile;

import org.gamekeeper.sigma.value.SigmaTimePart;

/**
 * Extracts a part of an ISO-8601 date-time text ({@code 2024-05-06T07:08:09…} or with a space)
 * by position, without parsing into objects. No time zone conversion: the spec's time
 * modifiers are not designed for it.
 */
final class DateText {
    private DateText() {
    }

    /** The part's number, or -1 when the text is not such a date. */
    static int part(String s, SigmaTimePart.Unit unit) {
        if (s.length() < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return -1;
        }
        int year = num(s, 0, 4);
        int month = num(s, 5, 2);
        int day = num(s, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
            return -1;
        }
        switch (unit) {
            case YEAR:
                return year;
            case MONTH:
                return month;
            case DAY:
                return day;
            case WEEK:
                return isoWeek(year, month, day);
            default:
                break;
        }
        if (s.length() < 16 || (s.charAt(10) != 'T' && s.charAt(10) != ' ') || s.charAt(13) != ':') {
            return -1;
        }
        return unit == SigmaTimePart.Unit.HOUR ? num(s, 11, 2) : num(s, 14, 2);
    }

    private static int num(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** ISO-8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
    static int isoWeek(int year, int month, int day) {
        int doy = dayOfYear(year, month, day);
        int dow = dayOfWeek(year, month, day); // 1 = Monday … 7 = Sunday
        int week = (doy - dow + 10) / 7;
        if (week < 1) {
            return weeksInYear(year - 1);
        }
        if (week > weeksInYear(year)) {
            return 1;
        }
        return week;
    }

    private static int weeksInYear(int year) {
        int jan1 = dayOfWeek(year, 1, 1);
        boolean leap = isLeap(year);
        return jan1 == 4 || leap && jan1 == 3 ? 53 : 52;
    }

    private static boolean isLeap(int y) {
        return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    }

    private static final int[] CUMULATIVE_DAYS = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    private static final int[] SAKAMOTO = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};

    private static int dayOfYear(int y, int m, int d) {
        return CUMULATIVE_DAYS[m - 1] + d + (m > 2 && isLeap(y) ? 1 : 0);
    }

    /** Sakamoto's method, returning 1 = Monday … 7 = Sunday. */
    private static int dayOfWeek(int y, int m, int d) {
        if (m < 3) {
            y -= 1;
        }
        int w = (y + y / 4 - y / 100 + y / 400 + SAKAMOTO[m - 1] + d) % 7; // 0 = Sunday
        return w == 0 ? 7 : w;
    }
}
