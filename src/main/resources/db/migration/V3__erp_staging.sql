-- ERP staging table of the SQL delivery channel: one row per output row of an extraction, typed columns for
-- the default prompt's fields plus the raw row as JSON. Re-delivery replaces an extraction's rows in one
-- transaction, keyed by (extraction_id, row_number). Written to run unchanged on H2 and PostgreSQL.

CREATE TABLE erp_invoice_row (
    extraction_id   VARCHAR(64)    NOT NULL,
    row_number      INTEGER        NOT NULL,
    batch_id        VARCHAR(64)    NOT NULL,
    invoice_number  VARCHAR(200),
    invoice_date    DATE,
    vendor_name     VARCHAR(500),
    net_amount      DECIMAL(18,2),
    tax_amount      DECIMAL(18,2),
    total_amount    DECIMAL(18,2),
    source_file     VARCHAR(1000),
    review_needed   BOOLEAN        NOT NULL,
    review_message  VARCHAR(4000),
    raw_row         TEXT           NOT NULL,
    delivered_at    TIMESTAMP      NOT NULL,
    PRIMARY KEY (extraction_id, row_number)
);
CREATE INDEX ix_erp_row_batch ON erp_invoice_row (batch_id);
