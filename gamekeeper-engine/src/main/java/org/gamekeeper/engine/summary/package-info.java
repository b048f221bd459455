/**
 * Stacked counts of the evidence for the responder's first questions ({@code gamekeeper summary}):
 * who logged on where and from where, which hosts and channels the logs cover, which processes ran
 * (least frequent first), which events there are. Each summary takes a small fact from an event on
 * any thread and adds facts up on one; it owns no reading and no output format.
 */
package org.gamekeeper.engine.summary;
