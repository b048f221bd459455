package org.gamekeeper.evtx.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tamper evidence for one file, fed its records in file order: gaps in EventRecordID,
 * time running backwards, log-cleared events (Security 1102, System 104), a log that has
 * rolled over, and how many records were recovered from slack space.
 */
public final class TamperCheck {
    /** Time may step back this far between consecutive records before it is reported. */
    public static final long BACKWARDS_TOLERANCE_MILLIS = 60_000;
    private static final int MAX_LISTED = 1000;

    private final String file;
    private final FileHeader header;
    private long records;
    private long recovered;
    private long firstId = -1;
    private long lastId = -1;
    private long prevId = -1;
    private long prevTime = Long.MIN_VALUE;
    private long missing;
    private int lastChunk = -1;
    private long lastChunkFirstId = -1;
    private boolean wrapped;
    private final List<Gap> gaps = new ArrayList<>();
    private int gapCount;
    private final List<TimeReversal> reversals = new ArrayList<>();
    private int reversalCount;
    private final List<LogCleared> cleared = new ArrayList<>();

    public TamperCheck(String file, FileHeader header) {
        this.file = file;
        this.header = header;
    }

    /** Missing EventRecordIDs between two consecutive records. */
    public record Gap(long after, long before, long missing) { }

    /** A record whose time is earlier than the record before it by more than the tolerance. */
    public record TimeReversal(long recordId, long timeMillis, long previousTimeMillis) { }

    /** An event that says the log was cleared. */
    public record LogCleared(long recordId, int eventId, String channel, long timeMillis, String user) { }

    /** The findings for the file. */
    public record Report(String file, long records, long firstRecordId, long lastRecordId, long missingRecords,
                         int gapCount, List<Gap> gaps, int timeReversalCount, List<TimeReversal> timeReversals,
                         List<LogCleared> logCleared, boolean rolledOver, boolean dirty, long recoveredRecords) {

        /** True when anything here deserves a responder's attention. */
        public boolean suspicious() {
            return gapCount > 0 || timeReversalCount > 0 || !logCleared.isEmpty() || recoveredRecords > 0;
        }
    }

    /**
     * What the check needs of one record, taken where the record is parsed (on any thread) so
     * the check itself, which must see records in file order, does no decoding.
     */
    public record Mark(int chunkIndex, boolean recovered, long recordId, long timeMillis, int eventId,
                       String channel, String provider, String user) {

        public static Mark of(EventRecord r) {
            int eventId = r.eventId();
            String channel = null;
            String provider = null;
            String user = null;
            if (eventId == 1102 || eventId == 104) {
                channel = r.field("Channel");
                provider = r.field("Provider_Name");
                user = r.field("SubjectUserName");
            }
            return new Mark(r.chunkIndex(), r.recovered(), r.eventRecordId(), r.timestampMillis(), eventId, channel, provider, user);
        }
    }

    /** Feeds one record (in file order). */
    public void add(EventRecord r) {
        add(Mark.of(r));
    }

    /** Feeds one record's mark (in file order). */
    public void add(Mark m) {
        if (m.recovered()) {
            recovered++;
            return;
        }
        records++;
        long id = m.recordId();
        long time = m.timeMillis();
        int eventId = m.eventId();
        if (m.chunkIndex() != lastChunk) {
            if (lastChunkFirstId >= 0 && id < lastChunkFirstId) {
                wrapped = true;
            }
            lastChunk = m.chunkIndex();
            lastChunkFirstId = id;
        }
        if (firstId < 0) {
            firstId = id;
        }
        lastId = id;
        if (prevId >= 0 && id != prevId + 1 && id > prevId) {
            gapCount++;
            missing += id - prevId - 1;
            if (gaps.size() < MAX_LISTED) {
                gaps.add(new Gap(prevId, id, id - prevId - 1));
            }
        }
        prevId = id;
        if (prevTime != Long.MIN_VALUE && time < prevTime - BACKWARDS_TOLERANCE_MILLIS) {
            reversalCount++;
            if (reversals.size() < MAX_LISTED) {
                reversals.add(new TimeReversal(id, time, prevTime));
            }
        }
        prevTime = time;
        if (eventId == 1102 || eventId == 104) {
            String provider = m.provider();
            boolean eventlog = provider != null && provider.toLowerCase(Locale.ROOT).contains("eventlog");
            if (eventlog && ((eventId == 1102 && "Security".equalsIgnoreCase(m.channel())) || eventId == 104)) {
                cleared.add(new LogCleared(id, eventId, m.channel(), time, m.user()));
            }
        }
    }

    public Report finish() {
        boolean rolled = wrapped || (header != null && header.firstChunk() > 0 && header.firstChunk() <= header.lastChunk() + 1
                && header.firstChunk() != 0);
        return new Report(file, records, firstId, lastId, missing, gapCount, List.copyOf(gaps), reversalCount,
                List.copyOf(reversals), List.copyOf(cleared), rolled, header != null && header.dirty(), recovered);
    }
}
