package org.gamekeeper.engine.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * One readable piece of evidence: a plain file, the content of a {@code .gz}, or one member of a
 * {@code .zip} or tar. {@link #open()} gives the uncompressed bytes, so sources never care how
 * the evidence was packed. A packed EVTX file is listed too (collections are often zipped); its
 * source decides whether it reads the stream or unpacks it for random access.
 *
 * @param name      what problems and events call it: the path as given, plus {@code !/member}
 *                  for archive members
 * @param path      the file on disk
 * @param kind      what the content is
 * @param packing   how the content is stored in {@code path}
 * @param member    archive member name, or null
 * @param start     tar only: offset of the member's data in the (uncompressed) tar stream
 * @param size      tar only: the member's size; otherwise -1
 */
public record InputFile(String name, Path path, InputKind kind, Packing packing, String member,
                        long start, long size) {

    /** How the content is stored in the file. */
    public enum Packing { PLAIN, GZIP, ZIP, TAR, GZIP_TAR }

    /** A plain or gzip file. */
    static InputFile whole(String name, Path path, InputKind kind, Packing packing) {
        return new InputFile(name, path, kind, packing, null, 0, -1);
    }

    /** The uncompressed content. The caller closes it; a damaged archive may fail part way. */
    public InputStream open() throws IOException {
        switch (packing) {
            case PLAIN:
                return Files.newInputStream(path);
            case GZIP:
                return gunzip(path);
            case TAR:
                return slice(Files.newInputStream(path), start, size);
            case GZIP_TAR:
                return slice(gunzip(path), start, size);
            case ZIP:
                return openZipMember();
            default:
                throw new IllegalStateException(packing.toString());
        }
    }

    private static InputStream gunzip(Path path) throws IOException {
        InputStream raw = Files.newInputStream(path);
        try {
            return new GZIPInputStream(raw, 65536);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private InputStream openZipMember() throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException noCentralDirectory) {
            // a truncated zip has no central directory: walk the local headers instead
            return openStreamedZipMember();
        }
        ZipEntry entry = zip.getEntry(member);
        if (entry == null) {
            zip.close();
            throw new IOException("member " + member + " vanished from " + path);
        }
        return new FilterInputStream(zip.getInputStream(entry)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    zip.close();
                }
            }
        };
    }

    private InputStream openStreamedZipMember() throws IOException {
        ZipInputStream in = new ZipInputStream(Files.newInputStream(path));
        try {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(member)) {
                    return in;
                }
            }
        } catch (IOException e) {
            in.close();
            throw e;
        }
        in.close();
        throw new IOException("member " + member + " not found in damaged zip " + path);
    }

    /** {@code size} bytes from {@code start} of {@code in}; closing it closes {@code in}. */
    private static InputStream slice(InputStream in, long start, long size) throws IOException {
        try {
            in.skipNBytes(start);
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return new FilterInputStream(in) {
            private long left = size;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long s = super.skip(Math.min(n, left));
                left -= s;
                return s;
            }

            @Override
            public int available() throws IOException {
                return (int) Math.min(super.available(), left);
            }
        };
    }
}
