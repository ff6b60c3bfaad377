package io.invoiceroutes.upload;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FilePartEntityTest {
    private static final int SIZE = 100 * 1024;
    private static final int PART = 32 * 1024;

    @TempDir
    Path dir;
    private Path file;
    private byte[] content;

    @BeforeEach
    void writeRandomFile() throws IOException {
        content = new byte[SIZE];
        new Random(42).nextBytes(content);
        file = dir.resolve("random.bin");
        Files.write(file, content);
        content = Files.readAllBytes(file);
    }

    private byte[] range(long offset, long length) {
        return Arrays.copyOfRange(content, (int) offset, (int) (offset + length));
    }

    private static byte[] written(FilePartEntity entity) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entity.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void content_length_equals_the_range_length() {
        assertThat(new FilePartEntity(file, PART, PART).getContentLength()).isEqualTo(PART);
        assertThat(new FilePartEntity(file, 3 * PART, SIZE - 3 * PART).getContentLength()).isEqualTo(SIZE - 3 * PART);
    }

    @Test
    void write_to_writes_exactly_the_bytes_of_each_planned_range() throws IOException {
        List<PartRange> parts = new PartPlanner().plan(SIZE, PART);
        assertThat(parts).hasSize(4);
        assertThat(parts.get(3).length()).isEqualTo(SIZE - 3 * PART);

        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (PartRange p : parts) {
            byte[] bytes = written(new FilePartEntity(file, p.offset(), p.length()));
            assertThat(bytes).hasSize((int) p.length());
            assertThat(bytes).isEqualTo(range(p.offset(), p.length()));
            joined.write(bytes);
        }
        assertThat(joined.toByteArray()).isEqualTo(content);
    }

    @Test
    void write_to_handles_ranges_that_do_not_align_with_the_buffer() throws IOException {
        assertThat(written(new FilePartEntity(file, 1, 70_001))).isEqualTo(range(1, 70_001));
        assertThat(written(new FilePartEntity(file, SIZE - 1, 1))).isEqualTo(range(SIZE - 1, 1));
        assertThat(written(new FilePartEntity(file, 0, SIZE))).isEqualTo(content);
    }

    @Test
    void content_can_be_read_twice() throws IOException {
        FilePartEntity entity = new FilePartEntity(file, PART, PART);

        byte[] first;
        try (InputStream in = entity.getContent()) {
            first = in.readAllBytes();
        }
        byte[] second;
        try (InputStream in = entity.getContent()) {
            second = in.readAllBytes();
        }

        assertThat(entity.isRepeatable()).isTrue();
        assertThat(first).isEqualTo(range(PART, PART)).isEqualTo(second);
        assertThat(written(entity)).isEqualTo(first);
        assertThat(written(entity)).isEqualTo(first);
    }

    @Test
    void single_byte_reads_stop_at_the_end_of_the_range() throws IOException {
        FilePartEntity entity = new FilePartEntity(file, 10, 5);
        try (InputStream in = entity.getContent()) {
            for (int i = 0; i < 5; i++) {
                assertThat(in.read()).isEqualTo(content[10 + i] & 0xff);
            }
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void bulk_reads_never_go_beyond_the_range() throws IOException {
        FilePartEntity entity = new FilePartEntity(file, 100, 50);
        byte[] buffer = new byte[4096];
        Arrays.fill(buffer, (byte) 0x5a);
        try (InputStream in = entity.getContent()) {
            int total = 0;
            int n;
            while ((n = in.read(buffer, total, buffer.length - total)) > 0) {
                total += n;
            }
            assertThat(n).isEqualTo(-1);
            assertThat(total).isEqualTo(50);
        }
        assertThat(Arrays.copyOf(buffer, 50)).isEqualTo(range(100, 50));
        for (int i = 50; i < buffer.length; i++) {
            assertThat(buffer[i]).as("byte %d past the range", i).isEqualTo((byte) 0x5a);
        }
    }

    @Test
    void a_range_in_the_middle_does_not_read_the_following_bytes() throws IOException {
        try (InputStream in = new FilePartEntity(file, PART, PART).getContent()) {
            assertThat(in.readAllBytes()).hasSize(PART);
        }
    }

    @Test
    void is_a_non_chunked_octet_stream_that_is_not_streaming() {
        FilePartEntity entity = new FilePartEntity(file, 0, 10);

        assertThat(entity.isChunked()).isFalse();
        assertThat(entity.isStreaming()).isFalse();
        assertThat(entity.getContentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void part_uploads_body_streams_the_staged_range() throws IOException {
        FilePartEntity body = new PartUploads().body(new PartPut("f", file.toString(), 3, 2 * PART, PART, "https://s/3"));

        assertThat(body.getContentLength()).isEqualTo(PART);
        assertThat(written(body)).isEqualTo(range(2 * PART, PART));
    }
}
