package dev.tugboat.apiserver.admission.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.apiserver.admission.AdmissionAttributes;
import dev.tugboat.apiserver.admission.AdmissionPlugin;
import dev.tugboat.apiserver.admission.Operation;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ListOptions;
import dev.tugboat.apiserver.registry.ResourceRegistry;
import dev.tugboat.apiserver.watchcache.CachedObject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's DefaultStorageClass admission (plugin/pkg/admission/storage/storageclass/setdefault): a new
 * PersistentVolumeClaim that names no class ({@code spec.storageClassName} absent and no beta
 * {@code volume.beta.kubernetes.io/storage-class} annotation) gets the default StorageClass's name. A
 * claim with an explicit {@code ""} asks for no class and is left alone. With several default classes
 * the newest wins (ties: the smaller name); with none the claim is left without a class.
 */
public final class DefaultStorageClass implements AdmissionPlugin {

    /** The annotation that marks a default class, and its beta predecessor. */
    public static final String IS_DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
    static final String BETA_IS_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class";
    static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

    private final ResourceRegistry registry;

    public DefaultStorageClass(ResourceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void admit(AdmissionAttributes a, ObjectNode claim, ObjectNode old) {
        if (a.operation() != Operation.CREATE || !a.subresource().isEmpty() || !isClaims(a)) {
            return;
        }
        JsonNode spec = claim.path("spec");
        if (spec.has("storageClassName") && !spec.get("storageClassName").isNull()
                || Meta.annotations(claim).containsKey(BETA_STORAGE_CLASS)) {
            return;
        }
        GenericStore classes = registry.store("storage.k8s.io", "v1", "storageclasses").orElse(null);
        if (classes == null) {
            return;
        }
        List<ObjectNode> all = classes.list("", c -> true, ListOptions.ALL).items().stream()
                .map(CachedObject::object).toList();
        defaultClass(all).ifPresent(name -> claim.withObjectProperty("spec").put("storageClassName", name));
    }

    /** The name of the default class among {@code classes}: the newest one marked default, ties by name. */
    static Optional<String> defaultClass(List<? extends JsonNode> classes) {
        return classes.stream()
                .filter(DefaultStorageClass::isDefault)
                .min(Comparator.comparing((JsonNode c) -> created(c), Comparator.reverseOrder())
                        .thenComparing(Meta::name))
                .map(Meta::name);
    }

    /** True for a class annotated as the default (the GA or the beta annotation set to "true"). */
    static boolean isDefault(JsonNode storageClass) {
        var annotations = Meta.annotations(storageClass);
        return "true".equals(annotations.get(IS_DEFAULT_CLASS)) || "true".equals(annotations.get(BETA_IS_DEFAULT_CLASS));
    }

    private static Instant created(JsonNode obj) {
        return Timestamps.parse(Meta.creationTimestamp(obj)).orElse(Instant.EPOCH);
    }

    static boolean isClaims(AdmissionAttributes a) {
        return a.resource().group().isEmpty() && a.resource().resource().equals("persistentvolumeclaims");
    }
}
