package dev.tugboat.store;

/**
 * One key at one revision, as etcd's {@code mvccpb.KeyValue}.
 *
 * @param createRevision the revision of the write that created this incarnation of the key
 * @param modRevision    the revision of the last write to the key
 * @param version        writes since creation, starting at 1
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version) {
}
