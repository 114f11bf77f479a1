package dev.tugboat.controllers.localpath;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import org.junit.jupiter.api.Test;

/** The class and volumes the local-path provisioner writes. */
class LocalVolumesTest {

    static ObjectNode claim(String... modes) {
        ObjectNode pvc = Json.object();
        pvc.putObject("metadata").put("name", "data").put("namespace", "web").put("uid", "1234")
                .put("resourceVersion", "7");
        ObjectNode spec = pvc.putObject("spec");
        for (String m : modes) {
            spec.withArrayProperty("accessModes").add(m);
        }
        spec.putObject("resources").putObject("requests").put("storage", "2Gi");
        return pvc;
    }

    static ObjectNode storageClass(String reclaimPolicy) {
        ObjectNode sc = Json.object();
        sc.putObject("metadata").put("name", "local-path");
        if (reclaimPolicy != null) {
            sc.put("reclaimPolicy", reclaimPolicy);
        }
        return sc;
    }

    @Test
    void theVolumeIsANodePinnedHostPathReservedForTheClaim() {
        LocalPathProvisionerConfig config = LocalPathProvisionerConfig.defaults().withBasePath("/data/");
        JsonNode pv = LocalVolumes.volume(claim("ReadWriteOnce"), storageClass("Retain"), "node-2", config);
        assertThat(pv.path("metadata").path("name").asText()).isEqualTo("pvc-1234");
        assertThat(pv.path("metadata").path("annotations").path("pv.kubernetes.io/provisioned-by").asText())
                .isEqualTo("tugboat.dev/local-path");
        JsonNode spec = pv.path("spec");
        assertThat(spec.path("capacity").path("storage").asText()).isEqualTo("2Gi");
        assertThat(spec.path("accessModes").toString()).isEqualTo("[\"ReadWriteOnce\"]");
        assertThat(spec.path("persistentVolumeReclaimPolicy").asText()).isEqualTo("Retain");
        assertThat(spec.path("storageClassName").asText()).isEqualTo("local-path");
        assertThat(spec.path("hostPath").toString())
                .isEqualTo("{\"path\":\"/data/pvc-1234_web_data\",\"type\":\"DirectoryOrCreate\"}");
        assertThat(spec.path("nodeAffinity").toString()).isEqualTo("{\"required\":{\"nodeSelectorTerms\":[{"
                + "\"matchExpressions\":[{\"key\":\"kubernetes.io/hostname\",\"operator\":\"In\",\"values\":[\"node-2\"]}]}]}}");
        assertThat(spec.path("claimRef").path("uid").asText()).isEqualTo("1234");
        assertThat(spec.path("claimRef").path("namespace").asText()).isEqualTo("web");
        assertThat(spec.path("claimRef").path("name").asText()).isEqualTo("data");
    }

    @Test
    void theReclaimPolicyDefaultsToDeleteAsAClassesDoes() {
        JsonNode pv = LocalVolumes.volume(claim("ReadWriteOnce"), storageClass(null), "n",
                LocalPathProvisionerConfig.defaults());
        assertThat(pv.path("spec").path("persistentVolumeReclaimPolicy").asText()).isEqualTo("Delete");
        assertThat(pv.path("spec").path("hostPath").path("path").asText())
                .isEqualTo("/var/lib/tugboat/storage/pvc-1234_web_data");
    }

    @Test
    void onlySingleNodeAccessModesAndFilesystemVolumesAreSupported() {
        assertThat(LocalVolumes.unsupported(claim("ReadWriteOnce"))).isEmpty();
        assertThat(LocalVolumes.unsupported(claim("ReadWriteOncePod"))).isEmpty();
        assertThat(LocalVolumes.unsupported(claim("ReadWriteMany"))).isPresent();
        assertThat(LocalVolumes.unsupported(claim("ReadWriteOnce", "ReadOnlyMany"))).isPresent();
        ObjectNode block = claim("ReadWriteOnce");
        ((ObjectNode) block.get("spec")).put("volumeMode", "Block");
        assertThat(LocalVolumes.unsupported(block)).isPresent();
    }

    @Test
    void theDefaultClassWaitsForTheFirstConsumerAndDeletes() {
        JsonNode sc = LocalVolumes.storageClass(LocalPathProvisionerConfig.defaults());
        assertThat(sc.path("metadata").path("name").asText()).isEqualTo("local-path");
        assertThat(sc.path("metadata").path("annotations").path("storageclass.kubernetes.io/is-default-class").asText())
                .isEqualTo("true");
        assertThat(sc.path("provisioner").asText()).isEqualTo("tugboat.dev/local-path");
        assertThat(sc.path("reclaimPolicy").asText()).isEqualTo("Delete");
        assertThat(sc.path("volumeBindingMode").asText()).isEqualTo("WaitForFirstConsumer");
    }
}
