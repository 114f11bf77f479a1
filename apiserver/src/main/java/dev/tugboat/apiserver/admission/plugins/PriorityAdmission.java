package dev.tugboat.apiserver.admission.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.GroupResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.apiserver.admission.AdmissionAttributes;
import dev.tugboat.apiserver.admission.AdmissionPlugin;
import dev.tugboat.apiserver.admission.Operation;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ListOptions;
import dev.tugboat.apiserver.registry.ResourceRegistry;
import dev.tugboat.apiserver.watchcache.CachedObject;

/**
 * Upstream's Priority admission: a new pod's {@code spec.priority} comes from its PriorityClass (or the
 * global default class, else 0), with the class's preemption policy; a client may not set a
 * different integer itself.
 */
public final class PriorityAdmission implements AdmissionPlugin {

    private final ResourceRegistry registry;

    public PriorityAdmission(ResourceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void admit(AdmissionAttributes a, ObjectNode pod, ObjectNode old) {
        if (a.operation() != Operation.CREATE || !a.subresource().isEmpty() || !DefaultTolerationSeconds.isPods(a)) {
            return;
        }
        ObjectNode spec = pod.withObjectProperty("spec");
        GenericStore classes = registry.store("scheduling.k8s.io", "v1", "priorityclasses").orElseThrow();
        String className = spec.path("priorityClassName").asText("");
        long priority = 0;
        String preemption = "PreemptLowerPriority";
        CachedObject pc = null;
        if (!className.isEmpty()) {
            try {
                pc = classes.getCached("", className, "0");
            } catch (ApiException.NotFound e) {
                throw new ApiException.Forbidden(new GroupResource("", "pods"), Meta.name(pod),
                        "no PriorityClass with name " + className + " was found");
            }
        } else {
            for (CachedObject c : classes.list("", o -> o.object().path("globalDefault").asBoolean(false),
                    new ListOptions(0, "", "0", "")).items()) {
                pc = c;
                spec.put("priorityClassName", Meta.name(c.object()));
                break;
            }
        }
        if (pc != null) {
            priority = pc.object().path("value").asLong(0);
            preemption = pc.object().path("preemptionPolicy").asText("PreemptLowerPriority");
        }
        if (spec.has("priority") && spec.path("priority").asLong() != priority) {
            throw new ApiException.Forbidden(new GroupResource("", "pods"), Meta.name(pod),
                    "the integer value of priority (" + spec.path("priority").asLong()
                            + ") must not be provided in pod spec; priority admission controller computed "
                            + priority + " from the given PriorityClass name");
        }
        spec.put("priority", priority);
        if (!spec.has("preemptionPolicy")) {
            spec.put("preemptionPolicy", preemption);
        }
    }
}
