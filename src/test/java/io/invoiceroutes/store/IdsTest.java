package io.invoiceroutes.store;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {
    /** The contract's ClientId pattern. */
    private static final Pattern CLIENT_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,200}$");
    private final Ids ids = new Ids();

    private static void assertUniqueClientIds(Supplier<String> draw, String prefix) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = draw.get();
            assertThat(id).startsWith(prefix).matches(CLIENT_ID);
            assertThat(seen.add(id)).as("duplicate %s", id).isTrue();
        }
    }

    @Test
    void file_ids_are_unique_client_ids() {
        assertUniqueClientIds(ids::fileId, "file_");
    }

    @Test
    void batch_ids_are_unique_client_ids() {
        assertUniqueClientIds(ids::batchId, "batch_");
    }

    @Test
    void submission_ids_are_unique_client_ids() {
        assertUniqueClientIds(ids::submissionId, "sub_");
    }

    @Test
    void ids_have_a_fixed_length_random_part() {
        assertThat(ids.fileId()).matches("file_[0-9a-f]{20}");
        assertThat(ids.batchId()).matches("batch_[0-9a-f]{20}");
        assertThat(ids.submissionId()).matches("sub_[0-9a-f]{20}");
    }

    @Test
    void upload_session_id_derives_from_the_batch_id() {
        String batch = ids.batchId();

        String session = ids.uploadSessionId(batch);

        assertThat(session).isEqualTo("sess_" + batch.substring("batch_".length())).matches(CLIENT_ID);
        assertThat(ids.uploadSessionId(batch)).isEqualTo(session);
        assertThat(ids.uploadSessionId("batch_abc")).isEqualTo("sess_abc");
    }

    @Test
    void different_batches_get_different_upload_sessions() {
        assertThat(ids.uploadSessionId(ids.batchId())).isNotEqualTo(ids.uploadSessionId(ids.batchId()));
    }
}
