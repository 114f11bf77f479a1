package dev.tugboat.api.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.quantity.Quantity;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class QuotaUsageTest {

    static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Map<String, String> text(Map<String, Quantity> m) {
        Map<String, String> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }

    @Test
    void aPodChargesItsContainersSumsOrItsLargestInitContainer() {
        JsonNode pod = json("""
                {"spec":{"containers":[
                  {"name":"a","resources":{"requests":{"cpu":"250m","memory":"64Mi"},"limits":{"cpu":"500m"}}},
                  {"name":"b","resources":{"requests":{"cpu":"250m","memory":"64Mi"}}}],
                 "initContainers":[{"name":"i","resources":{"requests":{"cpu":"2","memory":"1Mi"}}}]}}""");
        assertThat(text(QuotaUsage.usage("", "pods", pod))).isEqualTo(Map.of("pods", "1", "count/pods", "1",
                "requests.cpu", "2", "cpu", "2", "requests.memory", "128Mi", "memory", "128Mi", "limits.cpu", "500m"));
    }

    @Test
    void finishedPodsAreNotCharged() {
        assertThat(QuotaUsage.usage("", "pods", json("{\"status\":{\"phase\":\"Succeeded\"}}"))).isEmpty();
    }

    @Test
    void servicesCountNodePortsAndLoadBalancers() {
        JsonNode lb = json("{\"spec\":{\"type\":\"LoadBalancer\",\"ports\":[{\"port\":80},{\"port\":443}]}}");
        assertThat(text(QuotaUsage.usage("", "services", lb))).isEqualTo(Map.of("services", "1", "count/services", "1",
                "services.nodeports", "2", "services.loadbalancers", "1"));
    }

    @Test
    void claimsChargeStorageAlsoPerStorageClass() {
        JsonNode pvc = json("{\"spec\":{\"storageClassName\":\"fast\",\"resources\":{\"requests\":{\"storage\":\"5Gi\"}}}}");
        assertThat(text(QuotaUsage.usage("", "persistentvolumeclaims", pvc))).containsEntry("requests.storage", "5Gi")
                .containsEntry("fast.storageclass.storage.k8s.io/requests.storage", "5Gi")
                .containsEntry("persistentvolumeclaims", "1");
    }

    @Test
    void otherKindsAreCountedByGroup() {
        assertThat(text(QuotaUsage.usage("apps", "deployments", json("{}"))))
                .isEqualTo(Map.of("count/deployments.apps", "1"));
    }

    @Test
    void exceededAndFormatFollowUpstream() {
        Map<String, Quantity> hard = Map.of("pods", Quantity.parse("2"), "requests.cpu", Quantity.parse("1"));
        Map<String, Quantity> used = QuotaUsage.add(Map.of("pods", Quantity.parse("2")),
                Map.of("pods", Quantity.parse("1"), "requests.cpu", Quantity.parse("500m")));
        assertThat(QuotaUsage.exceeded(used, hard)).containsExactly("pods");
        assertThat(QuotaUsage.format(used)).isEqualTo("pods=3,requests.cpu=500m");
    }

    @Test
    void containersMustStateQuotaedComputeResources() {
        JsonNode pod = json("""
                {"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1"}}},{"name":"b"}]}}""");
        assertThat(QuotaUsage.missingComputeResources(pod, Set.of("requests.cpu", "limits.memory", "pods")))
                .isEqualTo("limits.memory for: a,b; requests.cpu for: b");
        assertThat(QuotaUsage.missingComputeResources(pod, Set.of("pods", "requests.storage"))).isEmpty();
    }

    @Test
    void scopesSelectPodsOnly() {
        JsonNode bestEffortQuota = json("{\"spec\":{\"scopes\":[\"BestEffort\"]}}");
        JsonNode terminatingQuota = json("{\"spec\":{\"scopes\":[\"Terminating\"]}}");
        JsonNode priorityQuota = json("""
                {"spec":{"scopeSelector":{"matchExpressions":[
                  {"scopeName":"PriorityClass","operator":"In","values":["high"]}]}}}""");
        JsonNode plain = json("{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}");
        JsonNode job = json("{\"spec\":{\"activeDeadlineSeconds\":30,\"priorityClassName\":\"high\","
                + "\"containers\":[{\"name\":\"a\",\"resources\":{\"requests\":{\"cpu\":\"1\"}}}]}}");
        assertThat(QuotaUsage.matchesScopes(bestEffortQuota, "", "pods", plain)).isTrue();
        assertThat(QuotaUsage.matchesScopes(bestEffortQuota, "", "pods", job)).isFalse();
        assertThat(QuotaUsage.matchesScopes(terminatingQuota, "", "pods", job)).isTrue();
        assertThat(QuotaUsage.matchesScopes(terminatingQuota, "", "pods", plain)).isFalse();
        assertThat(QuotaUsage.matchesScopes(priorityQuota, "", "pods", job)).isTrue();
        assertThat(QuotaUsage.matchesScopes(priorityQuota, "", "pods", plain)).isFalse();
        assertThat(QuotaUsage.matchesScopes(bestEffortQuota, "", "configmaps", plain)).isFalse();
        assertThat(QuotaUsage.matchesScopes(json("{\"spec\":{}}"), "", "configmaps", plain)).isTrue();
    }
}
