package dev.tugboat.apiserver.admission.plugins;

import dev.tugboat.api.quota.QuotaUsage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.GroupResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.apiserver.admission.AdmissionAttributes;
import dev.tugboat.apiserver.admission.AdmissionPlugin;
import dev.tugboat.apiserver.admission.Operation;
import dev.tugboat.apiserver.auth.UserInfo;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ListOptions;
import dev.tugboat.apiserver.registry.ResourceRegistry;
import dev.tugboat.apiserver.registry.WriteOptions;
import dev.tugboat.apiserver.watchcache.CachedObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Upstream's ResourceQuota admission (plugin/pkg/admission/resourcequota): a namespaced object is
 * created only if, for every ResourceQuota of its namespace that selects it, its usage added to the
 * quota's {@code status.used} stays within {@code spec.hard}; the usage is then charged to
 * {@code status.used} at once, by compare-and-swap on the quota, so two concurrent creations cannot
 * both take the last unit (a lost race re-evaluates). Rejections are 403s with upstream's messages.
 * The resource quota controller later recounts usage from what really exists (a creation that fails
 * after admission is thus given back).
 *
 * <p>Only creations are charged; updates that change usage (a service becoming a LoadBalancer, a claim
 * growing) are not evaluated yet.
 */
public final class ResourceQuotaAdmission implements AdmissionPlugin {

    /** Compare-and-swap rounds before giving up under contention. */
    private static final int ATTEMPTS = 10;
    private static final WriteOptions CHARGE = new WriteOptions(false, "resourcequota-admission", "v1", UserInfo.ADMIN);

    private final ResourceRegistry registry;

    public ResourceQuotaAdmission(ResourceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void validate(AdmissionAttributes a, ObjectNode obj, ObjectNode old) {
        if (a.operation() != Operation.CREATE || !a.subresource().isEmpty() || a.namespace().isEmpty() || obj == null) {
            return;
        }
        String group = a.resource().group();
        String resource = a.resource().resource();
        Map<String, Quantity> usage = QuotaUsage.usage(group, resource, obj);
        if (usage.isEmpty()) {
            return;
        }
        GenericStore quotas = registry.store("", "v1", "resourcequotas").orElseThrow();
        // Quotas charged in an earlier round stay charged; a lost race re-evaluates only the others.
        Set<String> charged = new TreeSet<>();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<Charge> charges = evaluate(a, quotas, group, resource, obj, usage, charged);
            if (a.dryRun() || charge(quotas, a.namespace(), charges, charged)) {
                return;
            }
        }
        throw new ApiException.Conflict(new GroupResource("", "resourcequotas"), "",
                "too many concurrent creations charging the namespace's quotas, please retry");
    }

    /** A quota and the new {@code status.used} it is to get, evaluated at its {@code resourceVersion}. */
    private record Charge(String name, String resourceVersion, Map<String, Quantity> used) {
    }

    private List<Charge> evaluate(AdmissionAttributes a, GenericStore quotas, String group, String resource,
                                  ObjectNode obj, Map<String, Quantity> usage, Set<String> charged) {
        List<Charge> charges = new ArrayList<>();
        GroupResource subject = new GroupResource(group, resource);
        for (CachedObject cached : quotas.list(a.namespace(), o -> true, ListOptions.ALL).items()) {
            JsonNode quota = cached.object();
            Map<String, Quantity> hard = QuotaUsage.resourceList(quota.path("spec").path("hard"));
            Map<String, Quantity> requested = QuotaUsage.mask(usage, hard.keySet());
            if (charged.contains(Meta.name(quota)) || !QuotaUsage.matchesScopes(quota, group, resource, obj)) {
                continue;
            }
            String name = Meta.name(quota);
            if (group.isEmpty() && resource.equals("pods")) {
                String missing = QuotaUsage.missingComputeResources(obj, hard.keySet());
                if (!missing.isEmpty()) {
                    throw new ApiException.Forbidden(subject, a.name(), "failed quota: " + name + ": must specify "
                            + missing);
                }
            }
            if (requested.isEmpty()) {
                continue;
            }
            Map<String, Quantity> used = QuotaUsage.resourceList(quota.path("status").path("used"));
            Set<String> unknown = new TreeSet<>(hard.keySet());
            unknown.removeAll(used.keySet());
            if (!unknown.isEmpty()) {
                throw new ApiException.Forbidden(subject, a.name(), "status unknown for quota: " + name
                        + ", resources: " + String.join(",", unknown));
            }
            Map<String, Quantity> newUsed = QuotaUsage.add(used, requested);
            Set<String> exceeded = QuotaUsage.exceeded(QuotaUsage.mask(newUsed, requested.keySet()), hard);
            if (!exceeded.isEmpty()) {
                throw new ApiException.Forbidden(subject, a.name(), "exceeded quota: " + name
                        + ", requested: " + QuotaUsage.format(QuotaUsage.mask(requested, exceeded))
                        + ", used: " + QuotaUsage.format(QuotaUsage.mask(used, exceeded))
                        + ", limited: " + QuotaUsage.format(QuotaUsage.mask(hard, exceeded)));
            }
            charges.add(new Charge(name, Meta.resourceVersion(quota), newUsed));
        }
        return charges;
    }

    /** Writes the charges; false when a quota changed since it was evaluated (evaluate again). */
    private static boolean charge(GenericStore quotas, String namespace, List<Charge> charges, Set<String> charged) {
        for (Charge c : charges) {
            try {
                quotas.update(namespace, c.name(), "status", current -> {
                    if (current == null) {
                        return null;
                    }
                    Meta.mutableMetadata(current).put("resourceVersion", c.resourceVersion());
                    ObjectNode used = current.withObjectProperty("status").putObject("used");
                    c.used().forEach((k, v) -> used.put(k, v.toString()));
                    return current;
                }, CHARGE);
                charged.add(c.name());
            } catch (ApiException.Conflict e) {
                return false;
            } catch (ApiException.NotFound e) {
                // The quota went away meanwhile: nothing to charge.
                charged.add(c.name());
            }
        }
        return true;
    }
}
