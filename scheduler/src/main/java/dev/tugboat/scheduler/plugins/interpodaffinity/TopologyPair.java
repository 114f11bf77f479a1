package dev.tugboat.scheduler.plugins.interpodaffinity;

/** A topology domain: a node label key and its value. */
record TopologyPair(String key, String value) {
}
