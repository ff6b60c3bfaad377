package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** One upload session: its files as registered, with the parts stored so far. */
final class UploadSession {
    final String id;
    final JsonNode filesRequest;
    final int partSize;
    final Map<String, UploadFile> files = new LinkedHashMap<>();

    UploadSession(String id, JsonNode filesRequest, int partSize) {
        this.id = id;
        this.filesRequest = filesRequest;
        this.partSize = partSize;
    }

    /** One registered file of a session. */
    static final class UploadFile {
        final String fileId;
        final String fileName;
        final long size;
        final Map<Integer, Part> parts = new TreeMap<>();
        final Map<Integer, Integer> urlsIssued = new TreeMap<>();
        Path assembled;
        boolean completed;
        /** Fault injection: the first completion of this file was refused and its parts dropped. */
        boolean refusedOnce;

        UploadFile(String fileId, String fileName, long size) {
            this.fileId = fileId;
            this.fileName = fileName;
            this.size = size;
        }

        int totalParts(int partSize) {
            return (int) Math.max(1, (size + partSize - 1) / partSize);
        }
    }

    /** A stored part: where its bytes are, their ETag (quoted MD5) and length. */
    record Part(Path path, String etag, long size) {
    }
}
