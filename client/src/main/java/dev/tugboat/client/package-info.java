/**
 * The API client machinery every Tugboat component other than the API server is built on: all of
 * them talk to the server only through it (no side channels, even within one JVM).
 *
 * <ul>
 *   <li>{@link dev.tugboat.client.rest}: {@code ApiClient} (HTTP/1.1, JSON trees) and
 *       {@code ResourceClient} with get/list/watch/create/update/patch/delete/deletecollection,
 *       subresources and a metadata-only mode; errors are {@code StatusException} (the server's Status)
 *       or {@code TransportException}.</li>
 *   <li>{@link dev.tugboat.client.discovery}: aggregated discovery and a cached REST mapper.</li>
 *   <li>{@link dev.tugboat.client.informer}: shared informers (list + watch, local indexed cache,
 *       serial per-handler notifications, resync, re-list on 410).</li>
 *   <li>{@link dev.tugboat.client.queue}: the de-duplicating work queue and its rate limiters.</li>
 *   <li>{@link dev.tugboat.client.controller}: the worker loop that drains a queue into a
 *       {@code Reconciler}.</li>
 *   <li>{@link dev.tugboat.client.leaderelection}: leader election on Leases.</li>
 *   <li>{@link dev.tugboat.client.clock}: injectable time.</li>
 * </ul>
 *
 * <p>A controller is wired like this:
 * <pre>{@code
 * ApiClient api = ApiClient.create(ClientConfig.forUrl(serverUrl, "replicaset-controller/0"));
 * InformerFactory informers = new InformerFactory(api, SystemClock.INSTANCE);
 * SharedInformer replicaSets = informers.informer(new GroupVersionResource("apps", "v1", "replicasets"));
 * WorkQueue<ObjectKey> queue = WorkQueue.withDefaultRateLimiter(SystemClock.INSTANCE);
 * HandlerRegistration reg = replicaSets.addEventHandler(
 *         ResourceEventHandler.onAnyChange(rs -> queue.add(ObjectKey.of(rs))));
 * Controller<ObjectKey> controller = new Controller<>("replicaset", queue,
 *         key -> { ... read replicaSets.cache(), write through api ...; return Result.done(); },
 *         5, List.of(reg::hasSynced));
 * informers.start();
 * controller.start();
 * }</pre>
 */
package dev.tugboat.client;
