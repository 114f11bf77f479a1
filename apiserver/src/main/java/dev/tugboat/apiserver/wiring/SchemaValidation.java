package dev.tugboat.apiserver.wiring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.schema.DuplicateFields;
import dev.tugboat.api.schema.FieldProblem;
import dev.tugboat.api.schema.FieldValidator;
import dev.tugboat.api.schema.Schema;
import dev.tugboat.api.schema.CompositeSchemas;
import dev.tugboat.apiserver.endpoints.RequestOptions;
import dev.tugboat.apiserver.endpoints.SchemaCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Server-side field validation against the kinds' schemas ({@code fieldValidation}): wrong types are
 * always a 400; unknown and duplicate fields are a 400 under Strict, warnings under Warn and dropped
 * under Ignore, with upstream's wording.
 */
public final class SchemaValidation implements SchemaCheck {

    private final Supplier<CompositeSchemas> schemas;

    /** @param schemas the current schemas (built-ins plus established CRDs) */
    public SchemaValidation(Supplier<CompositeSchemas> schemas) {
        this.schemas = schemas;
    }

    @Override
    public List<String> check(GroupVersionKind kind, ObjectNode obj, RawBody raw, RequestOptions.FieldValidation mode) {
        CompositeSchemas current = schemas.get();
        Optional<Schema> root = current.forKind(kind);
        if (root.isEmpty()) {
            return List.of();
        }
        // Custom resources decode as unstructured JSON: a wrong type is a 422 from schema validation.
        boolean custom = current.customResource(kind).isPresent();
        String prefix = kind.kind() + " in version \"" + kind.version() + "\" cannot be handled as a "
                + kind.kind() + ": ";
        List<FieldProblem> problems = FieldValidator.check(obj, root.get());
        List<FieldProblem> reported = new ArrayList<>();
        for (FieldProblem p : problems) {
            if (p.type() != FieldProblem.Type.WRONG_TYPE) {
                reported.add(p);
            } else if (!custom) {
                throw new ApiException.BadRequest(prefix + p.message());
            }
        }
        if (raw != null && mode != RequestOptions.FieldValidation.IGNORE) {
            try {
                reported.addAll(raw.yaml() ? DuplicateFields.inYaml(raw.bytes())
                        : DuplicateFields.inJson(asDecoded(raw.bytes())));
            } catch (IOException e) {
                throw new ApiException.BadRequest(prefix + e.getMessage());
            }
        }
        if (reported.isEmpty()) {
            return List.of();
        }
        return switch (mode) {
            case STRICT -> throw new ApiException.BadRequest(prefix + FieldProblem.strictDecodingError(reported));
            case WARN -> {
                FieldValidator.prune(obj, root.get());
                yield reported.stream().map(FieldProblem::message).toList();
            }
            case IGNORE -> {
                FieldValidator.prune(obj, root.get());
                yield List.of();
            }
        };
    }

    /** The JSON bytes as the body decoder read them: UTF-8, malformed sequences replaced by U+FFFD. */
    private static byte[] asDecoded(byte[] json) {
        return new String(json, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }
}
