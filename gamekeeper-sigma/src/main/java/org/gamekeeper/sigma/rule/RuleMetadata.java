package org.gamekeeper.sigma.rule;

import java.util.List;

/** The descriptive fields shared by rules, correlations and filters; absent ones are null or empty. */
public record RuleMetadata(String title, String id, String name, List<Related> related, String taxonomy,
        Status status, String description, List<String> references, String author, String date, String modified,
        List<String> tags, List<String> fields, List<String> falsePositives, Level level, List<String> scope,
        String license) {

    /** The rule's id, else its name, else its title: how it is referred to in messages. */
    public String reference() {
        return id != null ? id : name != null ? name : title;
    }
}
