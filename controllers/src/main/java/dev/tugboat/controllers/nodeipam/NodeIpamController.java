package dev.tugboat.controllers.nodeipam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.events.ApiEventRecorder;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.PatchType;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.controllers.common.NodeEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Node IPAM with upstream's range allocator: a node without {@code spec.podCIDRs} gets one subnet of
 * every cluster CIDR, written as {@code spec.podCIDR} and {@code spec.podCIDRs} (which the API server lets
 * be set once). The allocator's bitmap learns the CIDRs of existing nodes from the informer's initial
 * list before any worker runs, so a restart never hands out a taken subnet; a deleted node's CIDRs are
 * given back. When the range is exhausted the node gets a {@code CIDRNotAvailable} event and is retried
 * with backoff, and at once when a subnet is given back.
 */
public final class NodeIpamController implements AutoCloseable {

    static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");

    private final ResourceClient nodes;
    private final RangeAllocator allocator;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer informer;
    private final HandlerRegistration registration;
    private final WorkQueue<String> queue;
    private final ApiEventRecorder events;
    private final Controller<String> controller;

    /** With informers of its own. */
    public NodeIpamController(ApiClient api, Clock clock, NodeIpamConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** With the node informer of a shared factory (which the caller starts and closes). */
    public NodeIpamController(ApiClient api, Clock clock, NodeIpamConfig config, InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private NodeIpamController(ApiClient api, Clock clock, NodeIpamConfig config, InformerFactory informers,
                               boolean ownsInformers) {
        this.nodes = api.resource(NODES);
        this.allocator = new RangeAllocator(config);
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.informer = informers.informer(NODES);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.events = new ApiEventRecorder(api, clock, "cidrAllocator");
        this.registration = informer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode node, boolean initialList) {
                observe(node);
            }

            @Override
            public void onUpdate(ObjectNode oldNode, ObjectNode newNode) {
                observe(newNode);
            }

            @Override
            public void onDelete(ObjectNode node, boolean finalStateUnknown) {
                List<String> cidrs = podCidrs(node);
                if (!cidrs.isEmpty()) {
                    allocator.release(cidrs);
                    // Nodes waiting for a subnet may have one now.
                    informer.cache().list().stream().filter(n -> podCidrs(n).isEmpty())
                            .forEach(n -> queue.add(Meta.name(n)));
                }
            }
        });
        this.controller = new Controller<>("node-ipam-controller", queue, this::sync, config.workers(),
                List.of(registration::hasSynced));
    }

    /**
     * A node with CIDRs has them marked taken (this is how the bitmap is rebuilt at start, since workers
     * wait until the initial list has been handled); one without is queued for allocation.
     */
    private void observe(ObjectNode node) {
        List<String> cidrs = podCidrs(node);
        if (cidrs.isEmpty()) {
            queue.add(Meta.name(node));
        } else {
            allocator.occupy(cidrs);
        }
    }

    private Result sync(String name) {
        Optional<ObjectNode> cached = informer.cache().get(new ObjectKey("", name));
        if (cached.isEmpty() || !podCidrs(cached.get()).isEmpty() || Meta.isDeleting(cached.get())) {
            return Result.done();
        }
        ObjectNode node = cached.get();
        Optional<List<String>> allocated = allocator.allocate();
        if (allocated.isEmpty()) {
            NodeEvents.recordStatusChange(events, node, "CIDRNotAvailable");
            return Result.backoff();
        }
        // A transport failure (not caught here) leaves the outcome unknown: the subnets stay taken, as
        // upstream keeps them; if the patch went through the node keeps them, and a restart frees a leak.
        try {
            nodes.patch("", name, PatchType.STRATEGIC, cidrPatch(node, allocated.get()));
            return Result.done();
        } catch (StatusException e) {
            allocator.release(allocated.get());
            if (e.isNotFound()) {
                return Result.done();
            }
            if (e.isConflict()) {
                // The node changed since it was cached (maybe it got CIDRs): look again at the new state.
                return Result.backoff();
            }
            NodeEvents.recordStatusChange(events, node, "CIDRAssignmentFailed");
            throw e;
        }
    }

    /**
     * Only {@code spec.podCIDR(s)}, conditional on the cached resourceVersion so that CIDRs set meanwhile by
     * someone else are never overwritten.
     */
    static ObjectNode cidrPatch(JsonNode node, List<String> cidrs) {
        ObjectNode patch = Json.object();
        patch.putObject("metadata").put("resourceVersion", Meta.resourceVersion(node));
        ObjectNode spec = patch.putObject("spec");
        spec.put("podCIDR", cidrs.get(0));
        ArrayNode list = spec.putArray("podCIDRs");
        cidrs.forEach(list::add);
        return patch;
    }

    static List<String> podCidrs(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.path("spec").path("podCIDRs").forEach(c -> out.add(c.asText()));
        if (out.isEmpty() && !node.path("spec").path("podCIDR").asText("").isEmpty()) {
            out.add(node.path("spec").path("podCIDR").asText());
        }
        return out;
    }

    public void start() {
        if (ownsInformers) {
            informers.start();
        }
        controller.start();
    }

    /** True once the nodes are cached and their CIDRs known to the allocator. */
    public boolean isSynced() {
        return registration.hasSynced();
    }

    @Override
    public void close() {
        controller.close();
        if (ownsInformers) {
            informers.close();
        }
        events.close();
    }
}
