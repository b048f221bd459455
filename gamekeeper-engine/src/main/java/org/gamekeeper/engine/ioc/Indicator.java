package org.gamekeeper.engine.ioc;

/**
 * One indicator, its value normalised for matching (refanged; lower case except for URLs' paths).
 *
 * @param value       the normalised value
 * @param written     the value as the list wrote it (for alerts)
 * @param description what the list says of it (may be empty)
 * @param source      {@code file:line} or the STIX indicator's id
 */
public record Indicator(IndicatorType type, String value, String written, String description, String source) { }
