package dev.tugboat.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.errors.Status;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.apiserver.auth.UserInfo;
import dev.tugboat.apiserver.registry.DeleteOptions;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ListOptions;
import dev.tugboat.apiserver.registry.ResourceRegistry;
import dev.tugboat.apiserver.registry.WriteOptions;
import dev.tugboat.apiserver.watchcache.CachedObject;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;

/**
 * The {@code pods/eviction} subresource (upstream pkg/registry/core/pod/storage/eviction.go): a pod
 * that is pending or finished is deleted at once; otherwise the one PodDisruptionBudget selecting it
 * must allow a disruption, which is recorded in the budget's status (compare-and-swap) before the pod
 * is deleted; when it does not, the answer is 429.
 */
final class Eviction {

    private static final String VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

    private final ResourceRegistry registry;
    private final Clock clock;

    Eviction(ResourceRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    void evict(GenericStore pods, String ns, String name, ObjectNode eviction, UserInfo user, boolean dryRun) {
        String bodyName = Meta.name(eviction);
        if (!bodyName.isEmpty() && !bodyName.equals(name)) {
            throw new ApiException.BadRequest("name in URL does not match name in Eviction object");
        }
        DeleteOptions opts = deleteOptions(eviction.path("deleteOptions"), dryRun);
        CachedObject pod = pods.getCached(ns, name, "");
        String phase = pod.object().path("status").path("phase").asText("");
        boolean ignoreBudget = phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Pending")
                || Meta.isDeleting(pod.object());
        if (!ignoreBudget) {
            checkBudget(ns, pod, user, dryRun);
        }
        pods.delete(ns, name, opts, user);
    }

    private void checkBudget(String ns, CachedObject pod, UserInfo user, boolean dryRun) {
        GenericStore budgets = registry.store("policy", "v1", "poddisruptionbudgets").orElseThrow();
        List<CachedObject> matching = budgets.list(ns, b -> selects(b.object(), pod), ListOptions.ALL).items();
        if (matching.isEmpty()) {
            return;
        }
        if (matching.size() > 1) {
            throw new ApiException.Internal("This pod has more than one PodDisruptionBudget, which the eviction "
                    + "subresource does not support.");
        }
        String budget = matching.get(0).name();
        WriteOptions opts = new WriteOptions(dryRun, "kube-apiserver", "policy/v1", user);
        budgets.update(ns, budget, "status", current -> {
            if (current == null) {
                return null;
            }
            JsonNode status = current.path("status");
            if (status.path("observedGeneration").asLong(0) < Meta.generation(current)) {
                throw tooMany(budget + " is still being processed by the server");
            }
            long allowed = status.path("disruptionsAllowed").asLong(0);
            if (allowed <= 0) {
                throw tooMany("The disruption budget " + budget + " needs " + status.path("desiredHealthy").asLong(0)
                        + " healthy pods and has " + status.path("currentHealthy").asLong(0) + " currently");
            }
            ObjectNode st = current.withObjectProperty("status");
            st.put("disruptionsAllowed", allowed - 1);
            st.withObjectProperty("disruptedPods").put(pod.name(), Timestamps.format(clock.instant()));
            return current;
        }, opts);
    }

    private static boolean selects(JsonNode budget, CachedObject pod) {
        JsonNode selector = budget.path("spec").path("selector");
        // A budget with no selector matches nothing; an empty one matches every pod (policy/v1).
        return !selector.isMissingNode() && !selector.isNull()
                && LabelSelector.fromJson(selector).matches(pod.labels());
    }

    private static ApiException tooMany(String cause) {
        return new ApiException.TooManyRequests(VIOLATION, 0, List.of(new Status.Cause("DisruptionBudget", cause, "")));
    }

    private static DeleteOptions deleteOptions(JsonNode o, boolean dryRun) {
        OptionalLong grace = o.hasNonNull("gracePeriodSeconds") ? OptionalLong.of(o.get("gracePeriodSeconds").asLong())
                : OptionalLong.empty();
        JsonNode pre = o.path("preconditions");
        return new DeleteOptions(grace, pre.hasNonNull("uid") ? pre.get("uid").asText() : null,
                pre.hasNonNull("resourceVersion") ? pre.get("resourceVersion").asText() : null,
                o.hasNonNull("propagationPolicy") ? o.get("propagationPolicy").asText() : null, dryRun);
    }
}
