package dev.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.meta.GroupResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.api.patch.JsonValues;
import dev.tugboat.apiserver.admission.AdmissionAttributes;
import dev.tugboat.apiserver.admission.AdmissionChain;
import dev.tugboat.apiserver.admission.Operation;
import dev.tugboat.apiserver.auth.UserInfo;
import dev.tugboat.apiserver.watchcache.CacheSet;
import dev.tugboat.apiserver.watchcache.CachedObject;
import dev.tugboat.apiserver.watchcache.ObjectDecoder;
import dev.tugboat.apiserver.watchcache.ResourceCache;
import dev.tugboat.store.CompactedException;
import dev.tugboat.store.KeyValue;
import dev.tugboat.store.RangeResult;
import dev.tugboat.store.Store;
import dev.tugboat.store.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The create/read/update/delete flow shared by every resource (upstream's generic registry
 * {@code Store}): defaulting, ownership tracking, admission, strategy hooks, validation and
 * compare-and-swap writes, with storage errors translated to API errors in one place. Reads are
 * served from the watch cache with Kubernetes' resourceVersion rules.
 *
 * <p>Objects cross this class's boundary in the served version; inside they are converted to the
 * storage version. Thread-safe.
 */
public final class GenericStore {

    private static final Duration FRESHNESS_TIMEOUT = Duration.ofSeconds(3);
    private static final int GENERATE_NAME_ATTEMPTS = 8;
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int STORE_PAGE = 500;
    private static final int MAX_CAS_RETRIES = 64;

    private final Store store;
    private final CacheSet caches;
    private final ResourceRegistration reg;
    private final AdmissionChain admission;
    private final FieldOwnership ownership;
    private final Clock clock;

    public GenericStore(Store store, CacheSet caches, ResourceRegistration reg, AdmissionChain admission,
                        FieldOwnership ownership, Clock clock) {
        this.store = store;
        this.caches = caches;
        this.reg = reg;
        this.admission = admission;
        this.ownership = ownership;
        this.clock = clock;
    }

    public ResourceRegistration registration() {
        return reg;
    }

    private GroupResource groupResource() {
        return reg.resource().groupResource();
    }

    private ResourceCache cache() {
        return caches.cache(reg.storagePrefix());
    }

    private String key(String namespace, String name) {
        return ResourceKeys.key(reg.storagePrefix(), reg.namespaced() ? namespace : "", name);
    }

    // ---------------------------------------------------------------- reads

    /** One object in the served version, with the resourceVersion rules of GET. */
    public ObjectNode get(String namespace, String name, String resourceVersion) {
        CachedObject obj = getCached(namespace, name, resourceVersion);
        return toServed(obj.object().deepCopy());
    }

    /** One object as cached (storage version; callers must not mutate it). */
    public CachedObject getCached(String namespace, String name, String resourceVersion) {
        awaitResourceVersion(resourceVersion);
        CachedObject obj = cache().get(key(namespace, name));
        if (obj == null) {
            throw new ApiException.NotFound(groupResource(), name);
        }
        return obj;
    }

    /**
     * One object as the cache has it now (resourceVersion "0" semantics, no wait), or empty: for
     * lookups on hot paths where absence is normal and a NotFound exception would be waste.
     */
    public Optional<CachedObject> peekCached(String namespace, String name) {
        return Optional.ofNullable(cache().get(key(namespace, name)));
    }

    /** The served form of a stored object (a copy when a conversion is involved). */
    public ObjectNode toServed(ObjectNode stored) {
        return reg.converter().toServed(stored);
    }

    /** Whether objects are stored in the served version (so cached JSON can be sent as is). */
    public boolean servedAsStored() {
        return reg.converter() == VersionConverter.IDENTITY;
    }

    private void awaitResourceVersion(String rv) {
        try {
            if (rv == null || rv.isEmpty()) {
                if (!caches.awaitFresh(FRESHNESS_TIMEOUT)) {
                    throw new ApiException.Timeout("Timeout: waiting for the watch cache to catch up with storage");
                }
            } else if (!rv.equals("0")) {
                long want = parseResourceVersion(rv);
                if (!caches.awaitRevision(want, FRESHNESS_TIMEOUT)) {
                    throw new ApiException.Timeout("Too large resource version: " + want + ", current: "
                            + caches.revision());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException.ServiceUnavailable("request interrupted");
        }
    }

    /**
     * Parses a resourceVersion parameter; anything but ASCII digits is a 400, as upstream's
     * ParseUint (Long.parseLong alone would take "+5" and non-ASCII digits).
     */
    public static long parseResourceVersion(String rv) {
        try {
            if (rv.isEmpty() || !rv.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new NumberFormatException();
            }
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            throw new ApiException.BadRequest("invalid resource version: " + rv);
        }
    }

    /**
     * A page of a list.
     *
     * @param remainingItemCount how many objects follow the page; -1 when unknown (selectors filter
     *                           the list, or the page was read from the store at an older revision)
     */
    public record ListResult(List<CachedObject> items, long revision, String continueToken, long remainingItemCount) {
    }

    /** Lists objects (storage version, as cached) with the resourceVersion and paging rules of LIST. */
    public ListResult list(String namespace, Predicate<CachedObject> filter, ListOptions opts) {
        String keyPrefix = ResourceKeys.listPrefix(reg.storagePrefix(), reg.namespaced() ? namespace : "");
        if (!opts.continueToken().isEmpty()) {
            if (!opts.resourceVersion().isEmpty() && !opts.resourceVersion().equals("0")) {
                throw new ApiException.BadRequest("specifying resource version is not allowed when using continue");
            }
            ContinueToken token = ContinueToken.decode(opts.continueToken());
            return listAt(keyPrefix, keyPrefix + token.start(), token.revision(), filter, opts.limit());
        }
        String rv = opts.resourceVersion();
        String match = opts.resourceVersionMatch();
        if (!match.isEmpty() && !match.equals("NotOlderThan") && !match.equals("Exact")) {
            throw new ApiException.BadRequest("unsupported resourceVersionMatch value: \"" + match + "\"");
        }
        if (!match.isEmpty() && rv.isEmpty()) {
            throw new ApiException.BadRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
        }
        if (match.equals("Exact")) {
            long want = parseResourceVersion(rv);
            if (want == 0) {
                throw new ApiException.BadRequest("resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"0\"");
            }
            return listAt(keyPrefix, keyPrefix, want, filter, opts.limit());
        }
        // rv "0" means "any": upstream serves it from the cache and ignores the limit.
        int limit = rv.equals("0") ? 0 : opts.limit();
        awaitResourceVersion(rv);
        return listFromCache(keyPrefix, keyPrefix, filter, limit);
    }

    private ListResult listFromCache(String keyPrefix, String startKey, Predicate<CachedObject> filter, int limit) {
        boolean[] more = new boolean[1];
        ResourceCache.Snapshot snap = cache().list(keyPrefix, startKey, filter, limit, more);
        String token = "";
        if (more[0]) {
            String lastKey = snap.items().get(snap.items().size() - 1).key();
            token = new ContinueToken(snap.revision(), lastKey.substring(keyPrefix.length()) + "\0").encode();
        }
        return new ListResult(snap.items(), snap.revision(), token, snap.remaining());
    }

    /** A list at an exact revision: from the cache if it is at that revision, else from the store. */
    private ListResult listAt(String keyPrefix, String startKey, long revision, Predicate<CachedObject> filter,
                              int limit) {
        ResourceCache cache = cache();
        if (cache.revision() == revision) {
            ListResult r = listFromCache(keyPrefix, startKey, filter, limit);
            if (r.revision() == revision) {
                return r;
            }
        }
        List<CachedObject> items = new ArrayList<>();
        String next = startKey;
        try {
            while (true) {
                RangeResult page = store.range(keyPrefix, next, revision, STORE_PAGE);
                for (KeyValue kv : page.kvs()) {
                    CachedObject o = ObjectDecoder.decode(kv);
                    if (!filter.test(o)) {
                        continue;
                    }
                    if (limit > 0 && items.size() == limit) {
                        String last = items.get(items.size() - 1).key();
                        String token = new ContinueToken(revision, last.substring(keyPrefix.length()) + "\0").encode();
                        return new ListResult(items, revision, token, -1);
                    }
                    items.add(o);
                }
                if (!page.more()) {
                    return new ListResult(items, revision, "", -1);
                }
                next = page.kvs().get(page.kvs().size() - 1).key() + "\0";
            }
        } catch (CompactedException e) {
            throw new ApiException.Expired("The provided continue parameter is too old to display a consistent list "
                    + "result. You can start a new list without the continue parameter.");
        } catch (dev.tugboat.store.FutureRevisionException e) {
            throw new ApiException.Timeout("Too large resource version: " + revision + ", current: "
                    + store.currentRevision());
        }
    }

    /** The starting point of a watch. */
    public record WatchStart(String keyPrefix, ResourceCache.WatchStart start) {
    }

    /**
     * Starts a watch. {@code resourceVersion} "" or "0" begins with the current state as ADDED events;
     * a revision replays newer events from the cache window (410 when it is older than the window).
     */
    public WatchStart watch(String namespace, String resourceVersion) {
        String keyPrefix = ResourceKeys.listPrefix(reg.storagePrefix(), reg.namespaced() ? namespace : "");
        if (resourceVersion.isEmpty() || resourceVersion.equals("0")) {
            awaitResourceVersion(resourceVersion);
            return new WatchStart(keyPrefix, cache().watchFromCurrentState(keyPrefix));
        }
        long from = parseResourceVersion(resourceVersion);
        awaitResourceVersion(resourceVersion);
        ResourceCache.WatchStart start = cache().watchFrom(from);
        if (start == null) {
            throw new ApiException.Expired("too old resource version: " + from + " (" + cache().horizon() + ")");
        }
        return new WatchStart(keyPrefix, start);
    }

    // ---------------------------------------------------------------- writes

    /**
     * A created object in the served version, and its JSON when the served form is the stored form
     * (the bytes just written, with the resourceVersion spliced in: no second encoding); else null.
     */
    public record Created(ObjectNode object, byte[] servedJson) {
    }

    /**
     * Creates an object. {@code obj} is the decoded request body in the served version (already
     * checked against the schema); the result is the stored object in the served version.
     */
    public ObjectNode create(String namespace, ObjectNode obj, WriteOptions opts) {
        return createServed(namespace, obj, opts).object();
    }

    /** {@link #create}, also returning the response's JSON when it need not be encoded again. */
    public Created createServed(String namespace, ObjectNode obj, WriteOptions opts) {
        // 1. Namespace: from the URL when absent; a different one is a 400; cluster-scoped objects have none.
        ObjectNode meta = Meta.mutableMetadata(obj);
        if (reg.namespaced()) {
            String bodyNs = Meta.namespace(obj);
            if (bodyNs.isEmpty()) {
                meta.put("namespace", namespace);
            } else if (!bodyNs.equals(namespace)) {
                throw new ApiException.BadRequest(
                        "the namespace of the provided object does not match the namespace sent on the request");
            }
        } else {
            meta.remove("namespace");
        }
        // 2. Versioned defaulting, then to the storage version.
        reg.strategy().applyDefaults(obj);
        ObjectNode stored = reg.converter().toStorage(obj);
        setTypeMeta(stored);
        Instant now = clock.instant();
        // 3. Field ownership, before mutating admission (fields admission sets are not attributed).
        if (!opts.applied()) {
            stored = ownership.trackUpdate(null, stored, opts.fieldManager(), opts.apiVersion(), "",
                    reg.strategy().resetFields(), now);
        }
        // 4. Mutating admission.
        AdmissionAttributes attrs = attributes(Operation.CREATE, Meta.namespace(stored), Meta.name(stored), "", opts);
        admission.admit(attrs, stored, null);
        // 5. System fields and strategy preparation (BeforeCreate).
        meta = Meta.mutableMetadata(stored);
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", Timestamps.format(now));
        meta.remove("deletionTimestamp");
        meta.remove("deletionGracePeriodSeconds");
        meta.remove("resourceVersion");
        meta.remove("selfLink");
        reg.strategy().prepareForCreate(stored);
        omitEmptyMetadataCollections(stored);
        boolean generated = false;
        if (Meta.name(stored).isEmpty() && !Meta.generateName(stored).isEmpty()) {
            meta.put("name", generateName(Meta.generateName(stored)));
            generated = true;
        }
        // 6. REST-level side effects (allocations), then validation; metadata checks run inside the strategy.
        StorageHooks.Pending pending = reg.hooks().beginCreate(stored, opts.dryRun());
        boolean written = false;
        try {
            List<FieldError> errors = reg.strategy().validate(stored);
            if (!errors.isEmpty()) {
                throw invalid(Meta.name(stored), errors);
            }
            reg.strategy().canonicalize(stored);
            attrs = attributes(Operation.CREATE, Meta.namespace(stored), Meta.name(stored), "", opts);
            // 7. Validating admission.
            admission.validate(attrs, stored, null);
            // 8. Store (with a fresh name on collision when the name was generated).
            if (opts.dryRun()) {
                if (!generated && store.get(key(Meta.namespace(stored), Meta.name(stored))).isPresent()) {
                    throw new ApiException.AlreadyExists(groupResource(), Meta.name(stored));
                }
                return new Created(toServed(stored), null);
            }
            Created result = write(stored, generated);
            written = true;
            return result;
        } finally {
            if (written) {
                pending.commit();
            } else {
                pending.abort();
            }
        }
    }

    private Created write(ObjectNode stored, boolean generated) {
        for (int attempt = 1; ; attempt++) {
            String name = Meta.name(stored);
            byte[] bytes = storageBytes(stored);
            WriteResult r = store.create(key(Meta.namespace(stored), name), bytes);
            if (r instanceof WriteResult.Written w) {
                String rv = Long.toString(w.revision());
                Meta.mutableMetadata(stored).put("resourceVersion", rv);
                return new Created(toServed(stored),
                        servedAsStored() ? ObjectDecoder.spliceResourceVersion(bytes, rv) : null);
            }
            if (!generated) {
                throw new ApiException.AlreadyExists(groupResource(), name);
            }
            if (attempt >= GENERATE_NAME_ATTEMPTS) {
                throw new ApiException.AlreadyExists(groupResource(), name, groupResource().qualified() + " \""
                        + name + "\" already exists, the server was not able to generate a unique name for the object");
            }
            Meta.mutableMetadata(stored).put("name", generateName(Meta.generateName(stored)));
        }
    }

    /** The outcome of an update: the object (served version) and whether it was created. */
    public record UpdateResult(ObjectNode object, boolean created) {
    }

    /**
     * Updates an object: reads the current state, applies {@code transform}, and writes with
     * compare-and-swap, retrying on a lost race; a resourceVersion the transform's result carries that is
     * not the current one is a failed precondition (409).
     *
     * @param subresource "" for the main resource, or a writable subresource ({@code status}, {@code binding})
     */
    public UpdateResult update(String namespace, String name, String subresource, ObjectTransform transform,
                               WriteOptions opts) {
        RestStrategy strategy = strategyFor(subresource);
        for (int attempt = 0; attempt < MAX_CAS_RETRIES; attempt++) {
            // 1. Current state, fresh from the store.
            String key = key(namespace, name);
            Optional<KeyValue> current = store.get(key);
            if (current.isEmpty()) {
                if (!subresource.isEmpty()) {
                    throw new ApiException.NotFound(groupResource(), name);
                }
                ObjectNode created = transform.apply(null);
                if (created == null || !strategy.allowCreateOnUpdate() && !(transform instanceof CreatingTransform)) {
                    throw new ApiException.NotFound(groupResource(), name);
                }
                checkName(created, name);
                return new UpdateResult(create(namespace, created, opts), true);
            }
            CachedObject old = ObjectDecoder.decode(current.get());
            ObjectNode oldStored = old.object();
            // 2. The new object in the served version, then defaulted and converted.
            ObjectNode desired = transform.apply(toServed(oldStored.deepCopy()));
            if (desired == null) {
                throw new ApiException.NotFound(groupResource(), name);
            }
            checkName(desired, name);
            checkNamespace(desired, namespace);
            String preconditionRv = Meta.resourceVersion(desired);
            if (!preconditionRv.isEmpty() && !preconditionRv.equals(Meta.resourceVersion(oldStored))) {
                throw conflict(name);
            }
            if (preconditionRv.isEmpty() && !strategy.allowUnconditionalUpdate()) {
                throw invalid(name, List.of(FieldError.invalid(dev.tugboat.api.errors.FieldPath.of("metadata",
                        "resourceVersion"), "", "must be specified for an update")));
            }
            strategy.applyDefaults(desired);
            ObjectNode updated = reg.converter().toStorage(desired);
            setTypeMeta(updated);
            Instant now = clock.instant();
            // 3. Field ownership, mutating admission.
            if (!opts.applied()) {
                updated = ownership.trackUpdate(oldStored, updated, opts.fieldManager(), opts.apiVersion(),
                        subresource, strategy.resetFields(), now);
            }
            AdmissionAttributes attrs = attributes(Operation.UPDATE, namespace, name, subresource, opts);
            admission.admit(attrs, updated, oldStored);
            // 4. BeforeUpdate: system metadata is the server's; the strategy carries over what this endpoint can't change.
            preserveSystemMetadata(updated, oldStored);
            strategy.prepareForUpdate(updated, oldStored);
            StorageHooks.Pending pending = subresource.isEmpty()
                    ? reg.hooks().beginUpdate(updated, oldStored, opts.dryRun()) : StorageHooks.Pending.NONE;
            WriteOutcome outcome;
            try {
                outcome = validateAndWrite(key, name, subresource, strategy, attrs, updated, oldStored,
                        current.get().modRevision(), opts.dryRun());
            } catch (RuntimeException e) {
                pending.abort();
                throw e;
            }
            if (outcome.written()) {
                pending.commit();
                if (outcome.deleted()) {
                    reg.hooks().afterDelete(updated);
                }
                return new UpdateResult(toServed(updated), false);
            }
            pending.abort();
            // Lost a race with another writer: read again and re-apply. A caller's precondition (a PUT's
            // resourceVersion, or one a patch sets) then fails the check above with a 409; a patch
            // without one applies to the fresh object, which carries the fresh resourceVersion.
        }
        throw new ApiException.Conflict(groupResource(), name, "too many concurrent updates, please retry");
    }

    /** Whether an update reached storage (false: lost a compare-and-swap race) and whether it deleted. */
    private record WriteOutcome(boolean written, boolean deleted) {
    }

    private WriteOutcome validateAndWrite(String key, String name, String subresource, RestStrategy strategy,
                                          AdmissionAttributes attrs, ObjectNode updated, ObjectNode oldStored,
                                          long modRevision, boolean dryRun) {
        List<FieldError> errors = strategy.validateUpdate(updated, oldStored);
        if (!errors.isEmpty()) {
            throw invalid(name, errors);
        }
        admission.validate(attrs, updated, oldStored);
        omitEmptyMetadataCollections(updated);
        // 5. Finalizers gone from an object being deleted: the update completes the deletion.
        boolean finishDeletion = Meta.isDeleting(updated) && Meta.finalizers(updated).isEmpty()
                && updated.path("metadata").path("deletionGracePeriodSeconds").asLong(0) == 0
                && !reg.strategy().deletionBlocked(updated);
        Meta.mutableMetadata(updated).put("resourceVersion", Meta.resourceVersion(oldStored));
        if (dryRun) {
            return new WriteOutcome(true, false);
        }
        if (finishDeletion) {
            WriteResult r = store.delete(key, modRevision);
            if (r instanceof WriteResult.Written w) {
                Meta.mutableMetadata(updated).put("resourceVersion", Long.toString(w.revision()));
                return new WriteOutcome(true, true);
            }
            return new WriteOutcome(false, false);
        }
        // 6. No change: no write, same resourceVersion (as upstream). Compared by value: a number the
        //    server set (a long) must equal the same number decoded from storage (a big integer).
        if (JsonValues.equal(updated, oldStored)) {
            return new WriteOutcome(true, false);
        }
        WriteResult r = store.update(key, storageBytes(updated), modRevision);
        if (r instanceof WriteResult.Written w) {
            Meta.mutableMetadata(updated).put("resourceVersion", Long.toString(w.revision()));
            return new WriteOutcome(true, false);
        }
        return new WriteOutcome(false, false);
    }

    /** Marker for transforms that may create a missing object (server-side apply). */
    public interface CreatingTransform extends ObjectTransform {
    }

    private RestStrategy strategyFor(String subresource) {
        if (subresource.isEmpty()) {
            return reg.strategy();
        }
        RestStrategy sub = reg.subresourceStrategies().get(subresource);
        if (sub != null) {
            return sub;
        }
        throw new ApiException.NotFound("the server could not find the requested resource");
    }

    private static void checkName(ObjectNode obj, String urlName) {
        String bodyName = Meta.name(obj);
        if (bodyName.isEmpty()) {
            Meta.mutableMetadata(obj).put("name", urlName);
        } else if (!bodyName.equals(urlName)) {
            throw new ApiException.BadRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + urlName + ")");
        }
    }

    /**
     * A namespace in an updated object must be the URL's (upstream's
     * EnsureObjectNamespaceMatchesRequestNamespace); otherwise the update would silently keep the
     * old namespace while the client believes it moved the object.
     */
    private void checkNamespace(ObjectNode obj, String urlNamespace) {
        String bodyNs = Meta.namespace(obj);
        if (reg.namespaced() && !bodyNs.isEmpty() && !bodyNs.equals(urlNamespace)) {
            throw new ApiException.BadRequest(
                    "the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    /** The metadata fields no update can change (upstream's BeforeUpdate). */
    private void preserveSystemMetadata(ObjectNode updated, ObjectNode old) {
        ObjectNode meta = Meta.mutableMetadata(updated);
        JsonNode oldMeta = old.path("metadata");
        for (String f : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                "generation", "namespace", "name")) {
            if (oldMeta.has(f)) {
                meta.set(f, oldMeta.get(f).deepCopy());
            } else {
                meta.remove(f);
            }
        }
        meta.remove("selfLink");
        // A finalizer cannot be added once deletion started.
        if (Meta.isDeleting(old)) {
            Set<String> before = new LinkedHashSet<>(Meta.finalizers(old));
            List<String> added = Meta.finalizers(updated).stream().filter(f -> !before.contains(f)).toList();
            if (!added.isEmpty()) {
                throw invalid(Meta.name(old), List.of(FieldError.forbidden(
                        dev.tugboat.api.errors.FieldPath.of("metadata", "finalizers"),
                        "no new finalizers can be added if the object is being deleted, found new finalizers "
                                + goStringSlice(added))));
            }
        }
    }

    private static String goStringSlice(List<String> values) {
        StringBuilder sb = new StringBuilder("[]string{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dev.tugboat.api.errors.GoValues.quote(values.get(i)));
        }
        return sb.append('}').toString();
    }

    /** The outcome of a delete: the last state (served version) and whether it is gone already. */
    public record DeleteResult(ObjectNode object, boolean deleted) {
    }

    /**
     * Deletes an object, honouring preconditions, graceful deletion and finalizers (including the
     * garbage collector's orphan and foregroundDeletion finalizers chosen by the propagation policy).
     */
    public DeleteResult delete(String namespace, String name, DeleteOptions opts, UserInfo user) {
        String key = key(namespace, name);
        for (int attempt = 0; attempt < MAX_CAS_RETRIES; attempt++) {
            // 1. Current state and preconditions.
            Optional<KeyValue> current = store.get(key);
            if (current.isEmpty()) {
                throw new ApiException.NotFound(groupResource(), name);
            }
            CachedObject cached = ObjectDecoder.decode(current.get());
            ObjectNode obj = cached.object();
            checkPreconditions(obj, name, opts);
            AdmissionAttributes attrs = new AdmissionAttributes(Operation.DELETE, reg.kind(),
                    reg.resource().gvr(), "", namespace, name, user, opts.dryRun());
            admission.validate(attrs, null, obj);
            // 2. Finalizers from the propagation policy, and the grace period.
            ObjectNode updated = obj.deepCopy();
            boolean finalizersChanged = applyPropagationPolicy(updated, opts.propagationPolicy());
            OptionalLong grace = reg.strategy().gracePeriod(obj, opts.gracePeriodSeconds());
            boolean hasFinalizers = !Meta.finalizers(updated).isEmpty() || reg.strategy().deletionBlocked(updated);
            boolean graceful = grace.isPresent() && grace.getAsLong() > 0;
            if (!hasFinalizers && !graceful) {
                // 3a. Immediate deletion.
                if (opts.dryRun()) {
                    return new DeleteResult(toServed(obj), true);
                }
                WriteResult r = store.delete(key, current.get().modRevision());
                if (r instanceof WriteResult.Written w) {
                    reg.hooks().afterDelete(obj);
                    ObjectNode gone = obj.deepCopy();
                    Meta.mutableMetadata(gone).put("resourceVersion", Long.toString(w.revision()));
                    return new DeleteResult(toServed(gone), true);
                }
                continue;
            }
            // 3b. Pending deletion: mark it and let finalizers or the grace period run out.
            ObjectNode meta = Meta.mutableMetadata(updated);
            Instant now = clock.instant();
            if (!Meta.isDeleting(obj)) {
                reg.strategy().prepareForDeletion(updated);
                long g = graceful ? grace.getAsLong() : 0;
                meta.put("deletionTimestamp", Timestamps.format(now.plusSeconds(g)));
                meta.put("deletionGracePeriodSeconds", g);
            } else if (graceful && grace.getAsLong() < obj.path("metadata").path("deletionGracePeriodSeconds").asLong()) {
                // A shorter grace period may replace a longer one.
                meta.put("deletionTimestamp", Timestamps.format(now.plusSeconds(grace.getAsLong())));
                meta.put("deletionGracePeriodSeconds", grace.getAsLong());
            } else if (!finalizersChanged) {
                return new DeleteResult(toServed(obj), false);
            }
            meta.put("resourceVersion", Meta.resourceVersion(obj));
            if (opts.dryRun()) {
                return new DeleteResult(toServed(updated), false);
            }
            meta.remove("resourceVersion");
            WriteResult r = store.update(key, storageBytes(updated), current.get().modRevision());
            if (r instanceof WriteResult.Written w) {
                meta.put("resourceVersion", Long.toString(w.revision()));
                return new DeleteResult(toServed(updated), false);
            }
        }
        throw new ApiException.Conflict(groupResource(), name, "too many concurrent updates, please retry");
    }

    private void checkPreconditions(ObjectNode obj, String name, DeleteOptions opts) {
        if (opts.preconditionUid() != null && !opts.preconditionUid().equals(Meta.uid(obj))) {
            throw new ApiException.Conflict(groupResource(), name, "Precondition failed: UID in precondition: "
                    + opts.preconditionUid() + ", UID in object meta: " + Meta.uid(obj));
        }
        if (opts.preconditionResourceVersion() != null
                && !opts.preconditionResourceVersion().equals(Meta.resourceVersion(obj))) {
            throw new ApiException.Conflict(groupResource(), name,
                    "Precondition failed: ResourceVersion in precondition: " + opts.preconditionResourceVersion()
                            + ", ResourceVersion in object meta: " + Meta.resourceVersion(obj));
        }
    }

    /**
     * Orphan adds the {@code orphan} finalizer, Foreground {@code foregroundDeletion}, Background neither
     * (the garbage collector deletes dependents afterwards). Returns whether the finalizers changed.
     */
    private static boolean applyPropagationPolicy(ObjectNode obj, String policy) {
        if (policy == null || policy.isEmpty()) {
            return false;
        }
        List<String> before = Meta.finalizers(obj);
        Set<String> after = new LinkedHashSet<>(before);
        switch (policy) {
            case "Orphan" -> {
                after.remove("foregroundDeletion");
                after.add("orphan");
            }
            case "Foreground" -> {
                after.remove("orphan");
                after.add("foregroundDeletion");
            }
            case "Background" -> {
                after.remove("orphan");
                after.remove("foregroundDeletion");
            }
            default -> throw new ApiException.BadRequest("propagationPolicy: Unsupported value: \"" + policy
                    + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        }
        if (after.equals(new LinkedHashSet<>(before)) && after.size() == before.size()) {
            return false;
        }
        ArrayNode arr = Meta.mutableMetadata(obj).putArray("finalizers");
        after.forEach(arr::add);
        if (after.isEmpty()) {
            Meta.mutableMetadata(obj).remove("finalizers");
        }
        return true;
    }

    // ---------------------------------------------------------------- helpers

    private AdmissionAttributes attributes(Operation op, String namespace, String name, String subresource,
                                           WriteOptions opts) {
        return new AdmissionAttributes(op, reg.kind(), reg.resource().gvr(), subresource, namespace, name,
                opts.user(), opts.dryRun());
    }

    private void setTypeMeta(ObjectNode stored) {
        // apiVersion, kind and metadata first, as upstream serializes them (the watch cache relies on
        // metadata coming early to splice in resourceVersion cheaply).
        ObjectNode copy = Json.object();
        copy.put("apiVersion", reg.storageKind().apiVersion());
        copy.put("kind", reg.storageKind().kind());
        stored.remove("apiVersion");
        stored.remove("kind");
        JsonNode meta = stored.remove("metadata");
        copy.set("metadata", meta == null ? Json.object() : meta);
        copy.setAll(stored);
        stored.removeAll();
        stored.setAll(copy);
    }

    /**
     * ObjectMeta's maps and lists are {@code omitempty} in Go, so upstream never stores or serves an empty
     * (or null) one: removing the last label leaves no {@code labels} field, not {@code labels: {}}.
     */
    private static void omitEmptyMetadataCollections(ObjectNode obj) {
        ObjectNode meta = Meta.mutableMetadata(obj);
        for (String field : List.of("labels", "annotations", "finalizers", "ownerReferences", "managedFields")) {
            JsonNode v = meta.get(field);
            if (v != null && (v.isNull() || v.isContainerNode() && v.isEmpty())) {
                meta.remove(field);
            }
        }
    }

    /** Stored bytes never carry a resourceVersion: the revision is the key's mod revision. */
    private static byte[] storageBytes(ObjectNode obj) {
        ObjectNode meta = Meta.mutableMetadata(obj);
        JsonNode rv = meta.remove("resourceVersion");
        byte[] bytes = Json.bytes(obj);
        if (rv != null) {
            meta.set("resourceVersion", rv);
        }
        return bytes;
    }

    private String generateName(String base) {
        String prefix = base.length() > 58 ? base.substring(0, 58) : base;
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 5; i++) {
            sb.append(NAME_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(NAME_ALPHABET.length())));
        }
        return sb.toString();
    }

    private ApiException invalid(String name, List<FieldError> errors) {
        return new ApiException.Invalid(reg.kind().group(), reg.kind().kind(), name, errors);
    }

    private ApiException conflict(String name) {
        return new ApiException.Conflict(groupResource(), name, ApiException.Conflict.MODIFIED);
    }
}
