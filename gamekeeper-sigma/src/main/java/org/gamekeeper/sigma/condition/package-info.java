/**
 * The condition language: parser (with the spec's precedence: or &lt; and &lt; not &lt; x of &lt; parentheses),
 * the condition tree, resolution of {@code x of} patterns and simplification. Knows search
 * identifiers only by name; evaluates nothing.
 */
package org.gamekeeper.sigma.condition;
