package org.gamekeeper.engine.baseline;

/**
 * One behaviour seen in one event.
 *
 * @param facet   what kind of behaviour
 * @param host    the host, lower case ({@code (unknown)} when the event names none)
 * @param key     the behaviour, normalised (what the baseline counts)
 * @param subject the behaviour in words, for explanations ("wmic.exe started by w3wp.exe")
 * @param watched whether rarity judges it (LOTL-relevant tools, services, tasks, remote logons);
 *                every observation is learned
 */
public record Observation(Facet facet, String host, String key, String subject, boolean watched) { }
