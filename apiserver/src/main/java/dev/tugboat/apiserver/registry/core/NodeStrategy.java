package dev.tugboat.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.apiserver.registry.StandardStrategy;

/**
 * Nodes (upstream pkg/registry/core/node): unlike other kinds with a status subresource, a Node keeps
 * the status it is created with, so that a kubelet registers its capacity, addresses and conditions in
 * one request; later changes to status go through {@code /status}.
 */
public final class NodeStrategy extends StandardStrategy {

    public NodeStrategy(KindRules rules, Traits traits) {
        super(rules, traits, false);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        JsonNode status = obj.get("status");
        super.prepareForCreate(obj);
        if (status != null && status.isObject()) {
            obj.set("status", status);
        }
    }
}
