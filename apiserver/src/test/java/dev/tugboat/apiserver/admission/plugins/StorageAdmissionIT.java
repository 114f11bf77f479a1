package dev.tugboat.apiserver.admission.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.apiserver.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DefaultStorageClass and StorageObjectInUseProtection admission through a real API server. */
class StorageAdmissionIT {

    private TestServer s;

    @BeforeEach
    void start() throws Exception {
        s = new TestServer();
        s.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"st\"}}");
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private static String claim(String name, String classField) {
        return "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + (classField == null ? "" : classField + ",")
                + "\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}";
    }

    private void storageClass(String name, boolean isDefault) throws Exception {
        String annotations = isDefault
                ? ",\"annotations\":{\"storageclass.kubernetes.io/is-default-class\":\"true\"}" : "";
        TestServer.Response r = s.post("/apis/storage.k8s.io/v1/storageclasses",
                "{\"metadata\":{\"name\":\"" + name + "\"" + annotations + "},\"provisioner\":\"example.com/p\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private JsonNode createClaim(String body) throws Exception {
        TestServer.Response r = s.post("/api/v1/namespaces/st/persistentvolumeclaims", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @Test
    void aClaimWithoutAClassGetsTheDefaultClass() throws Exception {
        storageClass("standard", false);
        storageClass("fast", true);
        JsonNode pvc = createClaim(claim("data", null));
        assertThat(pvc.path("spec").path("storageClassName").asText()).isEqualTo("fast");
    }

    @Test
    void aClaimWithoutAClassStaysWithoutOneWhenThereIsNoDefault() throws Exception {
        storageClass("standard", false);
        JsonNode pvc = createClaim(claim("data", null));
        assertThat(pvc.path("spec").has("storageClassName")).isFalse();
    }

    @Test
    void anExplicitClassOrAnExplicitEmptyClassIsKept() throws Exception {
        storageClass("fast", true);
        assertThat(createClaim(claim("named", "\"storageClassName\":\"standard\"")).path("spec")
                .path("storageClassName").asText()).isEqualTo("standard");
        JsonNode none = createClaim(claim("none", "\"storageClassName\":\"\""));
        assertThat(none.path("spec").path("storageClassName").isTextual()).isTrue();
        assertThat(none.path("spec").path("storageClassName").asText()).isEmpty();
    }

    @Test
    void theBetaClassAnnotationCountsAsAClass() throws Exception {
        storageClass("fast", true);
        JsonNode pvc = createClaim("{\"metadata\":{\"name\":\"beta\",\"annotations\":{"
                + "\"volume.beta.kubernetes.io/storage-class\":\"slow\"}},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],"
                + "\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}");
        assertThat(pvc.path("spec").has("storageClassName")).isFalse();
    }

    @Test
    void newClaimsAndVolumesGetTheirProtectionFinalizers() throws Exception {
        JsonNode pvc = createClaim(claim("protected", null));
        assertThat(pvc.path("metadata").path("finalizers").toString()).isEqualTo("[\"kubernetes.io/pvc-protection\"]");
        TestServer.Response pv = s.post("/api/v1/persistentvolumes", "{\"metadata\":{\"name\":\"pv1\"},\"spec\":{"
                + "\"capacity\":{\"storage\":\"1Gi\"},\"accessModes\":[\"ReadWriteOnce\"],\"hostPath\":{\"path\":\"/tmp/x\"}}}");
        assertThat(pv.status()).as(pv.body()).isEqualTo(201);
        assertThat(pv.json().path("metadata").path("finalizers").toString())
                .isEqualTo("[\"kubernetes.io/pv-protection\"]");
    }
}
