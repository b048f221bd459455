package org.gamekeeper.mail.message;

/** One header field: its name as written and its value unfolded, encoded words still raw. */
public record Header(String name, String value) {
}
