package dev.tugboat.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.errors.Status;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.GroupResource;
import dev.tugboat.api.meta.Conditions;
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
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code pods/eviction} subresource (upstream pkg/registry/core/pod/storage/eviction.go): a pod
 * that is pending, finished or being deleted is deleted at once; otherwise the one PodDisruptionBudget
 * selecting it must allow a disruption, which is recorded in the budget's status (compare-and-swap)
 * before the pod is deleted; when it does not, the answer is 429. An unready pod may go without using
 * up the budget while the budget is healthy (or its unhealthyPodEvictionPolicy is AlwaysAllow).
 */
final class Eviction {

    private static final String VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";
    /** Upstream's MaxDisruptedPodSize: evictions the disruption controller has not caught up with. */
    static final int MAX_DISRUPTED_PODS = 2000;
    private static final int CONFLICT_RETRIES = 20;
    private static final GroupResource PDB = new GroupResource("policy", "poddisruptionbudget");

    private final ResourceRegistry registry;
    private final Clock clock;

    Eviction(ResourceRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Evicts the pod or throws the refusal. Returns the Status to answer with: Success (201), or the 500
     * upstream answers (as a Status, not an error) for a pod under more than one budget.
     */
    Status evict(GenericStore pods, String ns, String name, ObjectNode eviction, UserInfo user, boolean dryRun) {
        String bodyName = Meta.name(eviction);
        if (!bodyName.isEmpty() && !bodyName.equals(name)) {
            throw new ApiException.BadRequest("name in URL does not match name in Eviction object");
        }
        DeleteOptions opts = deleteOptions(eviction.path("deleteOptions"), dryRun);
        CachedObject pod = pods.getCached(ns, name, "");
        for (int attempt = 1; canIgnoreBudget(pod.object()); attempt++) {
            // Already disrupted (or never running): no budget applies. A pending pod is deleted only as
            // read, so that one that started running meanwhile is looked at again (as upstream retries).
            boolean terminal = !"Pending".equals(pod.object().path("status").path("phase").asText(""));
            try {
                addConditionAndDelete(pods, ns, name, terminal ? opts : withResourceVersion(opts, pod), user);
                return Status.success();
            } catch (ApiException.Conflict e) {
                if (opts.preconditionResourceVersion() != null || attempt == CONFLICT_RETRIES) {
                    throw e;
                }
                pod = pods.getCached(ns, name, "");
            }
        }
        List<CachedObject> matching = budgetsOf(ns, pod);
        if (matching.size() > 1) {
            return Status.failure(500, "", "This pod has more than one PodDisruptionBudget, which the eviction "
                    + "subresource does not support.", null);
        }
        Optional<String> budget = matching.isEmpty() ? Optional.empty() : checkBudget(matching.get(0), pod, user, dryRun);
        if (budget.isEmpty()) {
            addConditionAndDelete(pods, ns, name, opts, user);
            return Status.success();
        }
        // An unready pod taken without using up the budget: delete it only as it was judged.
        try {
            addConditionAndDelete(pods, ns, name, withResourceVersion(opts, pod), user);
        } catch (ApiException.Conflict e) {
            if (opts.preconditionResourceVersion() != null) {
                throw e;
            }
            throw stillProcessing(budget.get());
        }
        return Status.success();
    }

    /**
     * Upstream's PDB check of the one budget selecting the pod: an unready pod may go without using up the
     * budget while it is healthy enough (or under {@code unhealthyPodEvictionPolicy: AlwaysAllow}), which
     * returns the budget's name; otherwise one disruption is taken from {@code disruptionsAllowed} and the
     * pod recorded in {@code disruptedPods} (compare-and-swap), or the answer is 429.
     */
    private Optional<String> checkBudget(CachedObject match, CachedObject pod, UserInfo user, boolean dryRun) {
        GenericStore budgets = budgets();
        ObjectNode pdb = match.object();
        String budget = match.name();
        String ns = match.namespace();
        JsonNode status = pdb.path("status");
        if (!Conditions.isTrue(pod.object(), "Ready")) {
            boolean alwaysAllow = "AlwaysAllow".equals(pdb.path("spec").path("unhealthyPodEvictionPolicy").asText(""));
            long desired = status.path("desiredHealthy").asLong(0);
            if (alwaysAllow || (status.path("currentHealthy").asLong(0) >= desired && desired > 0)) {
                return Optional.of(budget);
            }
        }
        WriteOptions opts = new WriteOptions(dryRun, "kube-apiserver", "policy/v1", user);
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            try {
                // The check runs on the budget as stored, so a concurrent eviction is seen.
                budgets.update(ns, budget, "status", current -> {
                    checkAndDecrement(current, budget, pod.name());
                    return current;
                }, opts);
                return Optional.empty();
            } catch (ApiException.Conflict e) {
                // Another eviction or the disruption controller wrote the budget: check again.
            }
        }
        throw new ApiException.Timeout("couldn't update PodDisruptionBudget \"" + budget + "\" due to conflicts");
    }

    /**
     * Upstream's addConditionAndDeletePod: the pod gets the {@code DisruptionTarget} condition (checked
     * against the delete preconditions), then is deleted; a resourceVersion precondition follows the
     * condition's write.
     */
    private void addConditionAndDelete(GenericStore pods, String ns, String name, DeleteOptions opts,
                                       UserInfo user) {
        DeleteOptions delete = opts;
        if (!opts.dryRun()) {
            String now = Timestamps.format(clock.instant());
            GenericStore.UpdateResult r = pods.update(ns, name, "status", current -> {
                if ((opts.preconditionUid() != null && !opts.preconditionUid().equals(Meta.uid(current)))
                        || (opts.preconditionResourceVersion() != null
                        && !opts.preconditionResourceVersion().equals(Meta.resourceVersion(current)))) {
                    throw new ApiException.Conflict(new GroupResource("", "pods"), name,
                            "the object has been modified; please apply your changes to the latest version and "
                                    + "try again");
                }
                setDisruptionTarget(current, now);
                return current;
            }, new WriteOptions(false, "kube-apiserver", "v1", user));
            if (opts.preconditionResourceVersion() != null) {
                delete = new DeleteOptions(opts.gracePeriodSeconds(), opts.preconditionUid(),
                        Meta.resourceVersion(r.object()), opts.propagationPolicy(), false);
            }
        }
        pods.delete(ns, name, delete, user);
    }

    /** Upstream's UpdatePodCondition: the transition time moves only when the status does. */
    private static void setDisruptionTarget(ObjectNode pod, String now) {
        ArrayNode conditions = pod.withObjectProperty("status").withArrayProperty("conditions");
        ObjectNode c = null;
        for (JsonNode existing : conditions) {
            if ("DisruptionTarget".equals(existing.path("type").asText())) {
                c = (ObjectNode) existing;
            }
        }
        if (c == null) {
            c = conditions.addObject().put("type", "DisruptionTarget");
        }
        if (!"True".equals(c.path("status").asText())) {
            c.put("lastTransitionTime", now);
        }
        c.put("status", "True").put("reason", "EvictionByEvictionAPI").put("message", "Eviction API: evicting");
    }

    private GenericStore budgets() {
        return registry.store("policy", "v1", "poddisruptionbudgets").orElseThrow();
    }

    private List<CachedObject> budgetsOf(String ns, CachedObject pod) {
        return budgets().list(ns, b -> selects(b.object(), pod), ListOptions.ALL).items();
    }

    /** Upstream's checkAndDecrement, on the budget as stored (so a concurrent eviction is seen). */
    private void checkAndDecrement(ObjectNode pdb, String budget, String podName) {
        JsonNode status = pdb.path("status");
        if (status.path("observedGeneration").asLong(0) < Meta.generation(pdb)) {
            throw stillProcessing(budget);
        }
        long allowed = status.path("disruptionsAllowed").asLong(0);
        if (allowed < 0) {
            throw new ApiException.Forbidden(PDB, budget, "pdb disruptions allowed is negative");
        }
        if (status.path("disruptedPods").size() > MAX_DISRUPTED_PODS) {
            throw new ApiException.Forbidden(PDB, budget,
                    "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
        }
        if (allowed == 0) {
            throw new ApiException.TooManyRequests(VIOLATION, 0, List.of(new Status.Cause("DisruptionBudget",
                    "The disruption budget " + budget + " needs " + status.path("desiredHealthy").asLong(0)
                            + " healthy pods and has " + status.path("currentHealthy").asLong(0) + " currently", "")));
        }
        ObjectNode st = pdb.withObjectProperty("status");
        st.put("disruptionsAllowed", allowed - 1);
        if (allowed - 1 == 0) {
            insufficientPods(st);
        }
        st.withObjectProperty("disruptedPods").put(podName, Timestamps.format(clock.instant()));
    }

    /** Upstream's UpdateDisruptionAllowedCondition for a budget that allows no more disruptions. */
    private void insufficientPods(ObjectNode status) {
        ArrayNode conditions = status.withArrayProperty("conditions");
        ObjectNode condition = null;
        for (JsonNode c : conditions) {
            if ("DisruptionAllowed".equals(c.path("type").asText())) {
                condition = (ObjectNode) c;
            }
        }
        if (condition == null) {
            condition = conditions.addObject().put("type", "DisruptionAllowed").put("message", "");
        }
        if (!"False".equals(condition.path("status").asText())) {
            condition.put("lastTransitionTime", Timestamps.format(clock.instant()));
        }
        condition.put("status", "False").put("reason", "InsufficientPods")
                .put("observedGeneration", status.path("observedGeneration").asLong(0));
    }

    /** Upstream's canIgnorePDB: finished, pending or already being deleted. */
    private static boolean canIgnoreBudget(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Pending") || Meta.isDeleting(pod);
    }

    private static DeleteOptions withResourceVersion(DeleteOptions o, CachedObject pod) {
        if (o.preconditionResourceVersion() != null) {
            return o;
        }
        return new DeleteOptions(o.gracePeriodSeconds(), o.preconditionUid(), Meta.resourceVersion(pod.object()),
                o.propagationPolicy(), o.dryRun());
    }

    private static ApiException stillProcessing(String budget) {
        return new ApiException.TooManyRequests(VIOLATION, 10, List.of(new Status.Cause("DisruptionBudget",
                "The disruption budget " + budget + " is still being processed by the server.", "")));
    }

    private static boolean selects(JsonNode budget, CachedObject pod) {
        JsonNode selector = budget.path("spec").path("selector");
        // A budget with no selector matches nothing; an empty one matches every pod (policy/v1).
        return !selector.isMissingNode() && !selector.isNull()
                && LabelSelector.fromJson(selector).matches(pod.labels());
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
