package dev.tugboat.apiserver.admission.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.GroupResource;
import dev.tugboat.apiserver.admission.AdmissionAttributes;
import dev.tugboat.apiserver.admission.AdmissionPlugin;
import dev.tugboat.apiserver.admission.Operation;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ResourceRegistry;
import dev.tugboat.apiserver.watchcache.CachedObject;
import java.util.Set;

/**
 * Upstream's NamespaceLifecycle: nothing is created in a namespace that does not exist or is being
 * terminated, and the system namespaces cannot be deleted.
 */
public final class NamespaceLifecycle implements AdmissionPlugin {

    private static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

    private final ResourceRegistry registry;

    public NamespaceLifecycle(ResourceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void validate(AdmissionAttributes a, ObjectNode obj, ObjectNode old) {
        GroupResource gr = a.resource().groupResource();
        if (a.operation() == Operation.DELETE && gr.equals(new GroupResource("", "namespaces"))
                && IMMORTAL.contains(a.name())) {
            throw new ApiException.Forbidden(gr, a.name(), "this namespace may not be deleted");
        }
        if (a.operation() != Operation.CREATE || a.namespace().isEmpty()) {
            return;
        }
        GenericStore namespaces = registry.store("", "v1", "namespaces").orElseThrow();
        CachedObject ns = lookup(namespaces, a.namespace());
        if (ns == null) {
            throw new ApiException.NotFound(new GroupResource("", "namespaces"), a.namespace());
        }
        if (ns.object().path("status").path("phase").asText("").equals("Terminating")) {
            throw new ApiException.Forbidden(gr, a.name(), "unable to create new content in namespace "
                    + a.namespace() + " because it is being terminated");
        }
    }

    /** From the cache first; a miss is confirmed with a fresh read (the namespace may be brand new). */
    private static CachedObject lookup(GenericStore namespaces, String name) {
        try {
            return namespaces.getCached("", name, "0");
        } catch (ApiException.NotFound e) {
            try {
                return namespaces.getCached("", name, "");
            } catch (ApiException.NotFound gone) {
                return null;
            }
        }
    }
}
