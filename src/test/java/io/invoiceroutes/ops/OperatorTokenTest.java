package io.invoiceroutes.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator token: actions off without one, the right token in either header passes, anything else is refused. */
class OperatorTokenTest {

    @Test
    void with_no_token_configured_every_action_is_refused_as_forbidden() {
        OperatorToken none = new OperatorToken("  ");
        assertThat(none.configured()).isFalse();
        assertThatThrownBy(() -> none.require("Bearer anything", null))
                .isInstanceOfSatisfying(OperatorToken.OperatorRefusedException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void the_token_passes_as_bearer_or_operator_header_and_a_wrong_or_missing_one_is_unauthorized() {
        OperatorToken token = new OperatorToken("s3cret-token");
        assertThatCode(() -> token.require("Bearer s3cret-token", null)).doesNotThrowAnyException();
        assertThatCode(() -> token.require("bearer s3cret-token", null)).doesNotThrowAnyException();
        assertThatCode(() -> token.require(null, "s3cret-token")).doesNotThrowAnyException();
        for (String[] wrong : new String[][]{{null, null}, {"Bearer s3cret-tokeN", null}, {"Basic s3cret-token", null},
                {"Bearer ", null}, {null, "s3cret"}, {"s3cret-token", null}}) {
            assertThatThrownBy(() -> token.require(wrong[0], wrong[1]))
                    .isInstanceOfSatisfying(OperatorToken.OperatorRefusedException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.getMessage()).doesNotContain("s3cret");
                    });
        }
    }
}
