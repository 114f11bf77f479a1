/**
 * The garbage collector: {@link dev.tugboat.controllers.garbagecollector.GarbageCollector} and its
 * parts (monitors, dependency graph, API operations, metadata patches).
 */
package dev.tugboat.controllers.garbagecollector;
