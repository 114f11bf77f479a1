package dev.tugboat.apiserver.admission.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.apiserver.admission.AdmissionAttributes;
import dev.tugboat.apiserver.admission.AdmissionPlugin;
import dev.tugboat.apiserver.admission.Operation;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ResourceRegistry;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Upstream's ServiceAccount admission for new pods: the service account defaults to {@code default},
 * and unless automounting is turned off (by the pod or its ServiceAccount) a projected
 * {@code kube-api-access-xxxxx} volume with a token, the cluster CA and the namespace is added and
 * mounted read-only at {@code /var/run/secrets/kubernetes.io/serviceaccount} in every container.
 *
 * <p>Upstream also rejects pods whose service account does not exist; that check waits for the
 * service-account controller (which creates {@code default} in every namespace), so for now a missing
 * account is treated as automounting.
 */
public final class ServiceAccountAdmission implements AdmissionPlugin {

    static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final ResourceRegistry registry;

    public ServiceAccountAdmission(ResourceRegistry registry) {
        this.registry = registry;
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
        if (!automount(spec, a.namespace(), sa) || hasTokenMount(spec)) {
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

    private boolean automount(JsonNode spec, String namespace, String sa) {
        if (spec.has("automountServiceAccountToken")) {
            return spec.path("automountServiceAccountToken").asBoolean(true);
        }
        GenericStore accounts = registry.store("", "v1", "serviceaccounts").orElseThrow();
        return accounts.peekCached(namespace, sa)
                .map(account -> account.object().path("automountServiceAccountToken").asBoolean(true))
                .orElse(true);
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
