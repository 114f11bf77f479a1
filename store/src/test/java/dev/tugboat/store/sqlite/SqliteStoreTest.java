package dev.tugboat.store.sqlite;

import dev.tugboat.store.Store;
import dev.tugboat.store.StoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContract {

    /** Small buffers so that the contract's watch tests exercise catching up from the log. */
    static final SqliteStore.Settings SMALL_BUFFERS = new SqliteStore.Settings(512, 4, 100, 50, 100, 64, 16);

    @TempDir
    Path dir;

    @Override
    protected Store openStore() {
        return new SqliteStore(dir.resolve("store.db"), SMALL_BUFFERS);
    }

    @Override
    protected Store reopenStore() {
        return openStore();
    }
}
