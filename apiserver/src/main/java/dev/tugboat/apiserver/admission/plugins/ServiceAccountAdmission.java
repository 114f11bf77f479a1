package dev.tugboat.apiserver.admission.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.GroupResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.apiserver.admission.AdmissionAttributes;
import dev.tugboat.apiserver.admission.AdmissionPlugin;
import dev.tugboat.apiserver.admission.Operation;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ResourceRegistry;
import dev.tugboat.apiserver.watchcache.CachedObject;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Upstream's ServiceAccount admission for new pods: the service account defaults to {@code default},
 * and unless automounting is turned off (by the pod or its ServiceAccount) a projected
 * {@code kube-api-access-xxxxx} volume with a token, the cluster CA and the namespace is added and
 * mounted read-only at {@code /var/run/secrets/kubernetes.io/serviceaccount} in every container.
 *
 * <p>A pod naming a service account that does not exist is rejected (403), as upstream: the cache is
 * asked first, then the store; {@code default}, which the service-account controller creates with
 * each namespace, is looked for a few more times before giving up. {@link MissingAccounts#ADMIT}
 * turns the check off (for servers run without the controller, as upstream's integration tests
 * disable this plugin).
 */
public final class ServiceAccountAdmission implements AdmissionPlugin {

    static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    /** What happens to a pod whose service account does not exist. */
    public enum MissingAccounts {
        /** Rejected with 403, as upstream. */
        REJECT,
        /** Admitted (the token is mounted as if the account allowed it). */
        ADMIT
    }

    /** Lookups of {@code default} before giving up (upstream: 10, 100-200 ms apart). */
    private static final int DEFAULT_ACCOUNT_ATTEMPTS = 10;

    private final ResourceRegistry registry;
    private final MissingAccounts missingAccounts;

    public ServiceAccountAdmission(ResourceRegistry registry, MissingAccounts missingAccounts) {
        this.registry = registry;
        this.missingAccounts = missingAccounts;
    }

    @Override
    public void admit(AdmissionAttributes a, ObjectNode pod, ObjectNode old) {
        if (a.operation() != Operation.CREATE || !a.subresource().isEmpty() || !DefaultTolerationSeconds.isPods(a)) {
            return;
        }
        ObjectNode spec = pod.withObjectProperty("spec");
        // Mirror pods (static pods) are left alone, as upstream.
        if (pod.path("metadata").path("annotations").has("kubernetes.io/config.mirror")) {
            return;
        }
        String sa = spec.path("serviceAccountName").asText("");
        if (sa.isEmpty()) {
            sa = spec.path("serviceAccount").asText("default");
            if (sa.isEmpty()) {
                sa = "default";
            }
        }
        spec.put("serviceAccountName", sa);
        spec.put("serviceAccount", sa);
        Optional<JsonNode> account = lookUp(a.namespace(), sa);
        if (account.isEmpty() && missingAccounts == MissingAccounts.REJECT) {
            throw new ApiException.Forbidden(new GroupResource("", "pods"), Meta.name(pod),
                    "error looking up service account " + a.namespace() + "/" + sa + ": serviceaccount \""
                            + sa + "\" not found");
        }
        if (!automount(spec, account) || hasTokenMount(spec)) {
            return;
        }
        String volumeName = "kube-api-access-" + suffix();
        spec.withArrayProperty("volumes").add(tokenVolume(volumeName));
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : spec.path(list)) {
                ObjectNode mount = ((ObjectNode) c).withArrayProperty("volumeMounts").addObject();
                mount.put("name", volumeName);
                mount.put("readOnly", true);
                mount.put("mountPath", MOUNT_PATH);
            }
        }
    }

    /** The account from the watch cache, else from a consistent read, retried for {@code default}. */
    private Optional<JsonNode> lookUp(String namespace, String name) {
        GenericStore accounts = registry.store("", "v1", "serviceaccounts").orElseThrow();
        Optional<CachedObject> cached = accounts.peekCached(namespace, name);
        if (cached.isPresent() || missingAccounts == MissingAccounts.ADMIT) {
            return cached.map(CachedObject::object);
        }
        int attempts = name.equals("default") ? DEFAULT_ACCOUNT_ATTEMPTS : 1;
        long pauseMillis = 100 + ThreadLocalRandom.current().nextLong(100);
        for (int i = 0; i < attempts; i++) {
            if (i > 0) {
                pause(pauseMillis);
            }
            try {
                return Optional.of(accounts.getCached(namespace, name, "").object());
            } catch (ApiException.NotFound e) {
                // Not yet: the controller may be about to create it.
            }
        }
        return Optional.empty();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException.Internal("interrupted while looking up a service account");
        }
    }

    private static boolean automount(JsonNode spec, Optional<JsonNode> account) {
        if (spec.has("automountServiceAccountToken")) {
            return spec.path("automountServiceAccountToken").asBoolean(true);
        }
        return account.map(sa -> sa.path("automountServiceAccountToken").asBoolean(true)).orElse(true);
    }

    private static boolean hasTokenMount(JsonNode spec) {
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : spec.path(list)) {
                for (JsonNode m : c.path("volumeMounts")) {
                    if (m.path("mountPath").asText("").equals(MOUNT_PATH)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static ObjectNode tokenVolume(String name) {
        ObjectNode v = dev.tugboat.api.meta.Json.object();
        v.put("name", name);
        ObjectNode projected = v.putObject("projected");
        projected.put("defaultMode", 420);
        ArrayNode sources = projected.putArray("sources");
        ObjectNode token = sources.addObject().putObject("serviceAccountToken");
        token.put("expirationSeconds", 3607);
        token.put("path", "token");
        ObjectNode ca = sources.addObject().putObject("configMap");
        ca.put("name", "kube-root-ca.crt");
        ca.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
        ObjectNode downward = sources.addObject().putObject("downwardAPI");
        ObjectNode item = downward.putArray("items").addObject();
        item.putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
        item.put("path", "namespace");
        return v;
    }

    private String suffix() {
        StringBuilder sb = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            sb.append(ALPHABET.charAt(ThreadLocalRandom.current().nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
