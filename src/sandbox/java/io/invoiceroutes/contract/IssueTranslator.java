package io.invoiceroutes.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Turns networknt's validation messages into {@link ContractIssue}s an API user can read, and keeps
 * {@code oneOf}/{@code anyOf} failures short: one line saying which shapes are allowed, plus only the
 * nested problems of the shape the value was evidently meant to be.
 */
final class IssueTranslator {
    private static final Set<String> COMBINATORS = Set.of("oneOf", "anyOf");
    /** Nested failures of this kind at the combinator's own location only repeat "it is not that shape". */
    private static final Set<String> SHAPE_MISMATCH = Set.of("type", "const");

    private final JsonNode document;

    IssueTranslator(JsonNode document) {
        this.document = document;
    }

    /**
     * @param prefix location of the validated value (empty for a body, the parameter name for a parameter)
     * @param label  how to name the value itself when the problem is at its root
     */
    List<ContractIssue> translate(Collection<ValidationMessage> messages, List<Object> prefix, String label, JsonNode instance) {
        List<ValidationMessage> all = List.copyOf(messages);
        List<ContractIssue> issues = new ArrayList<>();
        for (ValidationMessage message : all) {
            if (redundant(message, all, instance)) {
                continue;
            }
            List<Object> path = new ArrayList<>(prefix);
            path.addAll(segments(message.getInstanceLocation()));
            String text;
            switch (message.getType()) {
                case "required" -> {
                    path.add(message.getProperty());
                    text = "is required";
                }
                case "additionalProperties" -> {
                    path.add(message.getProperty());
                    text = "is not allowed (unknown property)";
                }
                case "oneOf", "anyOf" -> {
                    Discriminated choice = discriminated(message, instance);
                    if (choice != null && choice.branch < 0) {
                        path.add(choice.property);
                        text = "must be one of " + choice.allowed;
                    } else if (choice != null) {
                        text = "does not match " + choice.shape + ", the shape for " + choice.property + " '" + choice.value + "'";
                    } else {
                        text = "must be " + describeAlternatives(schemaNode(message));
                    }
                }
                default -> text = message.getError();
            }
            String where = path.isEmpty() ? label : ContractIssue.render(path);
            issues.add(new ContractIssue(where + ": " + text, path));
        }
        return issues;
    }

    /** A nested message of a failed combinator that adds nothing: a wrong shape at the same spot, or another shape than the discriminator chose. */
    private boolean redundant(ValidationMessage message, List<ValidationMessage> all, JsonNode instance) {
        for (ValidationMessage outer : all) {
            if (outer == message || !COMBINATORS.contains(outer.getType())
                    || !message.getEvaluationPath().startsWith(outer.getEvaluationPath())
                    || message.getEvaluationPath().getNameCount() <= outer.getEvaluationPath().getNameCount()) {
                continue;
            }
            Discriminated choice = discriminated(outer, instance);
            if (choice != null) {
                String branch = String.valueOf(message.getEvaluationPath().getElement(outer.getEvaluationPath().getNameCount()));
                if (choice.branch < 0 || !branch.equals(Integer.toString(choice.branch))) {
                    return true;
                }
            }
            if (message.getInstanceLocation().equals(outer.getInstanceLocation()) && SHAPE_MISMATCH.contains(message.getType())) {
                return true;
            }
        }
        return false;
    }

    private record Discriminated(String property, String value, int branch, String shape, String allowed) {
    }

    /** For a oneOf with an OpenAPI discriminator: which branch the value's discriminator property selects (-1: none). */
    private Discriminated discriminated(ValidationMessage combinator, JsonNode instance) {
        JsonNode branches = schemaNode(combinator);
        JsonNode owner = document.at(parentPointer(combinator));
        JsonNode discriminator = owner.path("discriminator");
        if (!discriminator.has("propertyName")) {
            return null;
        }
        String property = discriminator.get("propertyName").asText();
        JsonNode value = at(instance, combinator.getInstanceLocation()).path(property);
        JsonNode mapping = discriminator.path("mapping");
        StringJoiner allowed = new StringJoiner(", ");
        mapping.fieldNames().forEachRemaining(allowed::add);
        String target = value.isTextual() ? mapping.path(value.asText()).asText(null) : null;
        for (int i = 0; target != null && i < branches.size(); i++) {
            if (target.equals(branches.get(i).path("$ref").asText())) {
                return new Discriminated(property, value.asText(), i, componentName(target), allowed.toString());
            }
        }
        return new Discriminated(property, value.asText(), -1, null, allowed.toString());
    }

    /** "a string of 1..5000 characters or a PromptObject" from the alternatives' schemas. */
    private String describeAlternatives(JsonNode branches) {
        List<String> parts = new ArrayList<>();
        for (JsonNode branch : branches) {
            parts.add(describe(branch));
        }
        if (parts.size() <= 1) {
            return parts.isEmpty() ? "valid" : parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " or " + parts.get(parts.size() - 1);
    }

    private String describe(JsonNode schema) {
        if (schema.has("$ref")) {
            String name = componentName(schema.get("$ref").asText());
            return (name.matches("(?i)^[aeiou].*") ? "an " : "a ") + name;
        }
        if (schema.has("const")) {
            return schema.get("const").isTextual() && schema.get("const").asText().isEmpty()
                    ? "an empty string" : "exactly " + schema.get("const");
        }
        if (schema.has("enum")) {
            return "one of " + schema.get("enum");
        }
        String type = schema.path("type").isArray() ? schema.get("type").toString() : schema.path("type").asText("any value");
        String noun = switch (type) {
            case "null" -> "null";
            case "object", "integer", "array" -> "an " + type;
            case "any value" -> "a value of another shape";
            default -> "a " + type;
        };
        if (schema.has("minLength") || schema.has("maxLength")) {
            noun += " of " + schema.path("minLength").asInt(0) + ".." + schema.path("maxLength").asText("any") + " characters";
        }
        if (schema.has("minimum") || schema.has("maximum")) {
            noun += " from " + schema.path("minimum").asText("-inf") + " to " + schema.path("maximum").asText("inf");
        }
        return noun;
    }

    private JsonNode schemaNode(ValidationMessage message) {
        return document.at(message.getSchemaLocation().getFragment().toString());
    }

    private static String parentPointer(ValidationMessage message) {
        String pointer = message.getSchemaLocation().getFragment().toString();
        return pointer.substring(0, pointer.lastIndexOf('/'));
    }

    private static String componentName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static JsonNode at(JsonNode root, JsonNodePath location) {
        JsonNode node = root == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : root;
        for (Object segment : segments(location)) {
            node = segment instanceof Integer index ? node.path(index) : node.path(segment.toString());
        }
        return node;
    }

    static List<Object> segments(JsonNodePath location) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < location.getNameCount(); i++) {
            out.add(location.getElement(i));
        }
        return out;
    }
}
