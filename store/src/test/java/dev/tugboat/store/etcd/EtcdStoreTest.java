package dev.tugboat.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tugboat.store.Store;
import dev.tugboat.store.StoreContract;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract against a real etcd, shared by the tests of this class (each test has its own keys). */
class EtcdStoreTest extends StoreContract {

    /** Small buffers so that the contract's watch tests exercise pausing and re-opening streams. */
    private static final EtcdStore.Settings SMALL_BUFFERS = new EtcdStore.Settings(Duration.ofSeconds(30), 100);

    private static EtcdServer etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = EtcdServer.start();
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    protected Store openStore() {
        return new EtcdStore(etcd.endpoints(), SMALL_BUFFERS);
    }

    @Override
    protected Store reopenStore() {
        return openStore();
    }

    @Test
    void onlyPlainHttpEndpointsAreAcceptedWithoutAConfiguredClient() {
        assertThatThrownBy(() -> new EtcdStore(List.of(URI.create("https://127.0.0.1:2379"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS");
    }

    @Test
    void theCompactedRevisionIsFoundWithoutBeingTold() {
        for (int i = 0; i < 20; i++) {
            put(k("k" + i), "v");
        }
        long target = store.currentRevision() - 7;
        store.compact(target);

        try (Store other = openStore()) {
            assertThat(other.compactedRevision()).isEqualTo(target);
        }
    }
}
