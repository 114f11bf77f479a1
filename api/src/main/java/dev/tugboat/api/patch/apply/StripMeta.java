package dev.tugboat.api.patch.apply;

import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.fieldpath.Path;

/**
 * Fields no manager ever owns: {@code apiVersion}, {@code kind}, {@code metadata} itself and the
 * system-set metadata fields. Labels, annotations, finalizers, ownerReferences and generateName
 * stay tracked. Only these exact paths are removed, not what lies below them.
 */
final class StripMeta {

    static final FieldSet PATHS = FieldSet.of(
            Path.fields("apiVersion"),
            Path.fields("kind"),
            Path.fields("metadata"),
            Path.fields("metadata", "name"),
            Path.fields("metadata", "namespace"),
            Path.fields("metadata", "creationTimestamp"),
            Path.fields("metadata", "selfLink"),
            Path.fields("metadata", "uid"),
            Path.fields("metadata", "clusterName"),
            Path.fields("metadata", "generation"),
            Path.fields("metadata", "managedFields"),
            Path.fields("metadata", "resourceVersion"));

    private StripMeta() {
    }

    static FieldSet strip(FieldSet fields) {
        return fields.difference(PATHS);
    }
}
