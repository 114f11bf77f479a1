package dev.tugboat.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.apiserver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ServiceAccount admission: pods must name an existing account; the token volume follows the account. */
class ServiceAccountAdmissionIT {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer();
        s.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"sa\"}}");
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    private static String pod(String name, String serviceAccount) {
        String sa = serviceAccount == null ? "" : ",\"serviceAccountName\":\"" + serviceAccount + "\"";
        return "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]"
                + sa + "}}";
    }

    @Test
    void aPodNamingAMissingAccountIsForbidden() throws Exception {
        TestServer.Response r = s.post("/api/v1/namespaces/sa/pods", pod("nobody", "robot"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("reason").asText()).isEqualTo("Forbidden");
        assertThat(r.json().path("message").asText()).isEqualTo("pods \"nobody\" is forbidden: error looking up "
                + "service account sa/robot: serviceaccount \"robot\" not found");
    }

    @Test
    void aPodWithoutAccountNeedsTheDefaultOneAndIsAdmittedOnceItExists() throws Exception {
        TestServer.Response missing = s.post("/api/v1/namespaces/sa/pods", pod("early", null));
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.json().path("message").asText())
                .endsWith("error looking up service account sa/default: serviceaccount \"default\" not found");
        assertThat(s.post("/api/v1/namespaces/sa/serviceaccounts", "{\"metadata\":{\"name\":\"default\"}}").status())
                .isEqualTo(201);
        TestServer.Response ok = s.post("/api/v1/namespaces/sa/pods", pod("late", null));
        assertThat(ok.status()).isEqualTo(201);
        JsonNode spec = ok.json().path("spec");
        assertThat(spec.path("serviceAccountName").asText()).isEqualTo("default");
        assertThat(spec.path("volumes").get(0).path("name").asText()).startsWith("kube-api-access-");
    }

    @Test
    void anAccountThatTurnsAutomountOffGetsNoTokenVolume() throws Exception {
        s.post("/api/v1/namespaces/sa/serviceaccounts",
                "{\"metadata\":{\"name\":\"quiet\"},\"automountServiceAccountToken\":false}");
        TestServer.Response ok = s.post("/api/v1/namespaces/sa/pods", pod("quiet", "quiet"));
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.json().path("spec").has("volumes")).isFalse();
    }
}
