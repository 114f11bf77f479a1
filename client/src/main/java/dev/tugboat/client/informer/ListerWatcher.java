package dev.tugboat.client.informer;

import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ObjectList;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.Watch;
import dev.tugboat.client.rest.WatchOptions;

/**
 * The two calls an informer makes (client-go's ListerWatcher): the seam where tests plug in a fake
 * server. Implementations are thread-safe.
 */
public interface ListerWatcher {

    /** One page of the list (every page when {@code opts.limit()} is 0). */
    ObjectList list(ListOptions opts);

    /** Opens a watch. */
    Watch watch(WatchOptions opts);

    /** Lists and watches one resource in one namespace ("" for all) with a client. */
    static ListerWatcher of(ResourceClient client, String namespace) {
        return new ListerWatcher() {
            @Override
            public ObjectList list(ListOptions opts) {
                return client.list(namespace, opts);
            }

            @Override
            public Watch watch(WatchOptions opts) {
                return client.watch(namespace, opts);
            }
        };
    }
}
