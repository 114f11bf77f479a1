package dev.tugboat.store.sqlite;

import dev.tugboat.store.WriteResult;
import java.util.concurrent.CompletableFuture;

/** A request to the writer thread; its future completes once the outcome is durable. */
sealed interface Op {

    record Create(String key, byte[] value, CompletableFuture<WriteResult> done) implements Op {
    }

    record Update(String key, byte[] value, long expectedModRevision, CompletableFuture<WriteResult> done)
            implements Op {
    }

    record Delete(String key, long expectedModRevision, CompletableFuture<WriteResult> done) implements Op {
    }

    /** Completes when the history below {@code revision} has been deleted from the file. */
    record Compact(long revision, CompletableFuture<Void> done) implements Op {
    }

    /** The last op: the writer finishes the ops before it and exits. */
    record Stop(CompletableFuture<Void> done) implements Op {
    }

    CompletableFuture<?> done();
}
