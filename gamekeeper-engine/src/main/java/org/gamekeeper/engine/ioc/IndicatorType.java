package org.gamekeeper.engine.ioc;

import java.util.Locale;

/** What an indicator's value is; the CSV {@code type} column spells these in lower case. */
public enum IndicatorType {
    IP, CIDR, DOMAIN, URL, SHA256, SHA1, MD5, FILENAME, EMAIL;

    /** The type named in a list ("ipv4", "sha-256" and "hostname" accepted too), or null. */
    public static IndicatorType of(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (n) {
            case "ip", "ipv4", "ipv6", "ipaddress", "ipv4addr", "ipv6addr" -> IP;
            case "cidr", "network", "subnet" -> CIDR;
            case "domain", "hostname", "host", "fqdn", "domainname" -> DOMAIN;
            case "url", "uri", "link" -> URL;
            case "sha256" -> SHA256;
            case "sha1" -> SHA1;
            case "md5" -> MD5;
            case "filename", "file", "name" -> FILENAME;
            case "email", "emailaddr", "mail", "sender", "emailaddress" -> EMAIL;
            default -> null;
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
