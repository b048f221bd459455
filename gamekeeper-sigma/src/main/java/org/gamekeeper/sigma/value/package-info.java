/**
 * Typed Sigma values: a rule's values are typed once, at load, into these records (a Sigma
 * string with wildcard tokens, a number, null, a regex, a CIDR, a field reference, …).
 * Values know nothing of events or matching.
 */
package org.gamekeeper.sigma.value;
