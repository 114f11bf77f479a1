package dev.tugboat.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ClientConfig;
import dev.tugboat.client.rest.Credentials;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The controller manager's controllers share one cache per resource. */
class ControllerManagerInformersTest {

    /**
     * Sees every request the client sends: the client hands each outgoing request to its credentials
     * just before sending it.
     */
    private static final class RequestRecorder implements Credentials {
        final List<URI> sent = new CopyOnWriteArrayList<>();

        @Override
        public void apply(HttpRequest.Builder request) {
            sent.add(request.build().uri());
        }

        /** Cluster-wide requests of {@code path} that are watches ({@code watch}) or lists. */
        long count(String path, boolean watch) {
            return sent.stream().filter(u -> u.getPath().equals(path))
                    .filter(u -> isWatch(u) == watch).count();
        }

        boolean listedAndWatched(String path) {
            return count(path, false) > 0 && count(path, true) > 0;
        }

        private static boolean isWatch(URI u) {
            String q = u.getQuery() == null ? "" : u.getQuery();
            return q.contains("watch=true") || q.contains("watch=1");
        }
    }

    @Test
    void everyControllerSharesOneListAndWatchOfThePods() throws Exception {
        RequestRecorder requests = new RequestRecorder();
        try (TestApiServer server = TestApiServer.start();
             ApiClient api = ApiClient.create(ClientConfig.forUrl(server.url(), "kube-controller-manager/test")
                     .withCredentials(requests));
             ControllerManager manager = ControllerManager.start(api, SystemClock.INSTANCE,
                     ControllerManagerConfig.defaults("test").withLeaderElect(false))) {
            // Every informer exists once start returns (the garbage collector's are made last, configmaps
            // among them); wait until the pods' and the configmaps' reflectors are watching.
            Poll.until("pods and configmaps are listed and watched, have " + requests.sent,
                    () -> requests.listedAndWatched("/api/v1/pods")
                            && requests.listedAndWatched("/api/v1/configmaps"));

            assertThat(requests.count("/api/v1/pods", false)).as("pod lists").isEqualTo(1);
            assertThat(requests.count("/api/v1/pods", true)).as("pod watches").isEqualTo(1);
            assertThat(requests.count("/api/v1/nodes", false)).as("node lists").isEqualTo(1);
            assertThat(requests.count("/api/v1/services", false)).as("service lists").isEqualTo(1);
            assertThat(requests.count("/api/v1/namespaces", false)).as("namespace lists").isEqualTo(1);
            assertThat(requests.count("/api/v1/persistentvolumeclaims", false)).as("claim lists").isEqualTo(1);
            assertThat(requests.count("/apis/batch/v1/jobs", false)).as("job lists").isEqualTo(1);
        }
    }
}
