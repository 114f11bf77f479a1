package dev.tugboat.api.patch.apply;

import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.fieldpath.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reset fields of common endpoints: paths a strategy overwrites on write, so nobody owns them
 * there and they never conflict (upstream's {@code GetResetFields}).
 */
public final class ResetFields {

    /** Endpoints without reset fields. */
    public static final FieldSet NONE = FieldSet.empty();
    /** The main resource of a kind with a status subresource. */
    public static final FieldSet STATUS = FieldSet.of(Path.fields("status"));
    /** The {@code /status} subresource of custom resources and most built-in kinds. */
    public static final FieldSet SPEC = FieldSet.of(Path.fields("spec"));
    /** The {@code /status} subresource of Deployments (and other apps kinds). */
    public static final FieldSet SPEC_AND_LABELS = FieldSet.of(Path.fields("spec"), Path.fields("metadata", "labels"));

    private ResetFields() {
    }

    /** Reset fields from dotted field paths, e.g. {@code of("spec", "metadata.labels")}. */
    public static FieldSet of(String... dottedPaths) {
        List<Path> paths = new ArrayList<>();
        for (String p : dottedPaths) {
            paths.add(Path.fields(p.split("\\.")));
        }
        return FieldSet.of(paths);
    }
}
