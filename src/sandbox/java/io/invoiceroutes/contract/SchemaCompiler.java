package io.invoiceroutes.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.oas.OpenApi31;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles schemas that live inside the OpenAPI document with networknt, addressed by JSON pointer,
 * so that {@code $ref: "#/components/schemas/..."} resolves against the whole document.
 */
final class SchemaCompiler {
    /** A made-up IRI under which the in-memory document is registered; nothing is fetched from it. */
    static final String DOCUMENT_IRI = "https://contract.invoiceroutes.local/openapi.json";

    /** Top-level OpenAPI members: not schema keywords, named here so networknt does not warn about them. */
    private static final List<String> OPENAPI_ROOT_MEMBERS = List.of(
            "openapi", "info", "servers", "security", "tags", "paths", "components", "externalDocs",
            "webhooks", "jsonSchemaDialect");

    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private final Map<String, JsonSchema> cache = new HashMap<>();

    SchemaCompiler(JsonNode document) {
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(document);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise the contract", e);
        }
        JsonMetaSchema dialect = JsonMetaSchema.builder(OpenApi31.getInstance())
                .keywords(OPENAPI_ROOT_MEMBERS.stream().map(NonValidationKeyword::new).toList())
                .build();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(dialect)
                .defaultMetaSchemaIri(dialect.getIri())
                .schemaLoaders(loaders -> loaders.schemas(Map.of(DOCUMENT_IRI, json))));
        this.config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)       // 2020-12 treats format as annotation unless told
                .discriminatorKeywordEnabled(true)   // oneOf + discriminator: report only the chosen shape
                .nullableKeywordEnabled(true)        // the one OpenAPI 3.0 style `nullable: true` in the contract
                .typeLoose(false)
                .pathType(PathType.JSON_POINTER)
                .build();
    }

    /** The schema at this JSON pointer of the document (e.g. {@code /components/schemas/ClientId}), loaded once. */
    synchronized JsonSchema compile(String pointer) {
        return cache.computeIfAbsent(pointer, p -> {
            JsonSchema schema = factory.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + p), config);
            schema.initializeValidators(); // resolve every $ref now: fails fast and is thread-safe afterwards
            return schema;
        });
    }
}
