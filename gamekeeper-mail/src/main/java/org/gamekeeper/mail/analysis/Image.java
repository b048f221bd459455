package org.gamekeeper.mail.analysis;

/**
 * A remote image or CSS image reference.
 *
 * @param link   where it loads from
 * @param tiny   declared 0 or 1 pixel wide or high
 * @param hidden hidden by style or attribute (display:none, visibility:hidden, opacity 0)
 * @param css    a CSS {@code url()} rather than an {@code <img>}
 */
record Image(Link link, boolean tiny, boolean hidden, boolean css) {
}
