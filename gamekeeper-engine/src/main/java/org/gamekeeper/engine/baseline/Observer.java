package org.gamekeeper.engine.baseline;

import java.util.Locale;
import java.util.function.Consumer;
import org.gamekeeper.engine.Event;

/**
 * Reads the behaviours a baseline counts out of one event, naming them the same way whichever
 * log recorded them: Sysmon 1 and Security 4688 for processes (Image/NewProcessName,
 * ParentImage/ParentProcessName, User/TargetUserName or SubjectUserName), Security 4624/4625 for
 * logons, System 7045 and Security 4697 for services, Security 4698 and
 * Sysmon 11 (a file written under {@code \Windows\System32\Tasks\}) for scheduled tasks.
 * Stateless; reads only the fields it needs.
 */
public final class Observer {
    /** Host name used when an event names none. */
    public static final String UNKNOWN_HOST = "(unknown)";

    private static final String TASKS_FOLDER = "\\windows\\system32\\tasks\\";
    private static final int MAX_KEY = 1024;

    private final LotlTools tools;
    /**
     * Only the behaviours rarity judges ({@link Observation#watched()}): what a hunt needs. A
     * baseline learns every behaviour; a hunt judges only LOTL tools, services, tasks and remote
     * interactive logons, so the command shape of every other process (most of them) was worked
     * out and counted for nothing.
     */
    private final boolean watchedOnly;

    public Observer(LotlTools tools) {
        this(tools, false);
    }

    /** An observer that reports only watched behaviours when {@code watchedOnly} (see {@link #observe}). */
    public Observer(LotlTools tools, boolean watchedOnly) {
        this.tools = tools;
        this.watchedOnly = watchedOnly;
    }

    /** What kind of log an event came from, as far as baselines care. */
    enum Log { SYSMON, SECURITY, SYSTEM, OTHER }

    /**
     * Each behaviour of {@code e} (none for events baselines do not count); only the watched ones
     * for an observer made {@code watchedOnly}. True when the event shows some behaviour, watched
     * or not (it counts for its host), whether or not it was reported.
     */
    public boolean observe(Event e, Consumer<Observation> out) {
        int id = e.eventId();
        switch (id) {
            case 1, 11, 4624, 4625, 4688, 4697, 4698, 7045 -> { }
            default -> {
                return false; // most events: decided without reading a field
            }
        }
        Log log = log(e);
        switch (log) {
            case SYSMON -> {
                if (id == 1) {
                    return process(e, e.field("Image"), e.field("ParentImage"), e.field("User"), out);
                } else if (id == 11) {
                    return taskFile(e, out);
                }
                return false;
            }
            case SECURITY -> {
                return switch (id) {
                    case 4688 -> process(e, e.field("NewProcessName"), e.field("ParentProcessName"), securityProcessUser(e), out);
                    case 4624, 4625 -> logon(e, id, out);
                    case 4697 -> service(e, e.field("ServiceName"), e.field("ServiceFileName"), out);
                    case 4698 -> task(e, e.field("TaskName"), taskCommand(e.field("TaskContent")), out);
                    default -> false;
                };
            }
            case SYSTEM -> {
                return id == 7045 && service(e, e.field("ServiceName"), e.field("ImagePath"), out);
            }
            default -> {
                return false;
            }
        }
    }

    static Log log(Event e) {
        String channel = e.channel();
        if (channel == null) {
            channel = "";
        }
        String provider = e.provider();
        if (containsIgnoreCase(channel, "sysmon") || provider != null && containsIgnoreCase(provider, "sysmon")) {
            return Log.SYSMON;
        }
        if (channel.equalsIgnoreCase("Security") || "Microsoft-Windows-Security-Auditing".equalsIgnoreCase(provider)) {
            return Log.SECURITY;
        }
        if (channel.equalsIgnoreCase("System") || "Service Control Manager".equalsIgnoreCase(provider)) {
            return Log.SYSTEM;
        }
        // Task Scheduler's own log (106, a task registered) is not read: the same registration is
        // 4698 in Security and Sysmon 11's write of the task's file, and counting it a second or
        // third time would make a new task look seen before (one registration, one sighting).
        return Log.OTHER;
    }

    /**
     * The host of an event: its short name, lower case. EVTX names hosts by FQDN
     * ({@code EC-EXCH01.corp.local}) where JSON exports often give the short name, and one host
     * must be one host in a baseline whichever way its events arrived.
     */
    public static String host(Event e) {
        return hostName(e.computer());
    }

    /** {@link #host(Event)} for a raw host name. */
    public static String hostName(String computer) {
        if (computer == null || computer.isBlank()) {
            return UNKNOWN_HOST;
        }
        String c = computer.strip().toLowerCase(Locale.ROOT);
        int dot = c.indexOf('.');
        if (dot > 0 && !isAddress(c)) {
            c = c.substring(0, dot);
        }
        return c;
    }

    private static boolean isAddress(String c) {
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (ch != '.' && ch != ':' && (ch < '0' || ch > '9')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The file name of an image path, lower case: {@code C:\Windows\System32\WBEM\WMIC.exe} gives
     * {@code wmic.exe}. Null for null or empty.
     */
    public static String imageName(String path) {
        String p = stripped(path);
        if (p == null) {
            return null;
        }
        int cut = Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/'));
        return p.substring(cut + 1).toLowerCase(Locale.ROOT);
    }

    /** {@code path} without surrounding white space; null when that leaves nothing or Windows' "-". */
    private static String stripped(String path) {
        if (path == null) {
            return null;
        }
        String p = path.strip();
        return p.isEmpty() || p.equals("-") ? null : p;
    }

    /**
     * An account as {@code domain\name}, lower case; null for none. Accepts a {@code DOMAIN\name}
     * already joined (Sysmon's User) or the two parts.
     */
    static String account(String domain, String name) {
        if (name == null || name.isBlank() || name.equals("-")) {
            return null;
        }
        String n = name.strip();
        if (n.indexOf('\\') < 0 && domain != null && !domain.isBlank() && !domain.equals("-")) {
            n = domain.strip() + "\\" + n;
        }
        return n.toLowerCase(Locale.ROOT);
    }

    /**
     * 4688 names the new process's account in TargetUserName (Windows 10 and later), else its
     * creator. The service accounts are named by SID as Sysmon names them: 4688 gives SYSTEM as
     * the machine account ({@code CORP\PC01$}), Sysmon as {@code NT AUTHORITY\SYSTEM}.
     */
    private static String securityProcessUser(Event e) {
        String target = account(e.field("TargetDomainName"), e.field("TargetUserName"));
        if (target != null) {
            String known = wellKnown(e.field("TargetUserSid"));
            return known != null ? known : target;
        }
        String known = wellKnown(e.field("SubjectUserSid"));
        return known != null ? known : account(e.field("SubjectDomainName"), e.field("SubjectUserName"));
    }

    private static String wellKnown(String sid) {
        if (sid == null) {
            return null;
        }
        return switch (sid.strip()) {
            case "S-1-5-18" -> "nt authority\\system";
            case "S-1-5-19" -> "nt authority\\local service";
            case "S-1-5-20" -> "nt authority\\network service";
            default -> null;
        };
    }

    private boolean process(Event e, String imagePath, String parentPath, String user, Consumer<Observation> out) {
        String image = imageName(imagePath);
        if (image == null) {
            return false;
        }
        boolean lotl = tools.contains(image);
        if (watchedOnly && !lotl) {
            // nothing here is judged; the event still counts for its host when it would have shown something
            return stripped(parentPath) != null || e.field("CommandLine") != null;
        }
        String parent = imageName(parentPath);
        String host = host(e);
        if (parent != null) {
            out.accept(new Observation(Facet.PROCESS_PAIR, host, parent + " > " + image,
                image + " started by " + parent, lotl));
        }
        String account = user == null ? null : account(null, user);
        if (lotl && account != null) {
            out.accept(new Observation(Facet.TOOL_USE, host, image + " | " + account, image + " run by " + account, true));
        }
        String shape = CommandShape.of(e.field("CommandLine"), image);
        if (shape != null) {
            out.accept(new Observation(Facet.COMMAND_SHAPE, host, bounded(shape), image + " with command line `" + bounded(shape) + "`", lotl));
        }
        return parent != null || lotl && account != null || shape != null;
    }

    private boolean logon(Event e, int id, Consumer<Observation> out) {
        String account = account(e.field("TargetDomainName"), e.field("TargetUserName"));
        if (account == null) {
            return false;
        }
        String type = e.field("LogonType");
        // Remote interactive (RDP) logons of people from a new place are what intruders with
        // stolen credentials leave; network logons are too common to judge one by one.
        boolean watched = "10".equals(type) && !account.endsWith("$");
        if (watchedOnly && !watched) {
            return true; // not judged; counts for its host
        }
        String source = e.field("IpAddress");
        if (source == null || source.isBlank() || source.equals("-")) {
            source = e.field("WorkstationName");
        }
        source = source == null || source.isBlank() || source.equals("-") ? "local" : source.strip().toLowerCase(Locale.ROOT);
        String outcome = id == 4624 ? "logon" : "failed logon";
        out.accept(new Observation(Facet.LOGON, host(e), outcome + " | " + account + " | type " + type + " | " + source,
                outcome + " of type " + type + " by " + account + " from " + source, watched));
        return true;
    }

    private static boolean service(Event e, String name, String imagePath, Consumer<Observation> out) {
        if (name == null || name.isBlank()) {
            return false;
        }
        String shape = imagePath == null ? "" : CommandShape.of(imagePath, null);
        String n = name.strip().toLowerCase(Locale.ROOT);
        String key = bounded(shape.isEmpty() ? n : n + " | " + shape);
        out.accept(new Observation(Facet.SERVICE, host(e), key, "service '" + name.strip() + "' installed"
                + (shape.isEmpty() ? "" : " (" + bounded(shape) + ")"), true));
        return true;
    }

    private static boolean task(Event e, String name, String command, Consumer<Observation> out) {
        if (name == null || name.isBlank()) {
            return false;
        }
        String shape = command == null ? "" : CommandShape.of(command, null);
        String n = name.strip().toLowerCase(Locale.ROOT);
        String key = bounded(shape.isEmpty() ? n : n + " | " + shape);
        out.accept(new Observation(Facet.TASK, host(e), key, "scheduled task '" + name.strip() + "' created"
                + (shape.isEmpty() ? "" : " (" + bounded(shape) + ")"), true));
        return true;
    }

    /** Sysmon 11: Task Scheduler writes each task's XML to {@code \Windows\System32\Tasks\<name>}. */
    private static boolean taskFile(Event e, Consumer<Observation> out) {
        String target = e.field("TargetFilename");
        if (target == null) {
            return false;
        }
        String lower = target.toLowerCase(Locale.ROOT);
        int at = lower.indexOf(TASKS_FOLDER);
        if (at < 0 || at + TASKS_FOLDER.length() >= lower.length()) {
            return false;
        }
        return task(e, "\\" + target.substring(at + TASKS_FOLDER.length()), null, out);
    }

    /** The first action's command (and arguments) of a task's XML, or null. */
    static String taskCommand(String xml) {
        if (xml == null) {
            return null;
        }
        String command = element(xml, "Command");
        if (command == null) {
            return null;
        }
        String args = element(xml, "Arguments");
        return args == null ? command : command + " " + args;
    }

    private static String element(String xml, String name) {
        int start = xml.indexOf("<" + name + ">");
        if (start < 0) {
            return null;
        }
        start += name.length() + 2;
        int end = xml.indexOf("</" + name + ">", start);
        return end < 0 ? null : unescape(xml.substring(start, end).strip());
    }

    /** The five XML entities (a task's XML keeps {@code &gt;} of redirections escaped). */
    private static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }

    private static String bounded(String s) {
        return s.length() > MAX_KEY ? s.substring(0, MAX_KEY) : s;
    }

    /** {@code part} in {@code s}, both in any case, without a lower-case copy of {@code s} (asked per event). */
    private static boolean containsIgnoreCase(String s, String part) {
        for (int i = 0, last = s.length() - part.length(); i <= last; i++) {
            if (s.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }
}
