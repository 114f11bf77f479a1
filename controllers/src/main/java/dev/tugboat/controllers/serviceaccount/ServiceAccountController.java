package dev.tugboat.controllers.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's service-account controller (pkg/controller/serviceaccount): every active namespace has
 * the configured ServiceAccounts ({@code default}); one is created when a namespace appears and again
 * when the account is deleted. Terminating namespaces are left alone, so that emptying them ends.
 */
public final class ServiceAccountController implements AutoCloseable {

    private static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    private static final GroupVersionResource SERVICE_ACCOUNTS = new GroupVersionResource("", "v1", "serviceaccounts");

    private final ServiceAccountControllerConfig config;
    private final ResourceClient accounts;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer namespaceInformer;
    private final SharedInformer accountInformer;
    private final HandlerRegistration namespaceRegistration;
    private final HandlerRegistration accountRegistration;
    private final WorkQueue<String> queue;
    private final Controller<String> controller;

    /** With informers of its own. */
    public ServiceAccountController(ApiClient api, Clock clock, ServiceAccountControllerConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** With the informers of a shared factory (which the caller starts and closes). */
    public ServiceAccountController(ApiClient api, Clock clock, ServiceAccountControllerConfig config,
                                    InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private ServiceAccountController(ApiClient api, Clock clock, ServiceAccountControllerConfig config,
                                     InformerFactory informers, boolean ownsInformers) {
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.config = config;
        this.accounts = api.resource(SERVICE_ACCOUNTS);
        this.namespaceInformer = informers.informer(NAMESPACES);
        this.accountInformer = informers.informer(SERVICE_ACCOUNTS);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.namespaceRegistration = namespaceInformer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode ns, boolean initialList) {
                queue.add(Meta.name(ns));
            }

            @Override
            public void onUpdate(ObjectNode oldNs, ObjectNode newNs) {
                queue.add(Meta.name(newNs));
            }

            @Override
            public void onDelete(ObjectNode ns, boolean finalStateUnknown) {
                // Nothing to keep in a namespace that is gone.
            }
        }, config.resyncPeriod());
        this.accountRegistration = accountInformer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode sa, boolean initialList) {
            }

            @Override
            public void onUpdate(ObjectNode oldSa, ObjectNode newSa) {
            }

            @Override
            public void onDelete(ObjectNode sa, boolean finalStateUnknown) {
                if (config.serviceAccounts().contains(Meta.name(sa))) {
                    queue.add(Meta.namespace(sa));
                }
            }
        });
        this.controller = new Controller<>("serviceaccount-controller", queue, this::syncNamespace,
                config.workers(), List.of(namespaceRegistration::hasSynced, accountRegistration::hasSynced));
    }

    private Result syncNamespace(String namespace) {
        Optional<ObjectNode> ns = namespaceInformer.cache().get(new ObjectKey("", namespace));
        if (ns.isEmpty() || Meta.isDeleting(ns.get())
                || !"Active".equals(ns.get().path("status").path("phase").asText("Active"))) {
            return Result.done();
        }
        for (String name : config.serviceAccounts()) {
            if (accountInformer.cache().get(new ObjectKey(namespace, name)).isPresent()) {
                continue;
            }
            ObjectNode sa = Json.object();
            sa.put("apiVersion", "v1").put("kind", "ServiceAccount");
            sa.putObject("metadata").put("name", name).put("namespace", namespace);
            try {
                accounts.create(namespace, sa);
            } catch (StatusException e) {
                // Already there (the cache lags) or the namespace began terminating meanwhile.
                if (!e.isAlreadyExists() && !isNamespaceTerminating(e)) {
                    throw e;
                }
            }
        }
        return Result.done();
    }

    private static boolean isNamespaceTerminating(StatusException e) {
        return e.code() == 403 && e.getMessage() != null && e.getMessage().contains("being terminated");
    }

    public void start() {
        if (ownsInformers) {
            informers.start();
        }
        controller.start();
    }

    /** True once namespaces and service accounts are cached and the workers may run. */
    public boolean isSynced() {
        return namespaceRegistration.hasSynced() && accountRegistration.hasSynced();
    }

    @Override
    public void close() {
        controller.close();
        if (ownsInformers) {
            informers.close();
        }
    }
}
