package dev.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Converts between a served version and the storage version of a resource (e.g. autoscaling/v1
 * HorizontalPodAutoscaler served from autoscaling/v2 storage). Conversions return new trees and
 * set apiVersion/kind.
 */
public interface VersionConverter {

    ObjectNode toServed(ObjectNode stored);

    ObjectNode toStorage(ObjectNode served);

    /** The identity conversion: served and stored versions are the same. */
    VersionConverter IDENTITY = new VersionConverter() {
        @Override
        public ObjectNode toServed(ObjectNode stored) {
            return stored;
        }

        @Override
        public ObjectNode toStorage(ObjectNode served) {
            return served;
        }
    };
}
