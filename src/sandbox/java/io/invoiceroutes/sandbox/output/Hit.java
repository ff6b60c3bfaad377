package io.invoiceroutes.sandbox.output;

/** A value a rule found, the page it came from and, when the rule is unsure, why (else null). */
record Hit(Object value, int page, String doubt) {

    Hit withDoubt(String reason) {
        return new Hit(value, page, doubt == null ? reason : doubt + "; " + reason);
    }
}
