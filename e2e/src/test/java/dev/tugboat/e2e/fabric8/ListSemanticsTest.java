package dev.tugboat.e2e.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.tugboat.e2e.ServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lists through fabric8: paging with limit and continue over one consistent snapshot, and the
 * resourceVersion / resourceVersionMatch rules of lists and watches.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ListSemanticsTest {

    private static final String NS = "paging-e2e";
    private static final int OBJECTS = 25;

    private static ServerProcess server;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
        client = Clients.connect(server);
        Clients.createNamespace(client, NS);
        for (int i = 0; i < OBJECTS; i++) {
            create(name(i), "1");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
            server.deleteData();
        }
    }

    private static String name(int i) {
        return "page-%02d".formatted(i);
    }

    private static ConfigMap create(String name, String version) {
        return client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .endMetadata().addToData("v", version).build()).create();
    }

    private static ConfigMapList list(ListOptions options) {
        return client.configMaps().inNamespace(NS).list(options);
    }

    private static List<String> names(ConfigMapList list) {
        return list.getItems().stream().map(cm -> cm.getMetadata().getName()).toList();
    }

    @Test
    void pagesOfTenCoverEveryObjectOnceInNameOrderAtOneResourceVersion() {
        List<ConfigMapList> pages = new ArrayList<>();
        String token = null;
        do {
            ConfigMapList page = list(new ListOptionsBuilder().withLimit(10L).withContinue(token).build());
            pages.add(page);
            token = page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());

        assertThat(pages).extracting(p -> p.getItems().size()).containsExactly(10, 10, 5);
        List<String> all = pages.stream().flatMap(p -> names(p).stream()).toList();
        assertThat(all).containsExactlyElementsOf(IntStream.range(0, OBJECTS).mapToObj(ListSemanticsTest::name).toList());
        assertThat(pages).extracting(p -> p.getMetadata().getResourceVersion())
                .containsOnly(pages.get(0).getMetadata().getResourceVersion());
    }

    @Test
    void continuingAListShowsTheSnapshotOfItsFirstPage() {
        ConfigMapList first = list(new ListOptionsBuilder().withLimit(10L).build());
        String snapshot = first.getMetadata().getResourceVersion();
        // Changes after the first page: an object that sorts last, one deleted, one modified.
        create("page-zz", "1");
        client.configMaps().inNamespace(NS).withName(name(20)).delete();
        client.configMaps().inNamespace(NS).withName(name(15))
                .edit(cm -> new ConfigMapBuilder(cm).addToData("v", "2").build());
        try {
            List<ConfigMap> rest = new ArrayList<>();
            String token = first.getMetadata().getContinue();
            while (token != null && !token.isEmpty()) {
                ConfigMapList page = list(new ListOptionsBuilder().withLimit(10L).withContinue(token).build());
                assertThat(page.getMetadata().getResourceVersion()).isEqualTo(snapshot);
                rest.addAll(page.getItems());
                token = page.getMetadata().getContinue();
            }
            assertThat(rest).extracting(cm -> cm.getMetadata().getName())
                    .containsExactlyElementsOf(IntStream.range(10, OBJECTS).mapToObj(ListSemanticsTest::name).toList());
            assertThat(rest).filteredOn(cm -> cm.getMetadata().getName().equals(name(15)))
                    .singleElement().satisfies(cm -> assertThat(cm.getData()).containsEntry("v", "1"));

            // A fresh list shows the present.
            List<String> now = names(client.configMaps().inNamespace(NS).list());
            assertThat(now).contains("page-zz").doesNotContain(name(20));
        } finally {
            client.configMaps().inNamespace(NS).withName("page-zz").delete();
            create(name(20), "1");
            client.configMaps().inNamespace(NS).withName(name(15))
                    .edit(cm -> new ConfigMapBuilder(cm).addToData("v", "1").build());
        }
    }

    @Test
    void anExactResourceVersionListsThePastAndNotOlderThanListsThePresent() {
        ConfigMapList before = client.configMaps().inNamespace(NS).list();
        String past = before.getMetadata().getResourceVersion();
        create("exact-new", "1");
        try {
            ConfigMapList exact = list(new ListOptionsBuilder().withResourceVersion(past)
                    .withResourceVersionMatch("Exact").build());
            assertThat(exact.getMetadata().getResourceVersion()).isEqualTo(past);
            assertThat(names(exact)).containsExactlyElementsOf(names(before));

            ConfigMapList notOlder = list(new ListOptionsBuilder().withResourceVersion(past)
                    .withResourceVersionMatch("NotOlderThan").build());
            assertThat(Long.parseLong(notOlder.getMetadata().getResourceVersion())).isGreaterThan(Long.parseLong(past));
            assertThat(names(notOlder)).contains("exact-new");

            ConfigMapList any = list(new ListOptionsBuilder().withResourceVersion("0").build());
            assertThat(names(any)).contains("exact-new");

            KubernetesClientException bad = catchThrowableOfType(KubernetesClientException.class,
                    () -> list(new ListOptionsBuilder().withResourceVersion("0").withResourceVersionMatch("Exact")
                            .build()));
            assertThat(bad.getCode()).isEqualTo(400);
        } finally {
            client.configMaps().inNamespace(NS).withName("exact-new").delete();
        }
    }

    @Test
    void aWatchFromAListsResourceVersionSeesOnlyLaterChangesInOrder() throws Exception {
        String from = client.configMaps().inNamespace(NS).list().getMetadata().getResourceVersion();
        ConfigMap added = create("watched", "1");
        client.configMaps().inNamespace(NS).withName("watched")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("v", "2").build());
        client.configMaps().inNamespace(NS).withName("watched").delete();

        List<String> seen = new CopyOnWriteArrayList<>();
        Watcher<ConfigMap> watcher = new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap cm) {
                seen.add(action + " " + cm.getMetadata().getName() + " v=" + cm.getData().get("v"));
            }

            @Override
            public void onClose(WatcherException cause) {
                // The test closes the watch itself.
            }
        };
        try (Watch ignored = client.configMaps().inNamespace(NS).withResourceVersion(from).watch(watcher)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(seen).containsExactly(
                    "ADDED watched v=1", "MODIFIED watched v=2", "DELETED watched v=2"));
        }
        assertThat(Long.parseLong(added.getMetadata().getResourceVersion())).isGreaterThan(Long.parseLong(from));
    }
}
